"""A fund read: what every member sees (borrowers named), and the public sums (no names)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from market import clock
from market.enums import (
    FundUseKind,
    GroupMemberStatus,
    GroupRole,
    LedgerAccount,
    LedgerKind,
    MemberRole,
    MembershipStatus,
)
from market.errors import Forbidden, NotFound
from market.models import FundInstallment, FundUse, GroupMember, LedgerEntry, Member, Organization, PurchasingGroup
from market.orm import Row, value_of
from market.rules.funds import Installment, Overdue, overdue


@dataclass(frozen=True)
class Fund:
    """Whose fund: an organization's or a purchasing group's (exactly one of the two)."""

    organization_id: int | None = None
    group_id: int | None = None

    def entries(self) -> Q:
        if self.organization_id is not None:
            return Q(account=LedgerAccount.SOLIDARITY_FUND, organization_id=self.organization_id)
        return Q(account=LedgerAccount.SOLIDARITY_FUND, group_id=self.group_id, organization_id__isnull=True)

    def uses(self) -> Q:
        if self.organization_id is not None:
            return Q(organization_id=self.organization_id)
        return Q(group_id=self.group_id)


@dataclass(frozen=True)
class MonthSum:
    year: int
    month: int
    amount: Decimal


@dataclass(frozen=True)
class Repayment:
    entry_id: int
    amount: Decimal
    at: datetime


@dataclass(frozen=True)
class LoanState:
    installments: tuple[Installment, ...]
    repaid: Decimal  # repayments less those taken back
    left: Decimal
    overdue: tuple[Overdue, ...]  # oldest first
    last_repayment: Repayment | None  # the newest not taken back: an admin may take it back (a mistake)


@dataclass(frozen=True)
class UseView:
    id: int
    kind: FundUseKind
    amount: Decimal
    currency: str
    purpose: str
    decided_on: date
    decision: str
    borrower_id: int | None  # the Member (or GroupMember) who borrowed
    borrower_name: str | None
    loan: LoanState | None


@dataclass(frozen=True)
class Contribution:
    """Money a coordinator put into a group's own fund: what it is and the day it came in."""

    amount: Decimal
    what: str
    day: date


@dataclass(frozen=True)
class FundView:
    fund: Fund
    name: str  # the organization's or the group's
    currency: str  # the owner's territory's
    balance: Decimal
    contributed: Decimal
    months: tuple[MonthSum, ...]  # contributions by month in the owner's time zone, oldest first
    uses: tuple[UseView, ...]  # newest decision first
    can_record: bool  # an admin of the organization, a coordinator of the group
    contributions: tuple[Contribution, ...] = ()  # a group's, put in by its coordinators: newest first
    country_code: str | None = None  # the owner's territory's: how its money is written (Bs, R$)


@dataclass(frozen=True)
class FundSummary:
    currency: str
    balance: Decimal
    contributed: Decimal
    used: tuple[tuple[FundUseKind, Decimal], ...]  # grants, investments, loans: each kind with money used
    loans_outstanding: int
    outstanding: Decimal


async def _owner_row(fund: Fund) -> Row:
    """The owner's name and its territory's currency, time zone and country; NotFound when there is none."""
    fields = ("name", "territory__currency", "territory__time_zone", "territory__country_code")
    if fund.organization_id is not None:
        row = await Organization.filter(id=fund.organization_id).first().values(*fields)
        if row is None:
            raise NotFound("organization_not_found")
    else:
        row = await PurchasingGroup.filter(id=fund.group_id).first().values(*fields)
        if row is None:
            raise NotFound("group_not_found")
    return row


async def owner(fund: Fund) -> tuple[str, str, str]:
    """The owner's name, currency and time zone; NotFound when there is no such organization or group."""
    row = await _owner_row(fund)
    return row["name"], row["territory__currency"], row["territory__time_zone"]


