"""The people who look after one Feria installation, and their decisions on what waits for approval."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import DecisionKind
from market.models.base import created_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.places import Person


class Operator(Model):
    """A person's role as an operator of this installation, from when they were named until removed.

    A removal ends the row (removed_at, removed_by) and never deletes it: the rows are the history of who
    looked after the installation. A person has at most one row without removed_at (market.services.operators
    keeps that, the person's row locked). named_by is NULL for an operator named from the command line.
    """

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="operator_roles", on_delete=fields.RESTRICT
    )
    person_id: int
    named_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="operators_named", null=True, on_delete=fields.RESTRICT
    )
    named_by_id: int | None
    named_at = created_at()
    removed_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="operators_removed", null=True, on_delete=fields.RESTRICT
    )
    removed_by_id: int | None
    removed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "operator"
        indexes = (("person_id", "removed_at"), ("removed_at",))


class Decision(Model):
    """An operator's decision on something that waited for approval: approved or refused, why, by whom and when.

    The thing is named by its kind and id (an organization, a PGS network, a proposed territory, a category):
    one table for every kind, so the queue and the record read alike whatever is decided. Kept for good.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(DecisionKind, max_length=16)
    subject_id = fields.IntField()
    approved = fields.BooleanField()
    # Required for a refusal (the person who asked reads it), optional for an approval.
    reason = fields.TextField(default="")
    by_person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="decisions", on_delete=fields.RESTRICT
    )
    by_person_id: int
    at = created_at()

    class Meta:
        table = "decision"
        indexes = (("kind", "subject_id"),)
