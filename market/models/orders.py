"""A consumer's direct orders to one organization, and the cart they come from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import OrderStatus
from market.models.base import created_at, currency, money, quantity, unit_code, updated_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Offer
    from market.models.organizations import Organization
    from market.models.payments import PaymentMethod
    from market.models.places import Person


class CartItem(Model):
    """A line in a person's cart, kept in the database so a restart loses nothing."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="cart_items", on_delete=fields.CASCADE
    )
    person_id: int
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "market.Offer", related_name="cart_items", on_delete=fields.CASCADE
    )
    offer_id: int
    quantity = quantity()
    added_at = created_at()

    class Meta:
        table = "cart_item"
        unique_together = (("person_id", "offer_id"),)
        constraints = (CheckConstraint(check="CAST(quantity AS NUMERIC) > 0", name="cart_item_quantity_positive"),)


class Order(Model):
    """A consumer's order to one organization, paid at pickup."""

    id = fields.IntField(primary_key=True)
    consumer: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="orders", on_delete=fields.RESTRICT
    )
    consumer_id: int
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="orders", on_delete=fields.RESTRICT
    )
    organization_id: int
    status = fields.CharEnumField(OrderStatus, max_length=16, default=OrderStatus.PLACED)
    currency = currency()
    total = money()
    fund_total = money()
    pickup_point = fields.TextField(default="")
    delivery_note = fields.TextField(default="")
    status_reason = fields.TextField(default="")
    # Makes a repeated checkout (a button pressed twice, an update delivered twice) place one order.
    idempotency_key = fields.CharField(max_length=64, unique=True, null=True)
    placed_at = created_at()
    updated_at = updated_at()
    paid_at = fields.DatetimeField(null=True)
    # How the buyer chose to pay at checkout (none: the organization had no ways to pay set, or the order is older).
    payment_method: fields.ForeignKeyNullableRelation[PaymentMethod] = fields.ForeignKeyField(
        "market.PaymentMethod", related_name="orders", null=True, on_delete=fields.RESTRICT
    )
    payment_method_id: int | None

    lines: fields.ReverseRelation[OrderLine]

    class Meta:
        table = "order"
        indexes = (("consumer_id", "placed_at"), ("organization_id", "status"))


class OrderLine(Model):
    """A product in an order, with the price it had when ordered."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "market.Order", related_name="lines", on_delete=fields.CASCADE
    )
    order_id: int
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "market.Offer", related_name="order_lines", on_delete=fields.RESTRICT
    )
    offer_id: int
    product_name = fields.CharField(max_length=160)
    quantity = quantity()
    unit = unit_code()
    unit_price = money()
    amount = money()
    fund_amount = money()
    # The organization's margin on this line, at its rate when ordered (market.rules.statements).
    margin_amount = money(default=0, db_default=0)

    class Meta:
        table = "order_line"
        indexes = (("offer_id",),)
        constraints = (
            CheckConstraint(check="CAST(quantity AS NUMERIC) > 0", name="order_line_quantity_positive"),
            CheckConstraint(check="CAST(unit_price AS NUMERIC) >= 0", name="order_line_price_not_negative"),
        )