async def role_in(fund: Fund, person_id: int) -> str | None:
    """"recorder" for an admin or a coordinator, "member" for another member, None for anyone else."""
    if fund.organization_id is not None:
        role = await value_of(Member.filter(organization_id=fund.organization_id, person_id=person_id,
                                            status=MembershipStatus.APPROVED).first(), "role", str)
        return None if role is None else "recorder" if role == MemberRole.ADMIN else "member"
    role = await value_of(GroupMember.filter(group_id=fund.group_id, person_id=person_id,
                                             status=GroupMemberStatus.ACTIVE).first(), "role", str)
    return None if role is None else "recorder" if role == GroupRole.COORDINATOR else "member"


async def get_fund(fund: Fund, *, viewer_person_id: int) -> FundView:
    """The fund as its members see it: Forbidden for anyone else (loans name their borrowers)."""
    row = await _owner_row(fund)
    name, currency, time_zone = row["name"], row["territory__currency"], row["territory__time_zone"]
    role = await role_in(fund, viewer_person_id)
    if role is None:
        raise Forbidden("not_a_member" if fund.organization_id is not None else "not_a_group_member",
                        **({"organization_id": fund.organization_id} if fund.organization_id is not None else {}))
    entries = await _entries(fund)
    months: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
    zone = ZoneInfo(time_zone)
    for e in entries:
        if _is_contribution(e) and e["currency"] == currency:
            local = e["created_at"].astimezone(zone)
            months[(local.year, local.month)] += Decimal(e["amount"])
    return FundView(
        fund, name, currency, balance_of(entries, currency), sum(months.values(), Decimal(0)),
        tuple(MonthSum(y, m, a) for (y, m), a in sorted(months.items())),
        await _uses(fund, entries, clock.today(time_zone)), role == "recorder",
        tuple(Contribution(Decimal(e["amount"]), e["memo"], e["created_at"].astimezone(zone).date())
              for e in reversed(entries) if e["kind"] == LedgerKind.FUND_CONTRIBUTION and fund.group_id is not None
              and fund.organization_id is None and e["currency"] == currency),
        row["territory__country_code"],
    )


async def fund_summary(organization_id: int) -> FundSummary:
    """An organization's fund summed for the public page: nobody's name, no purpose."""
    fund = Fund(organization_id=organization_id)
    row = await Organization.filter(id=organization_id).first().values("territory__currency", "territory__time_zone")
    if row is None:
        raise NotFound("organization_not_found")
    currency, time_zone = row["territory__currency"], row["territory__time_zone"]
    entries = [e for e in await _entries(fund) if e["currency"] == currency]
    uses = [u for u in await _uses(fund, entries, clock.today(time_zone)) if u.currency == currency]
    used: defaultdict[FundUseKind, Decimal] = defaultdict(Decimal)
    for u in uses:
        used[u.kind] += u.amount
    loans = [u.loan for u in uses if u.loan is not None and u.loan.left > 0]
    return FundSummary(
        currency, balance_of(entries, currency),
        sum((Decimal(e["amount"]) for e in entries if _is_contribution(e)), Decimal(0)),
        tuple((kind, used[kind]) for kind in FundUseKind if used[kind]),
        len(loans), sum((loan.left for loan in loans), Decimal(0)),
    )


def balance_of(entries: list[Row], currency: str) -> Decimal:
    # Summed here, not in SQL: SQLite keeps decimals as text and would sum them as floats.
    return sum((Decimal(e["amount"]) for e in entries if e["currency"] == currency), Decimal(0))


async def _entries(fund: Fund) -> list[Row]:
    return await LedgerEntry.filter(fund.entries()).order_by("created_at", "id").values(
        "id", "kind", "amount", "currency", "created_at", "fund_use_id", "corrects_id", "memo")


def _is_contribution(entry: Row) -> bool:
    # A round's arrivals correct its contributions; a correction of a use (none yet) would carry the use.
    return entry["fund_use_id"] is None and entry["kind"] in (LedgerKind.FUND_CONTRIBUTION, LedgerKind.CORRECTION)


