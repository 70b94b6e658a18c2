"""The member register: each producer's own entry, and the history of memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import Gender, MembershipEventKind

if TYPE_CHECKING:  # the models a relation points to, for the type checker only
    from market.models.organizations import Member, Organization
    from market.models.places import Person, Territory


class MemberEntry(Model):
    """A producer's own entry in their organization's register: community, production, family, gender.

    One per membership, kept through leaving and re-joining (the member row stays). Only the organization's
    approved admins read it, and gender only ever counts in totals. updated_at is market.clock's moment of the
    last change; version counts the changes (a form carries the one it was shown, so that it writes once);
    written_by is the admin who wrote it last for the member, until the member changes or confirms it.
    """

    id = fields.IntField(primary_key=True)
    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "market.Member", related_name="entry", on_delete=fields.CASCADE
    )
    member_id: int
    # Chosen among the territories below the organization's, else typed as the producer wrote it.
    community: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="member_entries", null=True, on_delete=fields.SET_NULL
    )
    community_id: int | None
    community_name = fields.CharField(max_length=120, default="")
    # What they produce: [{"product", "quantity", "unit", "season"}], the quantity a decimal as text.
    production: fields.JSONField[list[dict[str, str]]] = fields.JSONField(default=list)
    family_size = fields.SmallIntField(null=True)
    gender = fields.CharEnumField(Gender, max_length=16, null=True)
    updated_at = fields.DatetimeField()
    version = fields.IntField(default=0, db_default=0)
    written_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="member_entries_written", null=True, on_delete=fields.SET_NULL)
    written_by_id: int | None

    class Meta:
        table = "member_entry"


class MembershipEvent(Model):
    """A step of a person's membership of an organization: asked, approved, refused, left, asked again.

    Rows are only added: the member row holds the present, these the history, with when and by whom (the person
    themself for asking and leaving, the admin for an answer, NULL for the rows migration 0017 wrote from the
    members there).
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="membership_events", on_delete=fields.CASCADE
    )
    organization_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="membership_events", on_delete=fields.RESTRICT
    )
    person_id: int
    kind = fields.CharEnumField(MembershipEventKind, max_length=16)
    at = fields.DatetimeField()
    by_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="membership_events_made", null=True, on_delete=fields.RESTRICT
    )
    by_person_id: int | None

    class Meta:
        table = "membership_event"
        indexes = (("organization_id", "person_id"),)
