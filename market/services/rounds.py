"""Order rounds of a purchasing group: a coordinator opens one, members set their order lines (closing: round_close)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from market import clock
from market.aggregation import OrderRow, missing_to_complete, packs_to_order, update_rows
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import GroupMember, MemberOrderRow, Offer, OrderRound, PurchasingGroup, RoundOffer
from market.enums import GroupMemberStatus, GroupRole, OfferStatus, RoundStatus
from market.rules.rounds import member_price, order_unit_price

PICKUP_POINT_LIMIT = 500
# What round_offer_view reads of a RoundOffer, in values() queries.
OFFER_FIELDS = (
    "id", "offer_id", "price", "currency", "fund_rate", "unit", "order_unit_quantity", "pack_size",
    "offer__product__name", "offer__product__organization_id",
)


@dataclass(frozen=True)
class RoundOfferView:
    """An offer as the round froze it; prices are per order unit (`order_unit_quantity` of `unit`)."""

    id: int
    offer_id: int
    organization_id: int
    product_name: str
    unit: str
    order_unit_quantity: Decimal
    pack_size: int
    currency: str
    producer_price: Decimal
    member_price: Decimal
    fund_rate: Decimal


@dataclass(frozen=True)
class RoundView:
    id: int
    group_id: int
    status: RoundStatus
    opens_at: datetime
    closes_at: datetime
    pickup_point: str
    pickup_on: date | None
    offers: tuple[RoundOfferView, ...]


@dataclass(frozen=True)
class LineView:
    """A member's line and the live state of the offer's packs ("sack of 25: 18 ordered, 7 missing")."""

    round_offer_id: int
    quantity: int
    tolerance: int
    total_quantity: int  # every member's quantities in the round
    total_tolerance: int
    pack_size: int
    packs_to_order: int
    missing_to_complete: int


async def open_round(
    group_id: int, *, by_person_id: int, closes_at: datetime, pickup_point: str = "",
    pickup_on: date | None = None, offer_ids: list[int] | tuple[int, ...], now: datetime | None = None,
) -> RoundView:
    """A coordinator opens a round on active offers; price, fund rate, order unit and pack are frozen now.

    An empty `pickup_point` takes the group's. All offers must share one currency: a bill is one amount.
    The announcement and the members' reminders are owed in the same transaction (round_lifecycle).
    """
    now = now or clock.now()
    group = await PurchasingGroup.get_or_none(id=group_id)
    if group is None:
        raise NotFound("group_not_found")
    if not await is_coordinator(group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    if closes_at.tzinfo is None or closes_at <= now:
        raise Invalid("closes_at_in_past")
    pickup_point = pickup_point.strip() or group.pickup_point
    if len(pickup_point) > PICKUP_POINT_LIMIT:
        raise Invalid("pickup_point_too_long", limit=PICKUP_POINT_LIMIT)
    wanted = sorted(set(offer_ids))
    if not wanted:
        raise Invalid("no_offers")
    offers = await Offer.filter(id__in=wanted, status=OfferStatus.ACTIVE, product__active=True).select_related(
        "product__organization"
    )
    if len(offers) != len(wanted):
        missing = sorted(set(wanted) - {o.id for o in offers})
        raise NotFound("offer_not_found", offer_id=missing[0])
    if len({o.currency for o in offers}) > 1:
        raise Invalid("mixed_currencies")
    async with in_transaction():
        order_round = await OrderRound.create(
            group_id=group_id, status=RoundStatus.OPEN, opens_at=now, closes_at=closes_at,
            pickup_point=pickup_point, pickup_on=pickup_on, created_by_id=by_person_id,
        )
        await RoundOffer.bulk_create([
            RoundOffer(
                round_id=order_round.id, offer_id=o.id, price=o.price, currency=o.currency,
                fund_rate=o.product.organization.solidarity_fund_rate, unit=o.unit,
                order_unit_quantity=o.order_unit_quantity, pack_size=o.pack_size,
            )
            for o in offers
        ])
        # round_lifecycle builds on this module, so it is imported here rather than at the top.
        from market.services.round_lifecycle import owe_opening_notices

        await owe_opening_notices(order_round, group.telegram_chat_id, now)
    return await get_round(order_round.id)


async def get_round(round_id: int) -> RoundView:
    """A round with its frozen offers."""
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    offers = await RoundOffer.filter(round_id=round_id).order_by("id").values(*OFFER_FIELDS)
    return RoundView(
        id=order_round.id, group_id=order_round.group_id, status=RoundStatus(order_round.status),
        opens_at=order_round.opens_at, closes_at=order_round.closes_at, pickup_point=order_round.pickup_point,
        pickup_on=order_round.pickup_on, offers=tuple(round_offer_view(o) for o in offers),
    )


def round_offer_view(o: dict) -> RoundOfferView:
    """Build the view from a values(*OFFER_FIELDS) row of RoundOffer."""
    producer = order_unit_price(Decimal(o["price"]), Decimal(o["order_unit_quantity"]), o["currency"])
    return RoundOfferView(
        id=o["id"], offer_id=o["offer_id"], organization_id=o["offer__product__organization_id"],
        product_name=o["offer__product__name"], unit=o["unit"], order_unit_quantity=Decimal(o["order_unit_quantity"]),
        pack_size=o["pack_size"], currency=o["currency"], producer_price=producer,
        member_price=member_price(producer, Decimal(o["fund_rate"]), o["currency"]), fund_rate=Decimal(o["fund_rate"]),
    )


async def set_order_line(
    round_id: int, round_offer_id: int, *, person_id: int, quantity: int, tolerance: int,
    now: datetime | None = None,
) -> LineView:
    """Set a member's totals for one round offer (`round_offer_id`, the id in RoundView.offers).

    Decreases give back the member's newest units first; an increase queues behind earlier orders.
    The offer's stock, in whole order units, bounds every member's quantities together (not tolerances).
    """
    now = now or clock.now()
    for name, value in (("quantity", quantity), ("tolerance", tolerance)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise Invalid("not_whole_units", field=name)
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    async with in_transaction():
        # The round's row is locked on PostgreSQL (SQLite runs one transaction at a time): lines of a round
        # are checked against the stock one after the other, and a close waits for a line being written
        # (or the line waits for the close and is refused), so no line slips past the allocation.
        locked = await OrderRound.filter(id=round_id).select_for_update().first()
        # Read under the lock: a member leaving (who locks the open rounds first) cannot keep a line.
        member_id = await GroupMember.filter(
            group_id=order_round.group_id, person_id=person_id, status=GroupMemberStatus.ACTIVE
        ).first().values_list("id", flat=True)
        if member_id is None:
            raise Forbidden("not_a_group_member")
        if locked.status != RoundStatus.OPEN or now >= locked.closes_at:
            raise Conflict("round_closed")
        round_offer = await RoundOffer.filter(id=round_offer_id, round_id=round_id).first()
        if round_offer is None:
            raise NotFound("round_offer_not_found")
        rows = await MemberOrderRow.filter(round_offer_id=round_offer_id).order_by("at", "id").values(
            "member_id", "quantity", "tolerance", "at"
        )
        mine = [OrderRow(member_id, r["quantity"], r["tolerance"], r["at"]) for r in rows if r["member_id"] == member_id]
        others_q = sum(r["quantity"] for r in rows if r["member_id"] != member_id)
        others_t = sum(r["tolerance"] for r in rows if r["member_id"] != member_id)
        stock, unit_quantity = await Offer.filter(id=round_offer.offer_id).first().values_list(
            "stock", "order_unit_quantity"
        )
        available = max(int(Decimal(stock) // Decimal(unit_quantity)) - others_q, 0)
        if quantity > available and quantity > sum(r.quantity for r in mine):
            # `units` in order units; `available` as people weigh it (2 units of half a kilo: 1 kg).
            raise Conflict("round_stock_exceeded", units=available, available=available * Decimal(unit_quantity),
                           unit=round_offer.unit)
        new_rows = update_rows(member_id, mine, quantity, tolerance, now)
        await MemberOrderRow.filter(round_offer_id=round_offer_id, member_id=member_id).delete()
        if new_rows:
            await MemberOrderRow.bulk_create([
                MemberOrderRow(round_offer_id=round_offer_id, member_id=member_id, quantity=r.quantity,
                               tolerance=r.tolerance, at=r.at)
                for r in new_rows
            ])
    total_q, total_t, size = others_q + quantity, others_t + tolerance, round_offer.pack_size
    return LineView(
        round_offer_id=round_offer_id, quantity=quantity, tolerance=tolerance, total_quantity=total_q,
        total_tolerance=total_t, pack_size=size, packs_to_order=packs_to_order(size, total_q, total_t),
        missing_to_complete=missing_to_complete(size, total_q, total_t),
    )


async def is_coordinator(group_id: int, person_id: int) -> bool:
    return await GroupMember.filter(
        group_id=group_id, person_id=person_id, role=GroupRole.COORDINATOR, status=GroupMemberStatus.ACTIVE
    ).exists()
