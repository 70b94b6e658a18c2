"""Paying: the ways an organization or a purchasing group is paid, the proofs buyers send, and receipts issued."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import PaymentMethodKind, ProofStatus, ReceiptKind
from market.models.base import created_at, currency, money, updated_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.groups import GroupMember, OrderRound, PurchasingGroup
    from market.models.ledger import LedgerEntry
    from market.models.orders import Order
    from market.models.organizations import Organization
    from market.models.places import Person


class PaymentMethod(Model):
    """A way to pay one organization or one purchasing group (never both), set by its admins or coordinators.

    Every field but the kind is what the payee chose to publish to its buyers. A change is made by turning
    a method off and adding a new one, so an order keeps pointing at the method it was placed with.
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="payment_methods", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    group: fields.ForeignKeyNullableRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="payment_methods", null=True, on_delete=fields.RESTRICT
    )
    group_id: int | None
    kind = fields.CharEnumField(PaymentMethodKind, max_length=16)
    # A transfer: the bank, the account and its holder. Pix: the holder is the merchant name (25 characters at most
    # in the BR Code) and `city` its city (15).
    bank = fields.CharField(max_length=80, default="")
    account_number = fields.CharField(max_length=40, default="")
    holder = fields.CharField(max_length=80, default="")
    pix_key = fields.CharField(max_length=77, default="")
    city = fields.CharField(max_length=40, default="")
    # A bank's QR image, as Telegram keeps it (sent again by its file_id with the amount beside it).
    qr_file_id = fields.CharField(max_length=255, default="")
    note = fields.CharField(max_length=200, default="")
    active = fields.BooleanField(default=True)
    position = fields.SmallIntField(default=0)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="payment_methods_created", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = created_at()
    updated_at = updated_at()

    class Meta:
        table = "payment_method"
        indexes = (("organization_id", "active"), ("group_id", "active"))
        constraints = (
            CheckConstraint(
                check="(organization_id IS NULL) <> (group_id IS NULL)", name="payment_method_one_payee"
            ),
        )


class PaymentProof(Model):
    """A buyer's "I paid" (Ya pagué), perhaps with a photo of the transfer, for an order or a round account.

    One proof per message it came from (`source_key`), so a repeated update records nothing twice. The payee's
    admin (or the group's coordinator) confirms it, which records the payment in the ledger, or rejects it with a
    reason; either happens once.
    """

    id = fields.IntField(primary_key=True)
    payer: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="payment_proofs", on_delete=fields.RESTRICT
    )
    payer_id: int
    # What is paid: a direct order (to its organization), or a member's account in a group's round.
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "market.Order", related_name="payment_proofs", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="payment_proofs", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    group: fields.ForeignKeyNullableRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="payment_proofs", null=True, on_delete=fields.RESTRICT
    )
    group_id: int | None
    member: fields.ForeignKeyNullableRelation[GroupMember] = fields.ForeignKeyField(
        "market.GroupMember", related_name="payment_proofs", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    round: fields.ForeignKeyNullableRelation[OrderRound] = fields.ForeignKeyField(
        "market.OrderRound", related_name="payment_proofs", null=True, on_delete=fields.RESTRICT
    )
    round_id: int | None
    method: fields.ForeignKeyNullableRelation[PaymentMethod] = fields.ForeignKeyField(
        "market.PaymentMethod", related_name="proofs", null=True, on_delete=fields.SET_NULL
    )
    method_id: int | None
    amount = money()
    currency = currency()
    photo_file_id = fields.CharField(max_length=255, default="")
    photo_unique_id = fields.CharField(max_length=64, default="")
    source_key = fields.CharField(max_length=96, unique=True)
    status = fields.CharEnumField(ProofStatus, max_length=12, default=ProofStatus.PENDING)
    reason = fields.TextField(default="")
    decided_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="payment_proofs_decided", null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    payment: fields.ForeignKeyNullableRelation[LedgerEntry] = fields.ForeignKeyField(
        "market.LedgerEntry", related_name="proofs", null=True, on_delete=fields.RESTRICT
    )
    payment_id: int | None
    created_at = created_at()

    class Meta:
        table = "payment_proof"
        indexes = (("order_id",), ("organization_id", "status"), ("group_id", "status"), ("payer_id",))
        constraints = (CheckConstraint(check="CAST(amount AS NUMERIC) > 0", name="payment_proof_amount_positive"),)


class Receipt(Model):
    """A receipt (recibo) issued for a payment: its verification code and what it said, kept as issued.

    `content` holds the receipt's lines, fund share, payment and totals as they were when it was issued, so
    the PDF and the web page /recibos/{code} read the same figures later, whatever happens to the order.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=16, unique=True)
    kind = fields.CharEnumField(ReceiptKind, max_length=16)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="receipts", on_delete=fields.RESTRICT
    )
    person_id: int
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="receipts", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    group: fields.ForeignKeyNullableRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="receipts", null=True, on_delete=fields.RESTRICT
    )
    group_id: int | None
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "market.Order", related_name="receipts", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    round: fields.ForeignKeyNullableRelation[OrderRound] = fields.ForeignKeyField(
        "market.OrderRound", related_name="receipts", null=True, on_delete=fields.RESTRICT
    )
    round_id: int | None
    member: fields.ForeignKeyNullableRelation[GroupMember] = fields.ForeignKeyField(
        "market.GroupMember", related_name="receipts", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    payment: fields.ForeignKeyNullableRelation[LedgerEntry] = fields.ForeignKeyField(
        "market.LedgerEntry", related_name="receipts", null=True, on_delete=fields.RESTRICT
    )
    payment_id: int | None
    total = money()
    currency = currency()
    content: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    # One receipt per payment it acknowledges ("payment:<ledger id>"): issuing twice returns the first.
    idempotency_key = fields.CharField(max_length=96, unique=True)
    issued_at = created_at()

    class Meta:
        table = "receipt"
        indexes = (("person_id", "issued_at"), ("order_id",), ("round_id", "member_id"))
