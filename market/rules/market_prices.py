"""Which observed prices a public median counts: a producer's price far from the market's is left out.

A producer publishes their own offer's price, and it becomes an observation of the local market
(market.services.prices.observations). One producer could move the public median with a price of
their own choosing; surveys and official series are gathered by people who answer for them. So
where a survey or official price is known for the same market and days, it is the reference, and
a producer's price more than 3 times it or under a third of it is left out (and counted, so the
screens can say so). Where none is known, every price counts. Prices entered by coordinators and
members are kept: they record what they saw at the market, not what they sell for.

| prices (source price)                        | reference | counted           | left out |
|----------------------------------------------|-----------|-------------------|----------|
| survey 6, survey 7, producer 50              | 6.5       | 6, 7              | 1        |
| survey 6, producer 2, producer 18            | 6         | 6, 2, 18          | 0        |
| survey 6, producer 1.99, producer 18.01      | 6         | 6                 | 2        |
| official 9, producer 27, coordinator 40      | 9         | 9, 27, 40         | 0        |
| producer 50, producer 51                     | (none)    | 50, 51            | 0        |
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from decimal import Decimal

from market.enums import PriceSource

FAR = Decimal(3)  # more than 3 times the reference, or under a third of it
REFERENCE_SOURCES = frozenset({PriceSource.SURVEY, PriceSource.OFFICIAL})


def reference_price(prices: Iterable[tuple[PriceSource, Decimal]]) -> Decimal | None:
    """The median of the survey and official prices; None when there is none."""
    reference = [price for source, price in prices if source in REFERENCE_SOURCES]
    return Decimal(statistics.median(reference)) if reference else None


def counted_prices(
    prices: Iterable[tuple[PriceSource, Decimal]], reference: Decimal | None
) -> tuple[list[Decimal], int]:
    """The prices a median counts, in their order, and how many producer prices were left out."""
    counted, left_out = [], 0
    for source, price in prices:
        if source == PriceSource.PRODUCER and reference is not None and not reference / FAR <= price <= reference * FAR:
            left_out += 1
        else:
            counted.append(price)
    return counted, left_out
