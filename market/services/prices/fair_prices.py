"""Fair prices: an organization or a PGS network declares what a product should cost in a territory, part by part.

Buyers see the breakdown on the product card and the price page, so the parts are stored as
declared (rounded to the currency's minor unit) and the price is their sum, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tortoise.transactions import in_transaction

from market.enums import UNIT_CODES
from market.errors import Invalid, NotFound
from market.models import FairPrice, Territory
from market.orm import value_of
from market.rules.amounts import round_money
from market.services.catalog.version import bump_catalog_version

# Who may announce a feria may declare a fair price: the same two checks, kept in one place.
from market.services.prices.fairs import _check_announcer as check_declarer
from market.text import search_key

MAX_PRODUCT_NAME = 160
# The money column holds 12 digits before the point.
MAX_PRICE = Decimal("1e12")


@dataclass(frozen=True)
class DeclaredFairPrice:
    """A fair price as its declarer wrote it, for the confirmation they read back."""

    id: int
    product_name: str
    territory_code: str
    territory_name: str
    price: Decimal
    currency: str
    unit: str
    producer_share: Decimal
    transport: Decimal
    solidarity_fund: Decimal
    other_costs: Decimal
    valid_from: date
    valid_until: date | None
    declared_by: str  # the organization's or the network's name


@dataclass(frozen=True, slots=True)
class DeclareFairPrice:
    """A fair price to declare: a product's price in a territory, part by part, by an organization or a network."""

    product: str
    territory_id: int
    unit: str
    producer_share: Decimal
    valid_from: date
    transport: Decimal = Decimal(0)
    solidarity_fund: Decimal = Decimal(0)
    other_costs: Decimal = Decimal(0)
    valid_until: date | None = None
    organization_id: int | None = None
    network_id: int | None = None

    def __post_init__(self) -> None:
        if (self.organization_id is None) == (self.network_id is None):
            raise Invalid("fair_declarer_needed")


async def declare_fair_price(command: DeclareFairPrice, *, by_person_id: int) -> int:
    """Record the fair price and raise the catalog version with it (the product cards show it); return its id.

    The person must be an approved admin of the organization, or an active reviewer of the network.
    """
    await check_declarer(by_person_id, command.organization_id, command.network_id)
    name, valid_from, valid_until = command.product.strip(), command.valid_from, command.valid_until
    if not search_key(name) or len(name) > MAX_PRODUCT_NAME:
        raise Invalid("fair_product_name_length", max=MAX_PRODUCT_NAME)
    if command.unit not in UNIT_CODES:
        raise Invalid("unknown_unit", unit=command.unit)
    if valid_until is not None and valid_until < valid_from:
        raise Invalid("fair_price_ends_before_it_starts", valid_from=valid_from, valid_until=valid_until)
    currency = await value_of(Territory.filter(id=command.territory_id).first(), "currency", str)
    if currency is None:
        raise NotFound("territory_not_found")
    parts = _rounded_parts(currency, producer_share=command.producer_share, transport=command.transport,
                           solidarity_fund=command.solidarity_fund, other_costs=command.other_costs)
    price = sum(parts.values())
    if not 0 < price < MAX_PRICE:
        raise Invalid("fair_price_out_of_range", price=price, max=MAX_PRICE)
    async with in_transaction():
        fair_price = await FairPrice.create(
            search_key=search_key(name), product_name=name[0].upper() + name[1:], territory_id=command.territory_id,
            organization_id=command.organization_id, network_id=command.network_id, price=price, currency=currency,
            unit=command.unit, valid_from=valid_from, valid_until=valid_until, producer_share=parts["producer_share"],
            transport=parts["transport"], solidarity_fund=parts["solidarity_fund"], other_costs=parts["other_costs"],
        )
        await bump_catalog_version()
    return fair_price.id


async def get_declared_fair_price(fair_price_id: int) -> DeclaredFairPrice:
    row = await FairPrice.filter(id=fair_price_id).first().values(
        "id", "product_name", "price", "currency", "unit", "producer_share", "transport", "solidarity_fund",
        "other_costs", "valid_from", "valid_until", territory_code="territory__code",
        territory_name="territory__name", organization_name="organization__name", network_name="network__name")
    if row is None:
        raise NotFound("fair_price_not_found")
    organization_name, network_name = row.pop("organization_name"), row.pop("network_name")
    # SQLite hands decimals back as text or floats: read them back as money in the currency.
    for part in ("price", "producer_share", "transport", "solidarity_fund", "other_costs"):
        row[part] = round_money(Decimal(str(row[part])), row["currency"])
    return DeclaredFairPrice(**row, declared_by=organization_name or network_name)


def _rounded_parts(currency: str, **parts: Decimal) -> dict[str, Decimal]:
    """Each part rounded to the minor unit (0.705 BOB is 0.71; 2500.4 PYG is 2500).

    Rounding the parts, not their sum, keeps the price exactly the sum buyers see.
    """
    rounded = {}
    for name, amount in parts.items():
        amount = Decimal(amount)
        if not amount.is_finite() or amount < 0:
            raise Invalid("fair_price_part_negative", part=name, amount=str(amount))
        rounded[name] = round_money(amount, currency)
    return rounded
