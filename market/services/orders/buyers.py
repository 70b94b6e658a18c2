"""Writing to an order's buyer: how a member of the organization may reach them, and a message passed on.

A member sees of the buyer what the order notification shows (the name). A buyer with a public Telegram
username can be reached by a link to their profile; anyone else (and anyone whose privacy settings refuse
the link) gets a message the member writes, passed on by the bot with the order's number, so that no
phone or handle has to be handed over.
"""

from __future__ import annotations

from dataclasses import dataclass

from market.errors import Conflict, Forbidden, Invalid
from market.models import Person
from market.services.messaging.notifications import enqueue_notification
from market.services.orders.placing import _is_member, _order

MESSAGE_LIMIT = 1000


@dataclass(frozen=True)
class BuyerContact:
    """How the organization's members may reach the buyer of an order."""

    name: str  # "" when the buyer asked to be forgotten
    # The Telegram user id for a tg://user?id= link: only for a buyer with a public username.
    link_user_id: int | None
    # The bot can pass them a message: they have a Telegram chat and were not forgotten.
    reachable: bool


@dataclass(frozen=True)
class MessageToBuyer:
    """A message passed on to an order's buyer."""

    order_id: int
    buyer_name: str


async def buyer_contact(person_id: int) -> BuyerContact:
    """How a buyer may be reached; callers check that the viewer handles the buyer's order."""
    row = await Person.filter(id=person_id).first().values("name", "username", "telegram_user_id", "forgotten_at")
    if row is None or row["forgotten_at"] is not None or row["telegram_user_id"] is None:
        return BuyerContact(name=row["name"] if row else "", link_user_id=None, reachable=False)
    link = row["telegram_user_id"] if row["username"] else None
    return BuyerContact(name=row["name"], link_user_id=link, reachable=True)


async def write_to_buyer(order_id: int, *, by_person_id: int, text: str) -> MessageToBuyer:
    """A member's message to the order's buyer, passed on by the bot with the order's number."""
    order = await _order(order_id)
    if not await _is_member(order.organization_id, by_person_id):
        raise Forbidden("not_a_member")
    text = text.strip()
    if not text:
        raise Invalid("message_missing")
    if len(text) > MESSAGE_LIMIT:
        raise Invalid("message_too_long", limit=MESSAGE_LIMIT)
    buyer = await Person.filter(id=order.consumer_id).first().values("name", "telegram_user_id", "forgotten_at")
    if buyer["telegram_user_id"] is None or buyer["forgotten_at"] is not None:
        raise Conflict("buyer_unreachable")
    # No dedupe key: each message written is passed on (the inbox processes a typed message once).
    await enqueue_notification(chat_id=buyer["telegram_user_id"], person_id=order.consumer_id,
                               template="order_message", params={"order_id": order_id, "text": text})
    return MessageToBuyer(order_id=order_id, buyer_name=buyer["name"])
