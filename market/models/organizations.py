"""Producer organizations, their members and their board."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import (
    BoardRole,
    DeclarationKind,
    LegalForm,
    Maturity,
    MemberRole,
    MembershipStatus,
    OrganizationStatus,
)
from market.models.base import created_at, rate

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.places import Person, Territory


class Organization(Model):
    """A cooperative, association, OECA, CORACA or community enterprise that sells."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=160)
    legal_form = fields.CharEnumField(LegalForm, max_length=32)
    maturity = fields.CharEnumField(Maturity, max_length=16)
    # An organization waits for an operator (market.services.operators.decisions); only approved ones are
    # public. The database's default too, so that a row written by hand waits; those written before
    # operators existed were approved by migration 0015.
    status = fields.CharEnumField(
        OrganizationStatus, max_length=16, default=OrganizationStatus.PENDING, db_default=OrganizationStatus.PENDING
    )
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="organizations", on_delete=fields.RESTRICT
    )
    territory_id: int
    # Share of each sale that goes to the solidarity fund: 0.0500 is 5 %.
    solidarity_fund_rate = rate(default=0)
    # Share of each sale the organization keeps for its costs (0 to 0.30): what producers are owed is less it.
    margin_rate = rate(default=0, db_default=0)
    description = fields.TextField(default="")
    # Where consumers collect direct orders (a fair stall, the association's office).
    pickup_point = fields.TextField(default="")
    tax_number = fields.CharField(max_length=32, null=True)
    # The logo a registrant sent as a photo: Telegram's file_id, which the bot sends again as it is.
    logo_file_id = fields.CharField(max_length=255, null=True)
    # The deep link an admin sends to producers who want to join (made when first asked for).
    producer_invite_code = fields.CharField(max_length=32, unique=True, null=True)
    # How long the board serves before it is renewed (market.rules.board); the database's default too.
    term_months = fields.SmallIntField(default=12, db_default=12)
    created_at = created_at()

    class Meta:
        table = "organization"
        indexes = (("territory_id",), ("legal_form",))
        constraints = (
            CheckConstraint(
                check="CAST(solidarity_fund_rate AS NUMERIC) >= 0 AND CAST(solidarity_fund_rate AS NUMERIC) < 1",
                name="organization_fund_rate_range",
            ),
        )


class PickupPoint(Model):
    """One of the places where consumers collect an organization's direct orders, in the order it lists them.

    organization.pickup_point keeps the first one's text (what orders and older screens read).
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="pickup_points", on_delete=fields.CASCADE
    )
    organization_id: int
    position = fields.SmallIntField()
    text = fields.TextField()

    class Meta:
        table = "pickup_point"
        unique_together = (("organization_id", "position"),)


class Member(Model):
    """A person's place in an organization: producer or admin, once approved."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="members", on_delete=fields.CASCADE
    )
    organization_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="memberships", on_delete=fields.CASCADE
    )
    person_id: int
    role = fields.CharEnumField(MemberRole, max_length=16)
    status = fields.CharEnumField(MembershipStatus, max_length=16, default=MembershipStatus.APPROVED)
    joined_at = created_at()

    class Meta:
        table = "member"
        unique_together = (("organization_id", "person_id"),)
        indexes = (("person_id",),)


class BoardRecord(Model):
    """A seat on an organization's board: who, which role, from when until when, and who made each change.

    An approved admin (member.role) holds one open seat: the presidency, the treasury or a plain admin seat.
    A change ends seats (ended_at, ended_by) and starts others, in one transaction, and never deletes a row:
    the rows are the history of the board. started_by is NULL for the seats migration 0016 opened for the
    admins there before, from their membership date.
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="board_records", on_delete=fields.CASCADE
    )
    organization_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="board_seats", on_delete=fields.RESTRICT
    )
    person_id: int
    role = fields.CharEnumField(BoardRole, max_length=16)
    started_at = fields.DatetimeField()
    started_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="board_seats_started", null=True, on_delete=fields.RESTRICT
    )
    started_by_id: int | None
    ended_at = fields.DatetimeField(null=True)
    ended_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="board_seats_ended", null=True, on_delete=fields.RESTRICT
    )
    ended_by_id: int | None

    class Meta:
        table = "board_record"
        indexes = (("organization_id", "ended_at"), ("person_id",))


class MaturityDeclaration(Model):
    """What only people can say about their organization: its statutes approved, an assembly held, the members'
    contributions collected, each on a day an admin declared. Kept for good: a correction is a new row (the
    latest day of each kind counts, market.services.organizations.maturity).
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="maturity_declarations", on_delete=fields.CASCADE
    )
    organization_id: int
    kind = fields.CharEnumField(DeclarationKind, max_length=16)
    happened_on = fields.DateField()
    declared_by: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="maturity_declarations", on_delete=fields.RESTRICT
    )
    declared_by_id: int
    declared_at = fields.DatetimeField()

    class Meta:
        table = "maturity_declaration"
        indexes = (("organization_id", "kind"),)


class MaturityChange(Model):
    """A change of an organization's maturity level: from which, to which, when, and the criteria it rested on
    then (their codes, met first). Written once per change by market.services.organizations.maturity.
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="maturity_changes", on_delete=fields.CASCADE
    )
    organization_id: int
    from_level = fields.CharEnumField(Maturity, max_length=16)
    to_level = fields.CharEnumField(Maturity, max_length=16)
    changed_at = fields.DatetimeField()
    # {"met": [...], "raise_by": [...]}: criterion codes, nothing personal.
    evidence: fields.JSONField[dict[str, Any]] = fields.JSONField()

    class Meta:
        table = "maturity_change"
        indexes = (("organization_id", "changed_at"),)
