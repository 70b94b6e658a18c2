"""Whose product was sold: checkout takes an order line's quantity from the lots oldest first; a cancel gives it back."""

from __future__ import annotations

from decimal import Decimal

from tortoise.expressions import F

from market import clock
from market.enums import LotChangeReason
from market.errors import Conflict
from market.models import Lot, LotChange, LotTake, Offer, RoundLotTake
from market.rules.lots import LotStock, round_take, take_oldest_first
from market.services.lots.posting import add_to_own_lot


async def take_from_lots(
    offer_id: int, order_line_id: int, quantity: Decimal, *, by_person_id: int, product: str, unit: str,
) -> tuple[tuple[int, Decimal], ...]:
    """Take an order line's quantity from the offer's lots, oldest first, after checkout took it from the offer.

    Each lot's UPDATE is guarded (stock >= what it gives): a lot never goes below zero, and should the lots hold
    less than the offer said, the whole checkout is refused, Conflict("not_enough_stock"), and rolls back.
    """
    rows = await Lot.filter(offer_id=offer_id, stock__gt=0).values_list("id", "stock", "stocked_since")
    plan = take_oldest_first([LotStock(i, Decimal(s), since) for i, s, since in rows], quantity)
    if plan is None:
        raise Conflict("not_enough_stock", product=product, available=Decimal(0), unit=unit)
    stocks = {i: Decimal(s) for i, s, _ in rows}
    takes, changes = [], []
    for lot_id, part in plan:
        if not await Lot.filter(id=lot_id, stock__gte=part).update(stock=F("stock") - part):
            raise Conflict("not_enough_stock", product=product, available=Decimal(0), unit=unit)
        takes.append(LotTake(order_line_id=order_line_id, lot_id=lot_id, quantity=part))
        changes.append(LotChange(lot_id=lot_id, by_person_id=by_person_id, before=stocks[lot_id],
                                 after=stocks[lot_id] - part, reason=LotChangeReason.SOLD, order_line_id=order_line_id))
    await LotTake.bulk_create(takes)
    await LotChange.bulk_create(changes)
    return plan


async def give_back(offer_id: int, order_line_id: int, quantity: Decimal, *, by_person_id: int) -> None:
    """An order line's quantity back to the lots it came from (a line placed before lots: to the organization's).

    Each take is marked returned on condition that it was not yet: a repeated cancel gives nothing twice.
    """
    now, given = clock.now(), Decimal(0)
    for take in await LotTake.filter(order_line_id=order_line_id).order_by("id"):
        given += Decimal(take.quantity)
        if not await LotTake.filter(id=take.id, returned_at__isnull=True).update(returned_at=now):
            continue
        await Lot.filter(id=take.lot_id).update(stock=F("stock") + take.quantity)
        after = Decimal((await Lot.get(id=take.lot_id)).stock)
        await LotChange.create(lot_id=take.lot_id, by_person_id=by_person_id, before=after - Decimal(take.quantity),
                               after=after, reason=LotChangeReason.GIVEN_BACK, order_line_id=order_line_id)
    if quantity > given:
        await add_to_own_lot(offer_id, quantity - given, by_person_id=by_person_id,
                             reason=LotChangeReason.GIVEN_BACK, order_line_id=order_line_id)


async def take_for_round(offer_id: int, round_offer_id: int, units: int, order_unit_quantity: Decimal) -> Decimal:
    """Take what a closing round sold of an offer (market.rules.lots.round_take) from the offer and its lots, oldest
    first; the quantity taken, in the offer's unit. Inside the close's transaction.

    The offer's row is locked first (a checkout of the same offer waits, or is waited for), so the offer's stock
    and its lots' move together: offer.stock == the sum of its lots' stock at every commit.
    """
    # A model, not values: tortoise-orm 1.1.9 leaves FOR UPDATE out of a values_list query (a test raced it).
    offer = await Offer.filter(id=offer_id).select_for_update().first()
    quantity = round_take(units, order_unit_quantity, Decimal(offer.stock if offer else 0))
    if quantity <= 0:
        return Decimal(0)
    rows = await Lot.filter(offer_id=offer_id, stock__gt=0).values_list("id", "stock", "stocked_since")
    plan = take_oldest_first([LotStock(i, Decimal(s), since) for i, s, since in rows], quantity)
    if plan is None or not await Offer.filter(id=offer_id, stock__gte=quantity).update(stock=F("stock") - quantity):
        # The lots always hold the offer's stock, and the offer is locked: a broken invariant, not a busy day.
        raise RuntimeError(f"offer {offer_id}: its lots or its stock hold less than the {quantity} it holds")
    stocks = {i: Decimal(s) for i, s, _ in rows}
    for lot_id, part in plan:
        if not await Lot.filter(id=lot_id, stock__gte=part).update(stock=F("stock") - part):
            raise RuntimeError(f"lot {lot_id} changed under its offer's lock")
    await RoundLotTake.bulk_create([RoundLotTake(round_offer_id=round_offer_id, lot_id=i, quantity=q) for i, q in plan])
    await LotChange.bulk_create([
        LotChange(lot_id=i, by_person_id=None, before=stocks[i], after=stocks[i] - q, reason=LotChangeReason.SOLD,
                  round_offer_id=round_offer_id) for i, q in plan])
    return quantity
