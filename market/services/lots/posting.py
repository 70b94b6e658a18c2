"""A stock line on a lot: "tomate 20 kg" sets the poster's lot, "+5" adds, "-3" takes away; and the offer's total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.expressions import F

from market import clock
from market.enums import LotChangeReason
from market.errors import Invalid
from market.models import Lot, LotChange
from market.rules.lots import lot_after

REASONS = {"set": LotChangeReason.POSTED, "add": LotChangeReason.ADDED, "take": LotChangeReason.TAKEN}


@dataclass(frozen=True)
class LotMove:
    """A lot and its offer, before and after a stock line: "Tu lote: 80 → 10 kg · En venta: 120 → 50 kg"."""

    lot_before: Decimal
    lot_after: Decimal
    offer_before: Decimal
    offer_after: Decimal
    own: bool  # the organization's own lot, not a member's


async def lot_of(offer_id: int, member_id: int | None) -> Lot:
    """The member's lot of the offer (None: the organization's own), made empty the first time."""
    lot = await Lot.filter(offer_id=offer_id, member_id=member_id).first() if member_id is not None else (
        await Lot.filter(own_key=offer_id).first())
    if lot is None:
        lot = await Lot.create(offer_id=offer_id, member_id=member_id,
                               own_key=offer_id if member_id is None else None, stock=0)
    return lot


async def post_to_lot(
    offer_id: int, offer_stock: Decimal, *, member_id: int | None, by_person_id: int, mode: str, quantity: Decimal,
    product: str, unit: str,
) -> LotMove:
    """Write a stock line on a lot and say the offer's new total; the caller writes that total on the offer.

    "take" beyond the lot is refused with the numbers: Invalid("lot_too_small", product, lot, taking, unit).
    """
    lot = await lot_of(offer_id, member_id)
    before = Decimal(lot.stock)
    after = lot_after(mode, before, quantity)
    if after is None:
        raise Invalid("lot_too_small", product=product, lot=before, taking=quantity, unit=unit)
    move = LotMove(before, after, offer_stock, offer_stock + after - before, member_id is None)
    if after == before:
        return move
    # Filled from empty: its produce waits from now (checkout takes the oldest first).
    since = {"stocked_since": clock.now()} if before == 0 else {}
    await Lot.filter(id=lot.id).update(stock=after, **since)
    await LotChange.create(lot_id=lot.id, by_person_id=by_person_id, before=before, after=after,
                           reason=REASONS[mode])
    return move


async def set_offer_total(offer_id: int, total: Decimal, *, by_person_id: int, product: str, unit: str) -> None:
    """An offer's stock edited as a whole: the organization's own lot takes the difference.

    The members' lots stay theirs: a total below them is refused, Invalid("stock_below_lots", product, lots, unit).
    """
    members = sum((Decimal(s) for s in await Lot.filter(offer_id=offer_id, member_id__isnull=False)
                   .values_list("stock", flat=True)), Decimal(0))
    if total < members:
        raise Invalid("stock_below_lots", product=product, lots=members, unit=unit)
    lot = await lot_of(offer_id, None)
    before, after = Decimal(lot.stock), total - members
    if before != after:
        since = {"stocked_since": clock.now()} if before == 0 else {}
        await Lot.filter(id=lot.id).update(stock=after, **since)
        await LotChange.create(lot_id=lot.id, by_person_id=by_person_id, before=before, after=after,
                               reason=LotChangeReason.POSTED)


async def add_to_own_lot(offer_id: int, quantity: Decimal, *, by_person_id: int | None, reason: LotChangeReason,
                         order_line_id: int | None = None) -> None:
    """Stock that belongs to no member's lot (an order placed before lots, given back) goes to the organization's."""
    lot = await lot_of(offer_id, None)
    await Lot.filter(id=lot.id).update(stock=F("stock") + quantity)
    after = Decimal((await Lot.get(id=lot.id)).stock)
    await LotChange.create(lot_id=lot.id, by_person_id=by_person_id, before=after - quantity, after=after,
                           reason=reason, order_line_id=order_line_id)
