"""A solidarity fund's uses: grants, investments and rotating loans, each decided by an assembly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import FundUseKind
from market.models.base import created_at, currency, money

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.groups import GroupMember, PurchasingGroup
    from market.models.organizations import Member, Organization
    from market.models.places import Person


class FundUse(Model):
    """Money taken from one organization's or one group's solidarity fund, by an assembly's decision.

    The money leaves the fund by a ledger entry (FUND_USE, negative, `fund_use` pointing here). A loan goes to a
    member (of the organization or of the group) and comes back by LOAN_REPAYMENT entries, one per repayment, which
    the installments' due dates measure: what is due and not repaid is overdue, and shown.
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="fund_uses", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    group: fields.ForeignKeyNullableRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="fund_uses", null=True, on_delete=fields.RESTRICT
    )
    group_id: int | None
    kind = fields.CharEnumField(FundUseKind, max_length=12)
    amount = money()
    currency = currency()
    purpose = fields.CharField(max_length=200)
    # The assembly that decided it: its date, and how its record is named ("Asamblea ordinaria, acta 12").
    decided_on = fields.DateField()
    decision = fields.CharField(max_length=200, default="")
    # A loan's borrower: a member of the organization, or a member of the group.
    borrower: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "market.Member", related_name="fund_loans", null=True, on_delete=fields.RESTRICT
    )
    borrower_id: int | None
    group_borrower: fields.ForeignKeyNullableRelation[GroupMember] = fields.ForeignKeyField(
        "market.GroupMember", related_name="fund_loans", null=True, on_delete=fields.RESTRICT
    )
    group_borrower_id: int | None
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="fund_uses_recorded", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    idempotency_key = fields.CharField(max_length=96, unique=True, null=True)
    created_at = created_at()

    class Meta:
        table = "fund_use"
        indexes = (("organization_id", "decided_on"), ("group_id", "decided_on"))
        constraints = (
            CheckConstraint(check="(organization_id IS NULL) <> (group_id IS NULL)", name="fund_use_one_fund"),
            CheckConstraint(check="CAST(amount AS NUMERIC) > 0", name="fund_use_amount_positive"),
        )


class FundInstallment(Model):
    """What a loan's borrower is to pay back by a date (repayments count against installments oldest first)."""

    id = fields.IntField(primary_key=True)
    use: fields.ForeignKeyRelation[FundUse] = fields.ForeignKeyField(
        "market.FundUse", related_name="installments", on_delete=fields.CASCADE
    )
    use_id: int
    due_on = fields.DateField()
    amount = money()

    class Meta:
        table = "fund_installment"
        unique_together = (("use_id", "due_on"),)
        constraints = (CheckConstraint(check="CAST(amount AS NUMERIC) > 0", name="fund_installment_amount_positive"),)
