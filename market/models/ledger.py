"""The append-only ledger: money moved on a member's account, a group, or a solidarity fund."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import LedgerAccount, LedgerKind
from market.models.base import created_at, currency, money

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.funds import FundUse
    from market.models.groups import GroupMember, OrderRound, PurchasingGroup
    from market.models.orders import Order
    from market.models.organizations import Member, Organization
    from market.models.places import Person


class LedgerEntry(Model):
    """One movement of money. Never updated or deleted: a correction is a new entry.

    Amounts are signed from the account's point of view: a charge on a member's account
    is negative (they owe), a payment is positive.
    """

    id = fields.IntField(primary_key=True)
    account = fields.CharEnumField(LedgerAccount, max_length=16)
    kind = fields.CharEnumField(LedgerKind, max_length=20)
    group: fields.ForeignKeyNullableRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    group_id: int | None
    member: fields.ForeignKeyNullableRelation[GroupMember] = fields.ForeignKeyField(
        "market.GroupMember", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    # On the PRODUCER account: the producer member of `organization` who was paid.
    producer: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "market.Member", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    producer_id: int | None
    round: fields.ForeignKeyNullableRelation[OrderRound] = fields.ForeignKeyField(
        "market.OrderRound", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    round_id: int | None
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "market.Order", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    # A solidarity fund's use (FUND_USE) or a loan's repayment (LOAN_REPAYMENT).
    fund_use: fields.ForeignKeyNullableRelation[FundUse] = fields.ForeignKeyField(
        "market.FundUse", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    fund_use_id: int | None
    amount = money()
    currency = currency()
    memo = fields.CharField(max_length=255, default="")
    corrects: fields.ForeignKeyNullableRelation[LedgerEntry] = fields.ForeignKeyField(
        "market.LedgerEntry", related_name="corrections", null=True, on_delete=fields.RESTRICT
    )
    corrects_id: int | None
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="ledger_entries_recorded", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    # Closing a round twice must not charge twice: one key per (round, member, kind).
    idempotency_key = fields.CharField(max_length=96, unique=True, null=True)
    created_at = created_at()

    class Meta:
        table = "ledger_entry"
        indexes = (("group_id", "created_at"), ("member_id",), ("organization_id", "account"))
