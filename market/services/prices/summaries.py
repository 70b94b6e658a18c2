"""What a product costs around a place: market medians, their trend, the fair price and the catalog's offers.

Observations are keyed by name (`search_key`), not by product: "tomate" at the fair of Comarapa.
The three markets of a place, as the demo records them (market.demo.series):

    local     observations marked local in the place's municipality and below it (a community
              looks at its municipality's fair; a region or a country at every local fair in it)
    regional  observations marked regional in the place's region and below it (the wholesale market
              of the department or state; without a region above, the whole country)
    national  observations marked national anywhere in the country (the national series)

Every price is per one base unit, converted through the place's weights (a quintal is 46 kg in
Bolivia): "kg" when most of what is known weighs, "l" when it is measured, else the counted unit
most use. Prices in another currency than the place's, or in units that do not convert, are left out.
So is a producer's price far from the survey or official price of the same market and days
(market.rules.market_prices): each level says how many it left out.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tortoise.expressions import Q

from market import clock
from market.enums import (
    MarketLevel,
    OfferStatus,
    PriceSource,
)
from market.errors import Invalid, NotFound
from market.models import (
    FairPrice,
    Offer,
    PriceObservation,
)
from market.orm import Row
from market.rules.market_prices import counted_prices, reference_price
from market.rules.names import name_forms, same_name
from market.rules.units import LOCAL_DEFAULTS, STANDARD, price_per
from market.services.prices.names import known_name
from market.services.prices.observations import record_offer_price  # noqa: F401 (part of this module's interface)
from market.services.prices.places import Place, load_place
from market.services.territories.units import local_units
from market.text import search_key

WINDOW_DAYS = 14
# The earlier window is the 14 days that ended 30 days before today.
PREVIOUS_ENDS_DAYS_AGO = 30
LEVELS = (MarketLevel.LOCAL, MarketLevel.REGIONAL, MarketLevel.NATIONAL)
PLACES = Decimal("0.0001")
MAX_NAME = 160
Units = dict[str, tuple[str, Decimal]]  # a territory's own weights, as local_units gives them


@dataclass(frozen=True)
class LevelPrice:
    level: MarketLevel
    median: Decimal | None            # per base unit, last 14 days (None: no observation)
    observations: int
    previous_median: Decimal | None   # the 14 days that ended 30 days before today
    trend: Decimal | None             # (median - previous) / previous: Decimal("0.12") is +12 %
    left_out: int = 0                 # producer prices of the 14 days far from the survey/official median


@dataclass(frozen=True)
class FairPriceSummary:
    price: Decimal                    # per base unit, in the territory's currency
    producer_share: Decimal
    transport: Decimal
    solidarity_fund: Decimal
    other_costs: Decimal
    declared_by: str                  # organization or network name
    valid_from: date


@dataclass(frozen=True)
class PriceSummary:
    product_name: str                 # as the observations / fair price name it ("Tomate")
    search_key: str
    territory_id: int
    territory_name: str
    country_code: str
    time_zone: str
    currency: str
    base_unit: str                    # "kg", "l" or a counted unit ("dozen", "unit")
    levels: tuple[LevelPrice, ...]    # always the three levels, in that order
    fair_price: FairPriceSummary | None
    offers: tuple[Decimal, Decimal, int] | None   # min, max price per base unit of catalog offers, count


@dataclass(frozen=True)
class PricePoint:
    day: date
    price: Decimal                    # median of that day's observations, per base unit


@dataclass(frozen=True)
class PriceSeries:
    summary: PriceSummary
    days: int
    points: dict[MarketLevel, tuple[PricePoint, ...]]   # oldest first, days with observations only


@dataclass(frozen=True)
class _Known:
    """Everything found for the product around the place, prices still in their own units."""

    place: Place
    local: Units
    observations: list[Row]           # market_level, product_name, search_key, price, unit, source, day
    fair_price: FairPrice | None
    offers: list[Row]                 # price, unit, product__name, product__search_key


async def price_summary(product_text: str, *, territory_id: int, today: date | None = None) -> PriceSummary:
    """The product's prices around the territory; NotFound("price_product_not_found") when nothing names it."""
    known = await _known(product_text, territory_id, today, WINDOW_DAYS + PREVIOUS_ENDS_DAYS_AGO - 1)
    return _summary(known, today)


async def has_market_prices(product_text: str, *, territory_id: int) -> bool:
    """Whether the product's price page around the territory shows a market's median (a link to it is worth
    following): False when nothing names the product there, or when no market has a price of the last 14 days."""
    try:
        summary = await price_summary(product_text, territory_id=territory_id)
    except NotFound:
        return False
    return any(level.median is not None for level in summary.levels)


