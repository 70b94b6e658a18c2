"""A purchasing group's accounts, open to every member: rounds, bulk orders, fund, payments and balance.

Another member's bill lines stay private: the view has totals only, and the balance of each member
is shown to coordinators alone; every member sees their own balance beside the group's. Amounts are
read from the allocations (what the bills say) and the ledger (what was charged, corrected and paid);
a round's currency is its offers'.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from market.enums import GroupMemberStatus, GroupRole, LedgerAccount, LedgerKind, RoundStatus
from market.errors import Forbidden, NotFound
from market.models import GroupMember, LedgerEntry, OrderRound, PurchasingGroup, RoundAllocation, RoundOffer
from market.orm import Row
from market.services.groups.rounds.settlement import PaymentView
from market.services.groups.rounds.views import is_coordinator


@dataclass(frozen=True)
class OrganizationTotals:
    """One organization's bulk order in a round: owed to the producer, paid by members, gone to the fund."""

    organization_id: int
    organization_name: str
    producer_total: Decimal
    members_total: Decimal
    fund_total: Decimal


@dataclass(frozen=True)
class RoundAccount:
    round_id: int
    round_number: int
    status: RoundStatus
    closed_at: datetime | None
    currency: str
    members_total: Decimal  # Σ of the bills
    producer_total: Decimal
    fund_total: Decimal
    bulk_orders: tuple[OrganizationTotals, ...]
    fund_contributions: Decimal  # Σ of the ledger's fund entries, corrections included: equals fund_total


@dataclass(frozen=True)
class Balance:
    currency: str
    amount: Decimal  # payments − bills: negative while members owe


@dataclass(frozen=True)
class MemberBalance:
    member_id: int
    person_id: int
    name: str
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class GroupAccounts:
    group_id: int
    viewer_is_coordinator: bool
    rounds: tuple[RoundAccount, ...]  # closed and settled rounds, oldest first
    payments: tuple[PaymentView, ...]  # oldest first
    balances: tuple[Balance, ...]  # the group's, one per currency
    member_balances: tuple[MemberBalance, ...] | None  # coordinators only
    own_balances: tuple[Balance, ...] = ()  # the viewer's own, one per currency they were charged or paid in


async def get_group_accounts(group_id: int, *, viewer_person_id: int) -> GroupAccounts:
    """The group's accounts as any active member sees them, with their own balance (what they owe or are owed);
    coordinators also see each member's balance."""
    if not await PurchasingGroup.exists(id=group_id):
        raise NotFound("group_not_found")
    viewer = await GroupMember.filter(
        group_id=group_id, person_id=viewer_person_id, status=GroupMemberStatus.ACTIVE
    ).first().values("id", "role")
    if viewer is None:
        raise Forbidden("not_a_group_member")
    coordinator = GroupRole(viewer["role"]) == GroupRole.COORDINATOR
    entries = await LedgerEntry.filter(group_id=group_id).order_by("created_at", "id").values(
        "id", "account", "kind", "member_id", "member__person_id", "member__person__name", "round_id", "amount",
        "currency", "memo", "recorded_by__name", "created_at",
    )
    return GroupAccounts(
        group_id, coordinator, await _rounds(group_id, entries), _payments(entries), _balances(entries),
        _member_balances(entries) if coordinator else None,
        _balances([e for e in entries if e["member_id"] == viewer["id"]]),
    )


