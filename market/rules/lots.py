"""Lots: which lots an order takes its quantity from, and what a stock line does to a producer's lot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class LotStock:
    """A lot as checkout sees it: its id, its stock and since when it holds stock (None: never filled)."""

    lot_id: int
    stock: Decimal
    since: datetime | None


def take_oldest_first(lots: list[LotStock], quantity: Decimal) -> tuple[tuple[int, Decimal], ...] | None:
    """(lot id, quantity) taken for an order line: the oldest stock first; None when the lots hold too little.

    Oldest first, because the family whose produce has waited longest is paid first, and produce that waits
    spoils: a fair rule anyone can check on their statement, and less lost to the bin. Equal dates go by lot id
    (the lot made first). Empty lots are passed over; a lot never filled (since None) comes last.

    | lots (id: stock since)                    | quantity | taken                    |
    |-------------------------------------------|----------|--------------------------|
    | 1: 80 Mon, 2: 10 Tue                      | 30       | (1, 30)                  |
    | 1: 80 Mon, 2: 10 Tue                      | 85       | (1, 80), (2, 5)          |
    | 1: 10 Tue, 2: 80 Mon                      | 85       | (2, 80), (1, 5)          |
    | 1: 0 Mon, 2: 10 Tue                       | 4        | (2, 4)                   |
    | 1: 5 Mon, 2: 5 Mon                        | 7        | (1, 5), (2, 2)           |
    | 1: 80 Mon, 2: 10 Tue                      | 90       | (1, 80), (2, 10)         |
    | 1: 80 Mon, 2: 10 Tue                      | 91       | None (too little)        |
    """
    order = sorted(
        (lot for lot in lots if lot.stock > 0),
        key=lambda lot: (lot.since is None, lot.since or datetime.min, lot.lot_id),
    )
    taken, left = [], quantity
    for lot in order:
        if left <= 0:
            break
        part = min(lot.stock, left)
        taken.append((lot.lot_id, part))
        left -= part
    return tuple(taken) if left <= 0 else None


def lot_after(mode: str, before: Decimal, quantity: Decimal) -> Decimal | None:
    """A producer's lot after a stock line: "set" writes it, "add" adds, "take" takes away; None below zero.

    | mode | before | quantity | after |
    |------|--------|----------|-------|
    | set  | 80     | 10       | 10    |
    | set  | 0      | 20       | 20    |
    | add  | 20     | 5        | 25    |
    | take | 20     | 3        | 17    |
    | take | 20     | 20       | 0     |
    | take | 2      | 3        | None  |
    """
    if mode == "add":
        return before + quantity
    if mode == "take":
        return before - quantity if quantity <= before else None
    return quantity


def round_take(units: int, order_unit_quantity: Decimal, stock: Decimal) -> Decimal:
    """What a round's close takes from an offer's stock for the units its members got, in the offer's unit.

    All of it when the offer holds it; else what the offer holds, never below zero. A member's quantities were
    bounded by the stock when ordered, but a pack filled by tolerances may ask for more, and checkout may have sold
    some since: the bulk order still asks the producer for every unit, and what arrives is recorded at settlement.

    | units | order unit | stock | taken |
    |-------|------------|-------|-------|
    | 10    | 1          | 40    | 10    |
    | 6     | 0.5        | 40    | 3     |
    | 12    | 1          | 8     | 8     |
    | 4     | 1          | 0     | 0     |
    | 0     | 1          | 40    | 0     |
    """
    return max(min(units * order_unit_quantity, stock), Decimal(0))
