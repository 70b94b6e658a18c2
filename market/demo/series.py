"""The demo's daily market prices: a mild trend and some noise, the same on every run."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from market.demo.data import DEMO_SOURCE_PREFIX, PriceSeriesSpec
from market.demo.prices import DAYS, LEVEL_MARKUP, PRICE_SERIES
from market.demo.rows import local_time
from market.models import PriceObservation, Territory
from market.models.enums import MarketLevel, PriceSource
from market.text import search_key

CENT = Decimal("0.01")

# Markets report at different times of the day: the fair in the morning, the series later.
_REPORTED_AT_HOUR = {MarketLevel.LOCAL: 9, MarketLevel.REGIONAL: 11, MarketLevel.NATIONAL: 12}


def daily_observations(today: dt.date, territories: dict[str, Territory]) -> list[PriceObservation]:
    """Unsaved observations for every series, product and market level, for the DAYS up to `today`."""
    # A fixed seed: two databases seeded on the same day hold the same prices.
    rng = random.Random(20_240_306)
    observations = []
    for series in PRICE_SERIES:
        for name, local_price in series.products:
            trend = rng.uniform(-0.06, 0.10)
            for level, territory_code, source, detail in _markets(series):
                territory = territories[territory_code]
                for n in range(DAYS):
                    day = today - dt.timedelta(days=DAYS - 1 - n)
                    factor = 1 + trend * n / (DAYS - 1) + rng.gauss(0, 0.025)
                    price = (local_price * LEVEL_MARKUP[level] * Decimal(str(round(factor, 4)))).quantize(CENT)
                    observations.append(PriceObservation(
                        search_key=search_key(name), product_name=name, territory=territory, market_level=level,
                        price=price, currency=territory.currency, unit="kg", source=source,
                        source_detail=DEMO_SOURCE_PREFIX + detail,
                        observed_at=local_time(day, _REPORTED_AT_HOUR[level], territory.time_zone),
                    ))
    return observations


def _markets(series: PriceSeriesSpec):
    """(level, territory code, source, source detail) of the series' three markets."""
    return (
        (MarketLevel.LOCAL, series.local, PriceSource.SURVEY, series.local_source),
        (MarketLevel.REGIONAL, series.regional, PriceSource.OFFICIAL, series.regional_source),
        (MarketLevel.NATIONAL, series.national, PriceSource.OFFICIAL, series.national_source),
    )
