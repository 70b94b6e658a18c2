"""The append-only ledger: money moved on a member's account, a group, or a solidarity fund."""

from tortoise import fields
from tortoise.models import Model

from market.models.base import created_at, currency, money
from market.enums import LedgerAccount, LedgerKind


class LedgerEntry(Model):
    """One movement of money. Never updated or deleted: a correction is a new entry.

    Amounts are signed from the account's point of view: a charge on a member's account
    is negative (they owe), a payment is positive.
    """

    id = fields.IntField(primary_key=True)
    account = fields.CharEnumField(LedgerAccount, max_length=16)
    kind = fields.CharEnumField(LedgerKind, max_length=20)
    group = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    member = fields.ForeignKeyField(
        "market.GroupMember", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    organization = fields.ForeignKeyField(
        "market.Organization", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    round = fields.ForeignKeyField(
        "market.OrderRound", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    order = fields.ForeignKeyField("market.Order", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT)
    amount = money()
    currency = currency()
    memo = fields.CharField(max_length=255, default="")
    corrects = fields.ForeignKeyField(
        "market.LedgerEntry", related_name="corrections", null=True, on_delete=fields.RESTRICT
    )
    recorded_by = fields.ForeignKeyField(
        "market.Person", related_name="ledger_entries_recorded", null=True, on_delete=fields.SET_NULL
    )
    # Closing a round twice must not charge twice: one key per (round, member, kind).
    idempotency_key = fields.CharField(max_length=96, unique=True, null=True)
    created_at = created_at()

    class Meta:
        table = "ledger_entry"
        indexes = (("group_id", "created_at"), ("member_id",), ("organization_id", "account"))