async def price_series(
    product_text: str, *, territory_id: int, days: int = 90, today: date | None = None
) -> PriceSeries:
    """The summary, and each level's daily median over the last `days` days (today included)."""
    if not 1 <= days <= 366:
        raise Invalid("invalid_parameter", parameter="days", min=1, max=366)
    back = max(days - 1, WINDOW_DAYS + PREVIOUS_ENDS_DAYS_AGO - 1)
    known = await _known(product_text, territory_id, today, back)
    summary = _summary(known, today)
    today = today or known.place.today()
    first = today - timedelta(days=days - 1)
    per_day: dict[MarketLevel, dict[date, list[tuple[PriceSource, Decimal]]]] = {
        level: defaultdict(list) for level in LEVELS}
    for row, price in _converted(known.observations, summary.base_unit, known.local):
        per_day[row["market_level"]][row["day"]].append((row["source"], price))
    points = {level: tuple(_points(per_day[level], first, today)) for level in LEVELS}
    return PriceSeries(summary, days, points)


def _points(
    per_day: dict[date, list[tuple[PriceSource, Decimal]]], first: date, today: date
) -> Iterator[PricePoint]:
    """Each day's median from `first` to `today`, a producer's far price judged against the 14 days up to it."""
    for day in sorted(d for d in per_day if first <= d <= today):
        window = [seen for d, prices in per_day.items() if day - timedelta(days=WINDOW_DAYS - 1) <= d <= day
                  for seen in prices]
        counted, _ = counted_prices(per_day[day], reference_price(window))
        if counted:
            yield PricePoint(day, _median(counted))


async def _known(product_text: str, territory_id: int, today: date | None, days_back: int) -> _Known:
    """A constant number of queries: the place, its weights, then observations, fair price and offers at once."""
    name = search_key(product_text or "")
    if not name or len(name) > MAX_NAME:
        raise NotFound("price_product_not_found")
    place = await load_place(territory_id)
    local = await local_units(territory_id)
    today = today or place.today()
    # "queijo" asks for "queijo colonial" when that is the name prices are known by (the catalog's matching).
    product_text = await known_name(product_text, place)
    stems = name_stems(product_text)
    scope = Q(*(Q(market_level=level, territory_id__in=place.scopes[level]) for level in LEVELS), join_type="OR")
    rows = await PriceObservation.filter(
        scope, *stems, currency=place.currency,
        observed_at__gte=place.day_start(today - timedelta(days=days_back)),
        observed_at__lt=place.day_start(today + timedelta(days=1)),
    ).values("market_level", "product_name", "search_key", "price", "unit", "observed_at", "source")
    observations = [
        {**row, "market_level": MarketLevel(row["market_level"]), "source": PriceSource(row["source"]),
         "day": place.local_day(row["observed_at"])}
        for row in rows if same_name(row["search_key"], product_text)
    ]
    fair_price = await _fair_price(place, product_text, stems, today)
    offers = [o for o in await _offers(place, product_text) if same_name(o["product__search_key"], product_text)]
    if not observations and fair_price is None and not offers:
        raise NotFound("price_product_not_found")
    return _Known(place, local, observations, fair_price, offers)


def _summary(known: _Known, today: date | None) -> PriceSummary:
    place = known.place
    today = today or place.today()
    base = _base_unit([o["unit"] for o in known.observations] + [o["unit"] for o in known.offers]
                      + ([known.fair_price.unit] if known.fair_price else []), known.local)
    recent = (today - timedelta(days=WINDOW_DAYS - 1), today)
    ended = today - timedelta(days=PREVIOUS_ENDS_DAYS_AGO)
    previous = (ended - timedelta(days=WINDOW_DAYS - 1), ended)
    windows: dict[tuple[MarketLevel, bool], list[tuple[PriceSource, Decimal]]] = defaultdict(list)
    for row, price in _converted(known.observations, base, known.local):
        for is_recent, (start, end) in ((True, recent), (False, previous)):
            if start <= row["day"] <= end:
                windows[row["market_level"], is_recent].append((row["source"], price))
    levels = tuple(_level(level, windows[level, True], windows[level, False]) for level in LEVELS)
    offer_prices = [price for _, price in _converted(known.offers, base, known.local)]
    name, key = _name_and_key(known)
    return PriceSummary(
        product_name=name, search_key=key, territory_id=place.id,
        territory_name=place.name, country_code=place.country_code, time_zone=place.time_zone,
        currency=place.currency, base_unit=base, levels=levels,
        fair_price=_fair_summary(known.fair_price, base, known.local) if known.fair_price else None,
        offers=(min(offer_prices), max(offer_prices), len(offer_prices)) if offer_prices else None,
    )


