"""Fair-market events: a feria an organization or a network announces, with its date, place and participants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.models.base import created_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.organizations import Organization
    from market.models.places import Person, Territory
    from market.models.seals import PgsNetwork


class FairEvent(Model):
    """A feria announced by an organization or a PGS network, at a moment and a place in a territory."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="fair_events", null=True, on_delete=fields.CASCADE
    )
    organization_id: int | None
    network: fields.ForeignKeyNullableRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="fair_events", null=True, on_delete=fields.CASCADE
    )
    network_id: int | None
    title = fields.CharField(max_length=160)
    # When it opens, as a moment: shown in the territory's time zone.
    starts_at = fields.DatetimeField()
    # When it closes, if the announcer said (after the start; a feria over several days ends on a later one).
    ends_at = fields.DatetimeField(null=True)
    place = fields.CharField(max_length=255)
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="fair_events", on_delete=fields.RESTRICT
    )
    territory_id: int
    # Who takes part (organizations, producers), as the announcer wrote it.
    participants = fields.TextField(default="")
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="fair_events", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "fair_event"
        indexes = (("territory_id", "starts_at"),)
        constraints = (
            CheckConstraint(check="organization_id IS NOT NULL OR network_id IS NOT NULL",
                            name="fair_event_has_an_announcer"),
        )
