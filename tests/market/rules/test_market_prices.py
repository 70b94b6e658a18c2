"""Which prices a public median counts: the example table of market.rules.market_prices."""

from decimal import Decimal

import pytest

from market.enums import PriceSource
from market.rules import market_prices
from market.rules.market_prices import counted_prices, reference_price
from tests.market.test_stock_messages import table


def _prices(cell: str) -> list[tuple[PriceSource, Decimal]]:
    return [(PriceSource(source), Decimal(price)) for source, price in (pair.split() for pair in cell.split(", "))]


@pytest.mark.parametrize("prices, reference, counted, left_out", table(market_prices))
def test_counted_prices_follow_the_table_of_their_module(prices, reference, counted, left_out):
    seen = _prices(prices)

    found = reference_price(seen)
    kept, left = counted_prices(seen, found)

    assert found == (None if reference == "(none)" else Decimal(reference))
    assert (kept, left) == ([Decimal(p) for p in counted.split(", ")], int(left_out))