async def _rounds(group_id: int, entries: list[Row]) -> tuple[RoundAccount, ...]:
    rounds = await OrderRound.filter(
        group_id=group_id, status__in=(RoundStatus.CLOSED, RoundStatus.SETTLED)
    ).order_by("closed_at", "id").values("id", "number", "status", "closed_at")
    ids = [r["id"] for r in rounds]
    if not ids:
        return ()
    currencies = dict(await RoundOffer.filter(round_id__in=ids).values_list("round_id", "currency"))
    allocations = await RoundAllocation.filter(round_offer__round_id__in=ids).values(
        "round_offer__round_id", "round_offer__offer__product__organization_id",
        "round_offer__offer__product__organization__name", "amount", "fund_amount",
    )
    # Summed here, not in SQL: SQLite keeps decimals as text and would sum them as floats.
    totals: dict[int, dict[tuple[int, str], list[Decimal]]] = defaultdict(dict)
    for a in allocations:
        key = (a["round_offer__offer__product__organization_id"], a["round_offer__offer__product__organization__name"])
        sums = totals[a["round_offer__round_id"]].setdefault(key, [Decimal(0), Decimal(0)])
        sums[0] += Decimal(a["amount"])
        sums[1] += Decimal(a["fund_amount"])
    fund: defaultdict[int, Decimal] = defaultdict(Decimal)
    for e in entries:
        if e["account"] == LedgerAccount.SOLIDARITY_FUND and e["round_id"] is not None:
            fund[e["round_id"]] += Decimal(e["amount"])
    result = []
    for r in rounds:
        orgs = tuple(
            OrganizationTotals(org_id, name, members - funds, members, funds)
            for (org_id, name), (members, funds) in sorted(totals[r["id"]].items())
            if members
        )
        result.append(RoundAccount(
            r["id"], r["number"], RoundStatus(r["status"]), r["closed_at"], currencies.get(r["id"], ""),
            sum((o.members_total for o in orgs), Decimal(0)), sum((o.producer_total for o in orgs), Decimal(0)),
            sum((o.fund_total for o in orgs), Decimal(0)), orgs, fund[r["id"]],
        ))
    return tuple(result)


def _payments(entries: list[Row]) -> tuple[PaymentView, ...]:
    return tuple(
        PaymentView(e["id"], e["round_id"], e["member_id"], e["member__person__name"], Decimal(e["amount"]),
                    e["currency"], e["recorded_by__name"] or "", e["created_at"], e["memo"])
        for e in entries
        if e["account"] == LedgerAccount.MEMBER and e["kind"] == LedgerKind.PAYMENT
    )


def _balances(entries: list[Row]) -> tuple[Balance, ...]:
    sums: defaultdict[str, Decimal] = defaultdict(Decimal)
    for e in entries:
        if e["account"] == LedgerAccount.MEMBER:
            sums[e["currency"]] += Decimal(e["amount"])
    return tuple(Balance(c, a) for c, a in sorted(sums.items()))


def _member_balances(entries: list[Row]) -> tuple[MemberBalance, ...]:
    sums: dict[tuple[int, int, str, str], Decimal] = defaultdict(Decimal)
    for e in entries:
        if e["account"] == LedgerAccount.MEMBER:
            key = (e["member_id"], e["member__person_id"], e["member__person__name"], e["currency"])
            sums[key] += Decimal(e["amount"])
    return tuple(
        MemberBalance(m, p, name, c, a) for (m, p, name, c), a in sorted(sums.items(), key=lambda i: (i[0][2], i[0][0]))
    )


@dataclass(frozen=True)
class MemberEntry:
    """One movement on a member's account: a bill (charge), a correction, a payment."""

    id: int
    member_id: int
    person_id: int
    name: str
    kind: LedgerKind
    round_number: int | None
    amount: Decimal  # signed from the member's account: a bill is negative, a payment positive
    currency: str
    memo: str
    recorded_by_name: str
    created_at: datetime


async def member_entries(group_id: int, *, by_person_id: int) -> tuple[MemberEntry, ...]:
    """Every member's entries, by member then oldest first: to the group's coordinators (its treasurers) alone."""
    if not await PurchasingGroup.exists(id=group_id):
        raise NotFound("group_not_found")
    if not await is_coordinator(group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    rows = await LedgerEntry.filter(group_id=group_id, account=LedgerAccount.MEMBER).order_by("created_at", "id").values(
        "id", "kind", "member_id", "member__person_id", "member__person__name", "round__number", "amount", "currency",
        "memo", "recorded_by__name", "created_at",
    )
    entries = [
        MemberEntry(r["id"], r["member_id"], r["member__person_id"], r["member__person__name"], LedgerKind(r["kind"]),
                    r["round__number"], Decimal(r["amount"]), r["currency"], r["memo"], r["recorded_by__name"] or "",
                    r["created_at"])
        for r in rows
    ]
    return tuple(sorted(entries, key=lambda e: (e.name, e.member_id)))
