"""Whose product was sold: checkout takes an order line's quantity from the lots oldest first; a cancel gives it back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tortoise.expressions import F

from market import clock
from market.enums import LotChangeReason
from market.errors import Conflict
from market.models import Lot, LotChange, LotTake, Offer, RoundLotTake
from market.rules.lots import LotStock, round_take, take_oldest_first
from market.services.catalog.version import raise_and_mark_text
from market.services.lots.posting import add_to_own_lot
from market.sql import SizedStatement, quantity_by_id


@dataclass(frozen=True)
class LineTake:
    """An order line checkout took from an offer: what its lots give, and the words of a refusal."""

    offer_id: int
    order_line_id: int
    quantity: Decimal
    product: str
    unit: str


async def take_from_lots(lines: list[LineTake], *, by_person_id: int, mark: Sequence[int] = ()) -> int | None:
    """Take each order line's quantity from its offer's lots, oldest first, after checkout took it from the offers:
    one read of every offer's lots, one UPDATE of those it takes from, one INSERT of the takes and one of the changes.

    The UPDATE is guarded (stock >= what each lot gives): a lot never goes below zero, and should the lots hold
    less than the offer said, the whole checkout is refused, Conflict("not_enough_stock"), and rolls back.

    On PostgreSQL all four are one statement (_take_all): checkout holds its offers' rows locked from taking their
    stock to its commit, and a crowd buying the same offers waits on each round trip made in between. The same
    statement raises the stock version and marks the offers `mark` with it (market.services.catalog.version.
    raise_and_mark_text), and answers the raised number; None when it raised nothing (SQLite, nothing to mark, or no
    version row yet): the caller bumps then.
    """
    if Lot._meta.db.capabilities.dialect == "postgres":
        params: list[object] = [by_person_id, clock.now()]
        for line in lines:
            params += [line.offer_id, line.quantity, line.order_line_id]
        by_line = {line.order_line_id: line for line in lines}
        rows = await _take_all(len(lines), len(mark)).rows(*params, *mark)
        if unfilled := [row["order_line_id"] for row in rows if row["order_line_id"] is not None]:
            raise _short(by_line[unfilled[0]])
        raised = [row["raised"] for row in rows if row["order_line_id"] is None and row["raised"] is not None]
        return int(raised[0]) if raised else None
    lots: dict[int, list[LotStock]] = {}
    stocks: dict[int, Decimal] = {}
    stock_field, since_field = Lot._meta.fields_map["stock"], Lot._meta.fields_map["stocked_since"]
    for row in await _lots_needed(len(lines)).rows(*(value for line in lines for value in (line.offer_id,
                                                                                          line.quantity))):
        stocks[row["id"]] = stock = stock_field.to_python_value(row["stock"])
        lots.setdefault(row["offer_id"], []).append(LotStock(row["id"], stock,
                                                            since_field.to_python_value(row["stocked_since"])))
    parts: dict[int, tuple[Decimal, LineTake]] = {}
    for line in lines:
        plan = take_oldest_first(lots.get(line.offer_id, []), line.quantity)
        if plan is None:
            raise _short(line)
        parts |= {lot_id: (part, line) for lot_id, part in plan}
    taken = {row["id"] for row in await _lots_update(len(parts)).rows(
        *(value for lot_id, (part, _) in parts.items() for value in (lot_id, part)))}
    if short := [line for lot_id, (_, line) in parts.items() if lot_id not in taken]:
        raise _short(short[0])
    await _takes_insert(len(parts)).rows(*(value for lot_id, (part, line) in parts.items()
                                           for value in (line.order_line_id, lot_id, part)))
    now = clock.now()
    await _changes_insert(len(parts)).rows(*(
        value for lot_id, (part, line) in parts.items()
        for value in (lot_id, by_person_id, stocks[lot_id], stocks[lot_id] - part, line.order_line_id, now)))
    return None


def _short(line: LineTake) -> Conflict:
    return Conflict("not_enough_stock", product=line.product, available=Decimal(0), unit=line.unit)


def _lots_update_text(count: int) -> str:
    """Take from `count` lots at once: (lot id, quantity) each, in the marks' order; it answers the lots it took from."""
    part, ids = quantity_by_id(count)
    return f"""
        UPDATE lot SET stock = CAST(stock AS NUMERIC) - CASE id {part} END
        WHERE id IN ({ids}) AND CAST(stock AS NUMERIC) >= CASE id {part} END
        RETURNING id
    """


