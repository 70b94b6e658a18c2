"""What crosses Telegram durably: the inbox of updates, the outbox of notifications,
what each chat is waiting for, and people's alert subscriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from market.enums import InboxStatus, NotificationStatus, SubscriptionKind
from market.models.base import created_at, currency, money, unit_code, updated_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Category
    from market.models.organizations import Organization
    from market.models.places import Person, Territory


class InboxUpdate(Model):
    """A Telegram update stored before it is acknowledged and processed once from here."""

    id = fields.IntField(primary_key=True)
    update_id = fields.BigIntField(unique=True)
    # The chat (or person) the update belongs to: its updates are processed one at a time, in order.
    chat_id = fields.BigIntField(null=True)
    # Who sent it: each person has a budget of updates a minute (market.services.messaging.inbox.Budget).
    sender_id = fields.BigIntField(null=True)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    status = fields.CharEnumField(InboxStatus, max_length=16, default=InboxStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    error = fields.TextField(default="")
    received_at = created_at()
    processed_at = fields.DatetimeField(null=True)
    # A processor claims an update for a while; if it dies, the claim lapses and another takes it.
    claimed_until = fields.DatetimeField(null=True)

    class Meta:
        table = "inbox_update"
        # A chat's updates in order (its earlier and later ones); a sender's recent updates (the budget). The claim
        # reads two partial indexes of the updates waiting, made by migrations 0035 and 0036 (tortoise declares none).
        indexes = (("chat_id", "update_id"), ("sender_id", "received_at"))


class Notification(Model):
    """One message owed to one chat, kept until delivered. `not_before` lets it wait (reminders).

    The domain stores a template code and its values; the bot renders them in the
    recipient's language when it sends, so the outbox never holds adapter text.
    """

    id = fields.IntField(primary_key=True)
    chat_id = fields.BigIntField()
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )
    person_id: int | None
    template = fields.CharField(max_length=64)
    params: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    # Lower sends first: replies to a person's own action come before alerts of a fan-out.
    priority = fields.SmallIntField(default=5)
    not_before = fields.DatetimeField()
    status = fields.CharEnumField(NotificationStatus, max_length=16, default=NotificationStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    last_error = fields.TextField(default="")
    # The same cause never owes the same chat two messages ("round:12:reminder:day:person:7").
    dedupe_key = fields.CharField(max_length=128, unique=True, null=True)
    claimed_until = fields.DatetimeField(null=True)
    created_at = created_at()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("status", "priority", "not_before"), ("chat_id", "status"))


class ChatState(Model):
    """What a chat is waiting for (a typed quantity, a stock message to confirm) and its draft."""

    id = fields.IntField(primary_key=True)
    chat_id = fields.BigIntField(unique=True)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="chats", null=True, on_delete=fields.CASCADE
    )
    person_id: int | None
    awaiting = fields.CharField(max_length=64, null=True)
    data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    # Set when Telegram answers 403: the person blocked the bot; the dispatcher skips this chat.
    blocked_at = fields.DatetimeField(null=True)
    updated_at = updated_at()

    class Meta:
        table = "chat_state"


class Subscription(Model):
    """A person's standing request for an alert, with its filters."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="subscriptions", on_delete=fields.CASCADE
    )
    person_id: int
    kind = fields.CharEnumField(SubscriptionKind, max_length=16)
    search_key = fields.CharField(max_length=160, null=True)
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "market.Category", related_name="subscriptions", null=True, on_delete=fields.CASCADE
    )
    category_id: int | None
    territory: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="subscriptions", null=True, on_delete=fields.CASCADE
    )
    territory_id: int | None
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="subscriptions", null=True, on_delete=fields.CASCADE
    )
    organization_id: int | None
    threshold = money(null=True)
    currency = currency(null=True)
    # The unit the threshold is per; None: compared in the unit of the offer or observed price.
    unit = unit_code(null=True)
    active = fields.BooleanField(default=True)
    created_at = created_at()

    class Meta:
        table = "subscription"
        indexes = (("kind", "active", "search_key"), ("person_id",))
