"""The demo's daily market prices: a season, a little noise, the same for a given day on every run.

A day's price depends on the product, the market and the date only, never on the day the demo was
seeded: a demo seeded weeks ago and topped up to today (see seed.py) reads as one series.

    factor(day) = 1 + amplitude × sin(2π (day + phase) / 365.25) + noise(day)

amplitude (3 to 10 %) and phase are the product's own; the noise (σ 2.5 %) is drawn from a generator
seeded with the product, the market level and the date.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable
from decimal import Decimal

from market.demo.data import DEMO_SOURCE_PREFIX, PriceSeriesSpec
from market.demo.prices import LEVEL_MARKUP, PRICE_SERIES
from market.demo.rows import local_time
from market.enums import MarketLevel, PriceSource
from market.models import PriceObservation, Territory
from market.text import search_key

CENT = Decimal("0.01")
YEAR = 365.25

# Markets report at different times of the day: the fair in the morning, the series later.
_REPORTED_AT_HOUR = {MarketLevel.LOCAL: 9, MarketLevel.REGIONAL: 11, MarketLevel.NATIONAL: 12}


def daily_observations(days: Iterable[dt.date], territories: dict[str, Territory]) -> list[PriceObservation]:
    """Unsaved observations for every series, product and market level, on each of `days`."""
    days = list(days)
    observations = []
    for series in PRICE_SERIES:
        for name, local_price in series.products:
            amplitude, phase = _season(name)
            for level, territory_code, source, detail in _markets(series):
                territory = territories[territory_code]
                for day in days:
                    noise = random.Random(f"{name}|{level.value}|{day.isoformat()}").gauss(0, 0.025)
                    factor = 1 + amplitude * math.sin(2 * math.pi * (day.toordinal() + phase) / YEAR) + noise
                    price = (local_price * LEVEL_MARKUP[level] * Decimal(str(round(factor, 4)))).quantize(CENT)
                    observations.append(PriceObservation(
                        search_key=search_key(name), product_name=name, territory=territory, market_level=level,
                        price=price, currency=territory.currency, unit="kg", source=source,
                        source_detail=DEMO_SOURCE_PREFIX + detail,
                        observed_at=local_time(day, _REPORTED_AT_HOUR[level], territory.time_zone),
                    ))
    return observations


def _season(name: str) -> tuple[float, float]:
    """How much a product's price swings over the year (3-10 %) and when it peaks: the product's own."""
    rng = random.Random(f"season|{name}")
    return rng.uniform(0.03, 0.10), rng.uniform(0, YEAR)


def _markets(series: PriceSeriesSpec) -> tuple[tuple[MarketLevel, str, PriceSource, str], ...]:
    """(level, territory code, source, source detail) of the series' three markets."""
    return (
        (MarketLevel.LOCAL, series.local, PriceSource.SURVEY, series.local_source),
        (MarketLevel.REGIONAL, series.regional, PriceSource.OFFICIAL, series.regional_source),
        (MarketLevel.NATIONAL, series.national, PriceSource.OFFICIAL, series.national_source),
    )
