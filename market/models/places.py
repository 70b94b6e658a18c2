"""Territories, their unit conversions, and the people known to the system."""

from __future__ import annotations

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import TerritoryLevel, TerritoryStatus
from market.models.base import created_at, currency, quantity, unit_code, updated_at


class Territory(Model):
    """A place at some level, with the currency and time zone its dates and prices use."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=128)
    level = fields.CharEnumField(TerritoryLevel, max_length=16)
    parent: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None
    country_code = fields.CharField(max_length=2)
    currency = currency()
    time_zone = fields.CharField(max_length=64)
    # ISO 3166 code of a country ("BO") or of its first-level subdivision ("BO-S"): the row pycountry's place
    # lands on (market.services.territories.places); NULL for municipalities and communities.
    iso_code = fields.CharField(max_length=8, unique=True, null=True)
    # A community a person proposed waits for an operator and is shown only to them until approved; rows
    # written before proposals existed are approved (the database's default too).
    status = fields.CharEnumField(
        TerritoryStatus, max_length=16, default=TerritoryStatus.APPROVED, db_default=TerritoryStatus.APPROVED)
    proposed_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="territories_proposed", null=True, on_delete=fields.SET_NULL)
    proposed_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "territory"
        indexes = (("parent_id",), ("country_code", "level"), ("status",))


class UnitConversion(Model):
    """How many base units one local unit is here: a quintal is 46 kg in Bolivia."""

    id = fields.IntField(primary_key=True)
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="unit_conversions", on_delete=fields.CASCADE
    )
    territory_id: int
    unit = unit_code()
    base_unit = unit_code()
    factor = quantity()

    class Meta:
        table = "unit_conversion"
        unique_together = (("territory_id", "unit"),)
        constraints = (CheckConstraint(check="CAST(factor AS NUMERIC) > 0", name="unit_conversion_factor_positive"),)


class Person(Model):
    """Anyone known to the system. Most are known by their Telegram user id."""

    id = fields.IntField(primary_key=True)
    telegram_user_id = fields.BigIntField(unique=True, null=True)
    name = fields.CharField(max_length=128)
    username = fields.CharField(max_length=64, null=True)
    # The language the person chose; None means "guess from Telegram's language_code".
    locale = fields.CharField(max_length=16, null=True)
    language_code = fields.CharField(max_length=16, null=True)
    territory: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="people", null=True, on_delete=fields.SET_NULL
    )
    territory_id: int | None
    # When the bot first asked where the person is (their searches show the nearest first): asked once.
    place_asked_at = fields.DatetimeField(null=True)
    phone = fields.CharField(max_length=32, null=True)
    # A person who asked to be forgotten keeps their row (ledger entries point here) without a name.
    forgotten_at = fields.DatetimeField(null=True)
    # Alerts wait (never dropped) while muted and during the daily quiet hours, read in the person's
    # territory's time zone, in minutes after local midnight (a TimeField would be shifted as UTC by
    # tortoise); a start after the end spans midnight (1320 → 360 is 22:00 → 06:00).
    alerts_muted_until = fields.DatetimeField(null=True)
    quiet_from_minute = fields.SmallIntField(null=True)
    quiet_until_minute = fields.SmallIntField(null=True)
    created_at = created_at()
    updated_at = updated_at()

    class Meta:
        table = "person"
