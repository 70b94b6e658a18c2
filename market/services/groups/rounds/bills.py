"""Read side of a closed order round: member bills, bulk orders per organization, packs that did not fill."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from market.aggregation import OrderRow, missing_to_complete
from market.enums import RoundStatus
from market.errors import Conflict, Forbidden, NotFound
from market.models import GroupMember, MemberOrderRow, OrderRound, RoundAllocation, RoundOffer
from market.orm import value_of
from market.services.groups.rounds.views import OFFER_FIELDS, RoundOfferView, is_coordinator, round_offer_view


@dataclass(frozen=True)
class BillLine:
    round_offer_id: int
    product_name: str
    units: int  # allocated order units (quantity + tolerance)
    from_tolerance: int
    member_price: Decimal
    amount: Decimal
    fund_amount: Decimal


@dataclass(frozen=True)
class MemberBill:
    member_id: int
    person_id: int
    currency: str
    lines: tuple[BillLine, ...]
    total: Decimal
    fund_total: Decimal


@dataclass(frozen=True)
class BulkLine:
    round_offer_id: int
    product_name: str
    pack_size: int
    packs: int
    units: int
    producer_price: Decimal  # per order unit
    producer_amount: Decimal
    members_amount: Decimal  # Σ of the members' line amounts
    fund_amount: Decimal


@dataclass(frozen=True)
class BulkOrder:
    """What one organization delivers to the group: whole packs, and what it is owed."""

    organization_id: int
    currency: str
    lines: tuple[BulkLine, ...]
    producer_total: Decimal
    members_total: Decimal
    fund_total: Decimal


@dataclass(frozen=True)
class UnfilledPack:
    """A pack the members' quantities and tolerances did not complete: nobody gets its units."""

    round_offer_id: int
    product_name: str
    pack_size: int
    quantity: int
    tolerance: int
    missing: int
    short_member_ids: tuple[int, ...]  # members who got less than their quantity


@dataclass(frozen=True)
class CloseResult:
    round_id: int
    closed_now: bool  # False when another caller (coordinator or timer) had closed it
    bulk_orders: tuple[BulkOrder, ...]
    bills: tuple[MemberBill, ...]
    unfilled: tuple[UnfilledPack, ...]


async def get_member_bill(round_id: int, person_id: int) -> MemberBill:
    """A member's bill of a closed round (a member who got nothing has an empty bill)."""
    member_id = await value_of(GroupMember.filter(group__rounds__id=round_id, person_id=person_id).first(), "id", int)
    if member_id is None:
        raise Forbidden("not_a_group_member")
    await _closed(round_id)
    offers = await _offers(round_id)
    currency = next(iter(offers.values())).currency if offers else ""
    bills = await _bills(round_id, offers, member_id=member_id)
    return bills[0] if bills else MemberBill(member_id, person_id, currency, (), Decimal(0), Decimal(0))


async def get_bulk_orders(round_id: int, *, viewer_person_id: int | None = None) -> tuple[BulkOrder, ...]:
    """What each organization delivers to the group of a closed round, and what it is owed.

    A person asking (`viewer_person_id`) must coordinate the round's group; None is the system's own
    reading (the notices that send each organization its bulk order).
    """
    if viewer_person_id is not None:
        group_id = await value_of(OrderRound.filter(id=round_id).first(), "group_id", int)
        if group_id is None:
            raise NotFound("round_not_found")
        if not await is_coordinator(group_id, viewer_person_id):
            raise Forbidden("not_a_coordinator")
    await _closed(round_id)
    offers = await _offers(round_id)
    return _bulk_orders(offers, await _bills(round_id, offers))