def _lots_needed_text(count: int) -> str:
    """The lots of `count` order lines' offers that oldest first may take from: (offer id, quantity) each; a lot is
    needed while the lots before it, in take_oldest_first's order, hold less than the line's quantity. An association
    of forty families reads its first lot or two, not all forty. Should the lots hold too little, all come back (and
    take_oldest_first refuses)."""
    wanted, ids = quantity_by_id(count)
    return f"""
        SELECT id, offer_id, stock, stocked_since FROM (
            SELECT id, offer_id, stock, stocked_since,
                   SUM(CAST(stock AS NUMERIC)) OVER (
                       PARTITION BY offer_id ORDER BY stocked_since IS NULL, stocked_since, id
                       ROWS UNBOUNDED PRECEDING) - CAST(stock AS NUMERIC) AS ahead
            FROM lot WHERE offer_id IN ({ids}) AND CAST(stock AS NUMERIC) > 0
        ) AS held
        WHERE ahead < CASE offer_id {wanted} END
    """


_lots_update = SizedStatement(Lot, _lots_update_text)
_lots_needed = SizedStatement(Lot, _lots_needed_text)
# `count` takes (order line, lot, quantity), and `count` sales in the lots' history (lot, by whom, before, after,
# order line, when), each in one INSERT.
_takes_insert = SizedStatement(LotTake, lambda count: f"""
    INSERT INTO lot_take (order_line_id, lot_id, quantity) VALUES {", ".join(["(?, ?, ?)"] * count)}
""")
_changes_insert = SizedStatement(LotChange, lambda count: f"""
    INSERT INTO lot_change (lot_id, by_person_id, "before", "after", reason, order_line_id, at)
    VALUES {", ".join([f"(?, ?, ?, ?, '{LotChangeReason.SOLD.value}', ?, ?{{at}})"] * count)}
""")


def _take_all_text(count: int, marks: int) -> str:
    """PostgreSQL: take `count` order lines from their offers' lots oldest first, write the takes and the changes, and
    answer the lines the lots could not fill (none: all taken), each as (order_line_id, raised NULL). ?1 by whom, ?2
    when, then (offer id, quantity, order line) each, then the ids of `marks` offers to mark with a raised stock
    version: one more row then, (NULL, the raised number). A lot gives what the line still needs after the lots ahead
    of it, in take_oldest_first's order, up to all it holds: the same plan (tests/market/services/test_lot_sales.py
    compares them). The lots are written under their offers' row locks, which checkout holds: no other transaction
    holds a lot's lock while this statement waits for the version's row."""
    wanted = ", ".join(f"(CAST(?{3 * n + 3} AS INTEGER), CAST(?{3 * n + 4} AS NUMERIC), CAST(?{3 * n + 5} AS INTEGER))"
                       for n in range(count))
    marked = ", ".join(f"?{3 * count + 3 + n}" for n in range(marks))
    bump = f", {raise_and_mark_text(marked)}" if marks else ""
    raised = "UNION ALL SELECT NULL, (SELECT MAX(stock_version) FROM marked)" if marks else ""
    return f"""
        WITH wanted (offer_id, quantity, order_line_id) AS (VALUES {wanted}),
        held AS (
            SELECT lot.id, wanted.order_line_id, wanted.quantity, lot.stock, SUM(lot.stock) OVER (
                PARTITION BY lot.offer_id ORDER BY lot.stocked_since IS NULL, lot.stocked_since, lot.id
                ROWS UNBOUNDED PRECEDING) - lot.stock AS ahead
            FROM lot JOIN wanted ON wanted.offer_id = lot.offer_id WHERE lot.stock > 0
        ),
        needed AS (SELECT id, order_line_id, LEAST(stock, quantity - ahead) AS part FROM held WHERE ahead < quantity),
        taken AS (
            UPDATE lot SET stock = lot.stock - needed.part FROM needed
            WHERE lot.id = needed.id AND lot.stock >= needed.part
            RETURNING lot.id, lot.stock AS after, needed.part, needed.order_line_id
        ),
        takes AS (INSERT INTO lot_take (order_line_id, lot_id, quantity) SELECT order_line_id, id, part FROM taken),
        changes AS (
            INSERT INTO lot_change (lot_id, by_person_id, "before", "after", reason, order_line_id, at)
            SELECT id, CAST(?1 AS INTEGER), after + part, after, '{LotChangeReason.SOLD.value}', order_line_id, ?2{{at}}
            FROM taken
        ){bump}
        SELECT wanted.order_line_id, NULL AS raised FROM wanted
        LEFT JOIN taken ON taken.order_line_id = wanted.order_line_id
        GROUP BY wanted.order_line_id, wanted.quantity HAVING COALESCE(SUM(taken.part), 0) < wanted.quantity
        {raised}
    """


_take_all = SizedStatement(Lot, _take_all_text)


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
