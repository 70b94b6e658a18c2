"""The outbox: messages owed to chats, written in the same transaction as the change that caused them.

The domain stores a template code and plain values; the bot renders them in the recipient's
language when it sends (see bot/notices.py), so the outbox never holds adapter text.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.models import Notification


async def enqueue_notification(
    *,
    chat_id: int,
    template: str,
    params: dict[str, Any] | None = None,
    person_id: int | None = None,
    not_before: datetime | None = None,
    dedupe_key: str | None = None,
    priority: int = 5,
) -> bool:
    """Owe `chat_id` one message; inside the caller's transaction when there is one.

    Returns False when a notification with the same `dedupe_key` is already owed or sent:
    the same cause never sends the same chat two messages.
    """
    values = dict(
        chat_id=chat_id, template=template, params=params or {}, person_id=person_id,
        not_before=not_before or datetime.now(timezone.utc), dedupe_key=dedupe_key, priority=priority,
    )
    if dedupe_key is None:
        await Notification.create(**values)
        return True
    # A savepoint, so that a duplicate does not abort the caller's PostgreSQL transaction.
    try:
        async with in_transaction():
            await Notification.create(**values)
    except IntegrityError:
        return False
    return True
