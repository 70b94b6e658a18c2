"""What the screens read of an order round, one function per screen: the board, the pickup list, the rounds
of a group, a bulk order's sheet (to export as CSV).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from market.aggregation import missing_to_complete, packs_to_order
from market.enums import GroupMemberStatus, GroupRole, RoundStatus
from market.errors import Conflict, Forbidden, NotFound
from market.models import GroupMember, MemberOrderRow, OrderRound, PurchasingGroup, RoundOffer
from market.services.groups.rounds.bills import get_bulk_orders, round_result
from market.services.groups.rounds.views import RoundOfferView, RoundView, get_round, is_coordinator
from market.spreadsheet import Cell, Quantity, Sheet, Word

log = logging.getLogger(__name__)

SHEET_COLUMNS = ("product", "order_unit", "pack_size", "packs", "units", "producer_price", "producer_amount", "currency")


@dataclass(frozen=True)
class BoardOffer:
    """One offer as a member sees it while ordering: how the packs are filling, and their own line."""

    offer: RoundOfferView
    total_quantity: int
    total_tolerance: int
    packs_to_order: int
    missing_to_complete: int
    my_quantity: int
    my_tolerance: int


@dataclass(frozen=True)
class RoundBoard:
    round: RoundView
    member_id: int  # the viewer's GroupMember id
    role: GroupRole
    offers: tuple[BoardOffer, ...]  # in the order of round.offers


@dataclass(frozen=True)
class PickupLine:
    product_name: str
    units: int  # order units allocated (quantity + tolerance)
    order_unit_quantity: Decimal
    unit: str
    amount: Decimal


@dataclass(frozen=True)
class PickupMember:
    member_id: int
    name: str
    lines: tuple[PickupLine, ...]
    total: Decimal  # the member's bill


@dataclass(frozen=True)
class PickupList:
    """What each member takes home from the round's pickup point (a round has one)."""

    round_id: int
    round_number: int
    pickup_point: str
    pickup_on: date | None
    currency: str
    members: tuple[PickupMember, ...]  # by name


@dataclass(frozen=True)
class RoundSummary:
    id: int
    number: int
    status: RoundStatus
    closes_at: datetime
    pickup_on: date | None
    offers: int
    members_ordered: int


async def round_board(round_id: int, *, person_id: int) -> RoundBoard:
    """The round as an active member sees it while ordering: every offer's packs and their own lines."""
    view = await get_round(round_id)
    member = await GroupMember.filter(
        group_id=view.group_id, person_id=person_id, status=GroupMemberStatus.ACTIVE
    ).first().values_list("id", "role")
    if member is None:
        raise Forbidden("not_a_group_member")
    member_id, role = member
    rows = MemberOrderRow.filter(round_offer__round_id=round_id)
    totals = await _sums(rows)
    mine = await _sums(rows.filter(member_id=member_id))
    offers = []
    for offer in view.offers:
        q, t = totals.get(offer.id, (0, 0))
        offers.append(BoardOffer(
            offer, q, t, packs_to_order(offer.pack_size, q, t), missing_to_complete(offer.pack_size, q, t),
            *mine.get(offer.id, (0, 0)),
        ))
    return RoundBoard(view, member_id, GroupRole(role), tuple(offers))


async def bulk_order_sheet(round_id: int, organization_id: int) -> Sheet:
    """An organization's bulk order of a closed round as a sheet to export (market.presentation.sheets writes it).

    Names are text cells a spreadsheet will not run (market.spreadsheet); amounts and counts are numbers.

    product | order_unit    | pack_size | packs | units | producer_price | producer_amount | currency
    Café    | 0.5 kg        | 4         | 1     | 4     | 47.50          | 190.00          | BOB
    total   |               |           |       |       |                | 190.00          | BOB
    """
    bulk = next((b for b in await get_bulk_orders(round_id) if b.organization_id == organization_id), None)
    if bulk is None:
        raise NotFound("bulk_order_not_found")
    offers = {o.id: o for o in (await get_round(round_id)).offers}
    rows: list[tuple[Cell, ...]] = []
    for line in bulk.lines:
        offer = offers[line.round_offer_id]
        rows.append((
            line.product_name, Quantity(offer.order_unit_quantity, offer.unit), line.pack_size, line.packs,
            line.units, line.producer_price, line.producer_amount, bulk.currency,
        ))
    rows.append((Word("total"), None, None, None, None, None, bulk.producer_total, bulk.currency))
    return Sheet(SHEET_COLUMNS, tuple(rows))


async def pickup_list(round_id: int, *, by_person_id: int) -> PickupList:
    """For coordinators, once the round is closed: what each member takes home from the pickup point."""
    view = await get_round(round_id)
    if not await is_coordinator(view.group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    if view.status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        raise Conflict("round_not_closed", status=str(view.status))
    offers = {o.id: o for o in view.offers}
    bills = (await round_result(round_id, False)).bills
    # The whole group's names: an IN list of 2,000 members would hit SQLite's variable limit.
    names = dict(await GroupMember.filter(group_id=view.group_id).values_list("id", "person__name"))
    members = [
        PickupMember(
            bill.member_id, names.get(bill.member_id) or "",
            tuple(
                PickupLine(line.product_name, line.units, offers[line.round_offer_id].order_unit_quantity,
                           offers[line.round_offer_id].unit, line.amount)
                for line in bill.lines
            ),
            bill.total,
        )
        for bill in bills
    ]
    members.sort(key=lambda m: (m.name.casefold(), m.member_id))
    currency = view.offers[0].currency if view.offers else ""
    return PickupList(round_id, view.number, view.pickup_point, view.pickup_on, currency, tuple(members))


async def list_rounds(group_id: int, *, viewer_person_id: int, limit: int = 10) -> tuple[RoundSummary, ...]:
    """A group's latest rounds, newest first, for its active members."""
    if not await PurchasingGroup.exists(id=group_id):
        raise NotFound("group_not_found")
    if not await GroupMember.exists(group_id=group_id, person_id=viewer_person_id, status=GroupMemberStatus.ACTIVE):
        raise Forbidden("not_a_group_member")
    rounds = await OrderRound.filter(group_id=group_id).order_by("-id").limit(limit).values(
        "id", "number", "status", "closes_at", "pickup_on"
    )
    ids = [r["id"] for r in rounds]
    offers = dict(await RoundOffer.filter(round_id__in=ids).group_by("round_id").annotate(n=Count("id")).values_list(
        "round_id", "n"
    ))
    rows = MemberOrderRow.filter(round_offer__round_id__in=ids).group_by("round_offer__round_id")
    ordered = dict(await rows.annotate(n=Count("member_id", distinct=True)).values_list("round_offer__round_id", "n"))
    return tuple(
        RoundSummary(r["id"], r["number"], RoundStatus(r["status"]), r["closes_at"], r["pickup_on"], offers.get(r["id"], 0),
                     ordered.get(r["id"], 0))
        for r in rounds
    )


async def _sums(rows: QuerySet[MemberOrderRow]) -> dict[int, tuple[int, int]]:
    """Quantities and tolerances of order rows, summed per round offer (whole numbers: SQL sums them exactly)."""
    sums = await rows.group_by("round_offer_id").annotate(q=Sum("quantity"), t=Sum("tolerance")).values_list(
        "round_offer_id", "q", "t"
    )
    return {offer_id: (int(q or 0), int(t or 0)) for offer_id, q, t in sums}
