"""Fair-market events: a feria an organization or a network announces, with its date, place and participants."""

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.models.base import created_at


class FairEvent(Model):
    """A feria announced by an organization or a PGS network, at a moment and a place in a territory."""

    id = fields.IntField(primary_key=True)
    organization = fields.ForeignKeyField(
        "market.Organization", related_name="fair_events", null=True, on_delete=fields.CASCADE
    )
    network = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="fair_events", null=True, on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=160)
    # When it opens, as a moment: shown in the territory's time zone.
    starts_at = fields.DatetimeField()
    place = fields.CharField(max_length=255)
    territory = fields.ForeignKeyField("market.Territory", related_name="fair_events", on_delete=fields.RESTRICT)
    # Who takes part (organizations, producers), as the announcer wrote it.
    participants = fields.TextField(default="")
    created_by = fields.ForeignKeyField(
        "market.Person", related_name="fair_events", null=True, on_delete=fields.SET_NULL
    )
    created_at = created_at()

    class Meta:
        table = "fair_event"
        indexes = (("territory_id", "starts_at"),)
        constraints = (
            CheckConstraint(check="organization_id IS NOT NULL OR network_id IS NOT NULL",
                            name="fair_event_has_an_announcer"),
        )