async def _uses(fund: Fund, entries: list[Row], today: date) -> tuple[UseView, ...]:
    uses = await FundUse.filter(fund.uses()).order_by("-decided_on", "-id").values(
        "id", "kind", "amount", "currency", "purpose", "decided_on", "decision", "borrower_id",
        "borrower__person__name", "group_borrower_id", "group_borrower__person__name")
    # Repayments, and the corrections that took one back (they carry the loan too).
    repaid: defaultdict[int, Decimal] = defaultdict(Decimal)
    taken_back = {e["corrects_id"] for e in entries if e["kind"] == LedgerKind.CORRECTION}
    last: dict[int, Repayment] = {}
    for e in entries:
        if e["fund_use_id"] is not None and e["kind"] in (LedgerKind.LOAN_REPAYMENT, LedgerKind.CORRECTION):
            repaid[e["fund_use_id"]] += Decimal(e["amount"])
        newer = e["fund_use_id"] not in last or last[e["fund_use_id"]].entry_id < e["id"]  # appended last
        if e["kind"] == LedgerKind.LOAN_REPAYMENT and e["id"] not in taken_back and newer:
            last[e["fund_use_id"]] = Repayment(e["id"], Decimal(e["amount"]), e["created_at"])
    installments: defaultdict[int, list[Installment]] = defaultdict(list)
    for use_id, due_on, amount in await FundInstallment.filter(use_id__in=[u["id"] for u in uses]).order_by(
            "due_on").values_list("use_id", "due_on", "amount"):
        installments[use_id].append(Installment(due_on, Decimal(amount)))
    result = []
    for u in uses:
        kind, amount = FundUseKind(u["kind"]), Decimal(u["amount"])
        loan = None
        if kind == FundUseKind.LOAN:
            plan = tuple(installments[u["id"]])
            back = repaid[u["id"]]
            loan = LoanState(plan, back, amount - back, overdue(plan, back, today), last.get(u["id"]))
        borrower_id = u["borrower_id"] if u["borrower_id"] is not None else u["group_borrower_id"]
        borrower_name = u["borrower__person__name"] or u["group_borrower__person__name"]
        result.append(UseView(u["id"], kind, amount, u["currency"], u["purpose"], u["decided_on"], u["decision"],
                              borrower_id, borrower_name, loan))
    return tuple(result)


async def my_funds(person_id: int) -> tuple[tuple[Fund, str], ...]:
    """The funds a person may see: their organizations' (approved members) and their groups' (active members)."""
    organizations = await Member.filter(person_id=person_id, status=MembershipStatus.APPROVED).order_by(
        "organization__name").values_list("organization_id", "organization__name")
    groups = await GroupMember.filter(person_id=person_id, status=GroupMemberStatus.ACTIVE).order_by(
        "group__name").values_list("group_id", "group__name")
    return (tuple((Fund(organization_id=i), name) for i, name in organizations)
            + tuple((Fund(group_id=i), name) for i, name in groups))


async def borrowers(fund: Fund, *, by_person_id: int) -> tuple[tuple[int, str], ...]:
    """Whom a loan may go to, for the fund's admins or coordinators: (member id, name), by name."""
    await owner(fund)
    if await role_in(fund, by_person_id) != "recorder":
        raise Forbidden("not_an_admin" if fund.organization_id is not None else "not_a_coordinator")
    if fund.organization_id is not None:
        rows = await Member.filter(organization_id=fund.organization_id, status=MembershipStatus.APPROVED,
                                   person__forgotten_at__isnull=True).order_by("person__name", "id").values_list(
            "id", "person__name")
    else:
        rows = await GroupMember.filter(group_id=fund.group_id, status=GroupMemberStatus.ACTIVE,
                                        person__forgotten_at__isnull=True).order_by("person__name", "id").values_list(
            "id", "person__name")
    return tuple((i, name) for i, name in rows)


async def get_use(use_id: int, *, viewer_person_id: int) -> tuple[FundView, UseView]:
    """One use (a loan being repaid) with its fund, as its members see it."""
    row = await FundUse.filter(id=use_id).first().values("organization_id", "group_id")
    if row is None:
        raise NotFound("fund_use_not_found")
    view = await get_fund(Fund(row["organization_id"], row["group_id"]), viewer_person_id=viewer_person_id)
    return view, next(u for u in view.uses if u.id == use_id)
