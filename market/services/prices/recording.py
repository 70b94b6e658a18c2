"""Recording a market price seen by a coordinator or a producer, and what such a price may be (its unit, currency,
range and moment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from babel.languages import get_official_languages
from tortoise.transactions import in_transaction

from market import clock
from market.enums import (
    GroupMemberStatus,
    GroupRole,
    MarketLevel,
    MembershipStatus,
    PriceSource,
    TerritoryLevel,
)
from market.errors import Forbidden, Invalid, NotFound
from market.models import (
    GroupMember,
    Member,
    Organization,
    Person,
    PriceObservation,
    PurchasingGroup,
    Territory,
)
from market.orm import value_of
from market.rules.names import same_name
from market.rules.units import LOCAL_DEFAULTS, STANDARD
from market.services.alerts.fanout import owe_price_observation_alerts
from market.services.prices.places import load_place
from market.services.prices.summaries import MAX_NAME, name_stems
from market.services.territories.units import local_units
from market.spreadsheet import starts_like_formula
from market.text import search_key

MAX_PRICE = Decimal(1_000_000)




COUNTED_UNITS = frozenset({"unit", "dozen", "bunch", "bag", "sack", "box", "jar", "bottle"})


# A clock a few minutes fast is not a price from the future.
CLOCK_SKEW = timedelta(minutes=5)


async def may_record_prices(person_id: int) -> bool:
    """Coordinators of a purchasing group and approved members of an organization record market prices."""
    return (await GroupMember.exists(person_id=person_id, role=GroupRole.COORDINATOR, status=GroupMemberStatus.ACTIVE)
            or await Member.exists(person_id=person_id, status=MembershipStatus.APPROVED))


@dataclass(frozen=True, slots=True)
class RecordMarketPrice:
    """A price seen at a market level of a territory: the product as typed, per a unit (in the place's currency)."""

    product_text: str
    territory_id: int
    level: MarketLevel
    price: Decimal
    unit: str
    currency: str | None = None  # None: the place's
    observed_at: datetime | None = None  # None: now


async def record_market_price(command: RecordMarketPrice, *, by_person_id: int) -> int:
    """A market price a coordinator or an organization's member saw; the observation's id.

    It joins the series of the product's name as already known in the country ("tomates" is "tomate").
    """
    if not await may_record_prices(by_person_id):
        raise Forbidden("not_allowed_to_record_prices")
    place = await load_place(command.territory_id)
    name = " ".join((command.product_text or "").split())
    if not name or len(name) > MAX_NAME:
        raise Invalid("bad_product_name", max=MAX_NAME)
    if starts_like_formula(name):
        raise Invalid("bad_name", product=name)
    now, observed_at = clock.now(), command.observed_at
    check_observation(command.price, command.unit, command.currency or place.currency, place.currency,
                      await local_units(command.territory_id))
    if observed_at is not None and observed_at > now + CLOCK_SKEW:
        raise Invalid("observed_in_future")
    key, name = await _known_name(name, place.country_code)
    async with in_transaction():  # the price and the alerts it owes (below someone's threshold) together
        observation = await PriceObservation.create(
            search_key=key, product_name=name, territory_id=command.territory_id,
            market_level=MarketLevel(command.level), price=command.price, currency=place.currency, unit=command.unit,
            source=PriceSource.COORDINATOR, observed_at=observed_at or now, recorded_by_id=by_person_id,
        )
        await owe_price_observation_alerts(observation)
    return observation.id


def check_observation(price: Decimal, unit: str, currency: str, expected_currency: str,
                      local: dict[str, tuple[str, Decimal]]) -> None:
    """A price above zero and at most 1,000,000, in a known unit and the place's currency."""
    if not isinstance(price, Decimal) or not price.is_finite() or not 0 < price <= MAX_PRICE:
        raise Invalid("bad_price", max=MAX_PRICE)
    if unit not in known_units(local):
        raise Invalid("unknown_unit", unit=unit)
    if currency != expected_currency:
        raise Invalid("currency_mismatch", currency=currency, expected=expected_currency)


def known_units(local: dict[str, tuple[str, Decimal]]) -> frozenset[str]:
    """The unit codes a price may be per: the standard ones, the Andean weights, the place's, counted units."""
    return frozenset(STANDARD) | frozenset(LOCAL_DEFAULTS) | frozenset(local) | COUNTED_UNITS


async def _known_name(name: str, country_code: str) -> tuple[str, str]:
    """The key and name under which the country already records this product, else the name's own."""
    rows = await PriceObservation.filter(*name_stems(name), territory__country_code=country_code).order_by(
        "-observed_at").limit(200).values_list("search_key", "product_name")
    return next(((k, n) for k, n in rows if same_name(k, name)), (search_key(name), name))


async def default_price_territory(person_id: int) -> int:
    """The person's territory, else their organization's or group's, else the first country of their language."""
    person = await Person.filter(id=person_id).first().values("territory_id", "locale", "language_code")
    if person is None:
        raise NotFound("person_not_found")
    own: int | None = person["territory_id"]
    if own is not None:
        return own
    organization_place = await value_of(Organization.filter(
        members__person_id=person_id, members__status=MembershipStatus.APPROVED,
    ).order_by("id").first(), "territory_id", int)
    if organization_place is not None:
        return organization_place
    group_place = await value_of(PurchasingGroup.filter(
        members__person_id=person_id, members__status=GroupMemberStatus.ACTIVE,
    ).order_by("id").first(), "territory_id", int)
    if group_place is not None:
        return group_place
    language = (person["locale"] or person["language_code"] or "es").replace("-", "_").split("_")[0].lower()
    countries: list[tuple[int, str]] = await Territory.filter(  # (id, country_code)
        level=TerritoryLevel.COUNTRY).order_by("id").values_list("id", "country_code")
    if not countries:
        raise NotFound("territory_not_found")
    return next((tid for tid, code in countries if language in get_official_languages(code, de_facto=True)),
                countries[0][0])
