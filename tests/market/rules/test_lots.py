"""Lots: the example tables of market.rules.lots."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from market.rules.lots import LotStock, lot_after, take_oldest_first

MON = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
TUE = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)


def lots(*rows):
    return [LotStock(lot_id, Decimal(stock), since) for lot_id, stock, since in rows]


@pytest.mark.parametrize(
    ("given", "quantity", "taken"),
    [
        (lots((1, 80, MON), (2, 10, TUE)), 30, ((1, 30),)),
        (lots((1, 80, MON), (2, 10, TUE)), 85, ((1, 80), (2, 5))),
        (lots((1, 10, TUE), (2, 80, MON)), 85, ((2, 80), (1, 5))),
        (lots((1, 0, MON), (2, 10, TUE)), 4, ((2, 4),)),
        (lots((1, 5, MON), (2, 5, MON)), 7, ((1, 5), (2, 2))),
        (lots((1, 80, MON), (2, 10, TUE)), 90, ((1, 80), (2, 10))),
        (lots((1, 80, MON), (2, 10, TUE)), 91, None),
    ],
)
def test_an_order_takes_from_the_oldest_lot_first(given, quantity, taken):
    expected = None if taken is None else tuple((lot, Decimal(q)) for lot, q in taken)

    assert take_oldest_first(given, Decimal(quantity)) == expected


def test_a_lot_never_filled_comes_after_the_dated_ones():
    assert take_oldest_first(lots((1, 5, None), (2, 5, TUE)), Decimal(6)) == ((2, Decimal(5)), (1, Decimal(1)))


@pytest.mark.parametrize(
    ("mode", "before", "quantity", "after"),
    [("set", 80, 10, 10), ("set", 0, 20, 20), ("add", 20, 5, 25), ("take", 20, 3, 17), ("take", 20, 20, 0),
     ("take", 2, 3, None)],
)
def test_a_stock_line_sets_adds_to_or_takes_from_the_producers_lot(mode, before, quantity, after):
    expected = None if after is None else Decimal(after)

    assert lot_after(mode, Decimal(before), Decimal(quantity)) == expected