async def round_result(round_id: int, closed_now: bool) -> CloseResult:
    offers = await _offers(round_id)
    bills = await _bills(round_id, offers)
    rows_by_offer = await order_rows(round_id)
    allocated = {(line.round_offer_id, b.member_id): line.units - line.from_tolerance for b in bills for line in b.lines}
    unfilled = []
    for offer in offers.values():
        rows = rows_by_offer.get(offer.id, [])
        q, t = sum(r.quantity for r in rows), sum(r.tolerance for r in rows)
        missing = missing_to_complete(offer.pack_size, q, t)
        if missing:
            ordered: defaultdict[int, int] = defaultdict(int)
            for r in rows:
                ordered[r.member] += r.quantity
            shorts = tuple(sorted(m for m, n in ordered.items() if allocated.get((offer.id, m), 0) < n))
            unfilled.append(UnfilledPack(offer.id, offer.product_name, offer.pack_size, q, t, missing, shorts))
    return CloseResult(round_id, closed_now, _bulk_orders(offers, bills), bills, tuple(unfilled))


async def order_rows(round_id: int) -> dict[int, list[OrderRow[int]]]:
    rows = await MemberOrderRow.filter(round_offer__round_id=round_id).order_by("at", "id").values(
        "round_offer_id", "member_id", "quantity", "tolerance", "at"
    )
    by_offer: dict[int, list[OrderRow[int]]] = defaultdict(list)
    for r in rows:
        by_offer[r["round_offer_id"]].append(OrderRow(r["member_id"], r["quantity"], r["tolerance"], r["at"]))
    return by_offer


async def _closed(round_id: int) -> None:
    status = await value_of(OrderRound.filter(id=round_id).first(), "status", RoundStatus)
    if status is None:
        raise NotFound("round_not_found")
    if status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        raise Conflict("round_not_closed", status=str(status))


async def _offers(round_id: int) -> dict[int, RoundOfferView]:
    rows = await RoundOffer.filter(round_id=round_id).order_by("id").values(*OFFER_FIELDS)
    return {o["id"]: round_offer_view(o) for o in rows}


async def _bills(round_id: int, offers: dict[int, RoundOfferView], member_id: int | None = None) -> tuple[MemberBill, ...]:
    query = RoundAllocation.filter(round_offer__round_id=round_id)
    if member_id is not None:
        query = query.filter(member_id=member_id)
    rows = await query.order_by("member_id", "round_offer_id").values(
        "round_offer_id", "member_id", "member__person_id", "quantity", "tolerance", "amount", "fund_amount"
    )
    lines: dict[tuple[int, int], list[BillLine]] = defaultdict(list)
    for r in rows:
        if r["quantity"] + r["tolerance"] == 0:
            continue
        offer = offers[r["round_offer_id"]]
        lines[r["member_id"], r["member__person_id"]].append(BillLine(
            offer.id, offer.product_name, r["quantity"] + r["tolerance"], r["tolerance"], offer.member_price,
            Decimal(r["amount"]), Decimal(r["fund_amount"]),
        ))
    currency = next(iter(offers.values())).currency if offers else ""
    return tuple(
        MemberBill(m, p, currency, tuple(ls), sum((line.amount for line in ls), Decimal(0)),
                   sum((line.fund_amount for line in ls), Decimal(0)))
        for (m, p), ls in lines.items()
    )


def _bulk_orders(offers: dict[int, RoundOfferView], bills: tuple[MemberBill, ...]) -> tuple[BulkOrder, ...]:
    units: defaultdict[int, int] = defaultdict(int)
    amounts: defaultdict[int, Decimal] = defaultdict(Decimal)
    funds: defaultdict[int, Decimal] = defaultdict(Decimal)
    for bill in bills:
        for line in bill.lines:
            units[line.round_offer_id] += line.units
            amounts[line.round_offer_id] += line.amount
            funds[line.round_offer_id] += line.fund_amount
    by_org: dict[int, list[BulkLine]] = defaultdict(list)
    for o in offers.values():
        if units[o.id]:
            by_org[o.organization_id].append(BulkLine(
                o.id, o.product_name, o.pack_size, units[o.id] // o.pack_size, units[o.id], o.producer_price,
                o.producer_price * units[o.id], amounts[o.id], funds[o.id],
            ))
    return tuple(
        BulkOrder(org, next(iter(offers.values())).currency, tuple(ls),
                  sum((line.producer_amount for line in ls), Decimal(0)), sum((line.members_amount for line in ls), Decimal(0)),
                  sum((line.fund_amount for line in ls), Decimal(0)))
        for org, ls in sorted(by_org.items())
    )