def _level(level: MarketLevel, recent: list[tuple[PriceSource, Decimal]],
           previous: list[tuple[PriceSource, Decimal]]) -> LevelPrice:
    counted, left_out = counted_prices(recent, reference_price(recent))
    counted_before, _ = counted_prices(previous, reference_price(previous))
    median = _median(counted) if counted else None
    before = _median(counted_before) if counted_before else None
    trend = ((median - before) / before).quantize(PLACES) if median is not None and before else None
    return LevelPrice(level, median, len(counted), before, trend, left_out)


def _median(prices: list[Decimal]) -> Decimal:
    return Decimal(statistics.median(prices)).quantize(PLACES)


def _converted(rows: list[Row], base: str, local: Units) -> Iterator[tuple[Row, Decimal]]:
    """(row, price per base unit) for each row whose unit converts to `base`."""
    for row in rows:
        price = price_per(Decimal(row["price"]), row["unit"], base, local)
        if price is not None:
            yield row, price


def _base_unit(units: list[str], local: dict[str, tuple[str, Decimal]]) -> str:
    """The base most prices convert to; a tie goes to kg, then l, then the first name.

    | units                      | base   |
    |----------------------------|--------|
    | kg, quintal, dozen         | kg     |
    | l, ml, kg                  | l      |
    | dozen, dozen, unit         | dozen  |
    | (none)                     | kg     |
    """
    factors = {**STANDARD, **LOCAL_DEFAULTS, **local}
    counts = Counter(factors[u][0] if u in factors else u for u in units)
    if not counts:
        return "kg"
    return min(counts, key=lambda b: (-counts[b], b != "kg", b != "l", b))


def _fair_summary(fair: FairPrice, base: str, local: Units) -> FairPriceSummary | None:
    # The breakdown converts with the same factor as the price, so its parts still add up.
    factor = price_per(Decimal(1), fair.unit, base, local)
    if factor is None:
        return None
    price, share, transport, fund, other = ((Decimal(p) * factor).quantize(PLACES) for p in (
        fair.price, fair.producer_share, fair.transport, fair.solidarity_fund, fair.other_costs))
    declarer = fair.organization if fair.organization_id else fair.network  # one, by a CHECK; both fetched
    assert declarer is not None
    return FairPriceSummary(price, share, transport, fund, other, declared_by=declarer.name, valid_from=fair.valid_from)


async def _fair_price(place: Place, product_text: str, stems: list[Q], today: date) -> FairPrice | None:
    """The fair price valid today, declared on the place or the nearest place above it; a network's first.

    A network speaks for every producer of the place; an organization's fair price is its own, and
    shows only where no network declared one at that place.
    """
    candidates = await FairPrice.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today), *stems,
        territory_id__in=place.chain, valid_from__lte=today, currency=place.currency,
    ).select_related("organization", "network")
    candidates = [f for f in candidates if same_name(f.search_key, product_text)]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (
        place.chain.index(f.territory_id), f.network_id is None, -f.valid_from.toordinal(), -f.id))


async def _offers(place: Place, product_text: str) -> list[Row]:
    """The catalog's offers on sale in the place's country, with stock and a price."""
    return await Offer.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=clock.now()), *name_stems(product_text, "product__"),
        status=OfferStatus.ACTIVE, stock__gt=0, price__gt=0, currency=place.currency, product__active=True,
        product__organization__territory__country_code=place.country_code,
    ).order_by("product__search_key", "id").values("price", "unit", "product__name", "product__search_key")


def name_stems(product_text: str, prefix: str = "") -> list[Q]:
    """A name matching `product_text` word by word (same_name) contains each word's shortest form."""
    return [Q(**{f"{prefix}search_key__contains": min(forms, key=len)}) for forms in name_forms(product_text)]


def _name_and_key(known: _Known) -> tuple[str, str]:
    """The product's name and search key: the latest observation's, else the fair price's, else an offer's."""
    if known.observations:
        latest = max(known.observations, key=lambda o: o["observed_at"])
        return latest["product_name"], latest["search_key"]
    if known.fair_price is not None:
        return known.fair_price.product_name, known.fair_price.search_key
    return known.offers[0]["product__name"], known.offers[0]["product__search_key"]


