"""A member's order line in an open round: quantity plus tolerance, recorded as timestamped rows so that a
later increase queues behind earlier orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from market import clock
from market.aggregation import OrderRow, missing_to_complete, packs_to_order, update_rows
from market.enums import GroupMemberStatus, RoundStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import GroupMember, MemberOrderRow, Offer, OrderRound, RoundOffer
from market.orm import value_of


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
        locked = await OrderRound.filter(id=round_id).select_for_update().get()  # found above, never deleted
        # Read under the lock: a member leaving (who locks the open rounds first) cannot keep a line.
        member_id = await value_of(GroupMember.filter(
            group_id=order_round.group_id, person_id=person_id, status=GroupMemberStatus.ACTIVE
        ).first(), "id", int)
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
