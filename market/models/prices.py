"""Price information: market prices observed, and fair prices declared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import MarketLevel, PriceSource
from market.models.base import created_at, currency, money, unit_code, unit_price

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Product
    from market.models.organizations import Organization
    from market.models.places import Person, Territory
    from market.models.seals import PgsNetwork


class PriceObservation(Model):
    """A price seen for a product in a territory at a market level, from a source, at a time.

    Market prices are for a product in general ("tomate"), not one organization's product,
    so they are keyed by `search_key`; `product` is set when the price came from an offer.
    """

    id = fields.IntField(primary_key=True)
    search_key = fields.CharField(max_length=160)
    product_name = fields.CharField(max_length=160)
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "market.Product", related_name="price_observations", null=True, on_delete=fields.SET_NULL
    )
    product_id: int | None
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="price_observations", on_delete=fields.RESTRICT
    )
    territory_id: int
    market_level = fields.CharEnumField(MarketLevel, max_length=16)
    price = unit_price()
    currency = currency()
    unit = unit_code()
    source = fields.CharEnumField(PriceSource, max_length=16)
    source_detail = fields.CharField(max_length=160, default="")
    observed_at = fields.DatetimeField()
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="price_observations", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "price_observation"
        indexes = (("search_key", "territory_id", "observed_at"),)


class FairPrice(Model):
    """The reference price a network or organization declares for a product in a territory."""

    id = fields.IntField(primary_key=True)
    search_key = fields.CharField(max_length=160)
    product_name = fields.CharField(max_length=160)
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="fair_prices", on_delete=fields.RESTRICT
    )
    territory_id: int
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="fair_prices", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    network: fields.ForeignKeyNullableRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="fair_prices", null=True, on_delete=fields.RESTRICT
    )
    network_id: int | None
    price = money()
    currency = currency()
    unit = unit_code()
    # The breakdown shown to buyers; the parts add up to `price`.
    producer_share = money()
    transport = money(default=0)
    solidarity_fund = money(default=0)
    other_costs = money(default=0)
    valid_from = fields.DateField()
    valid_until = fields.DateField(null=True)
    created_at = created_at()

    class Meta:
        table = "fair_price"
        indexes = (("search_key", "territory_id", "valid_from"),)
        constraints = (
            CheckConstraint(
                check="organization_id IS NOT NULL OR network_id IS NOT NULL", name="fair_price_has_a_declarer"
            ),
            CheckConstraint(
                # Within half a cent: SQLite adds these as floating point numbers.
                check="ABS(CAST(price AS NUMERIC) - CAST(producer_share AS NUMERIC) - CAST(transport AS NUMERIC)"
                " - CAST(solidarity_fund AS NUMERIC) - CAST(other_costs AS NUMERIC)) < 0.005",
                name="fair_price_breakdown_adds_up",
            ),
        )
