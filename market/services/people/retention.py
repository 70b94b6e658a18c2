"""Forgetting what is no longer needed: processed updates, finished notifications and old search misses.

What people wrote reaches the inbox as Telegram's update (their name, their words) and is blanked
once answered; the row itself, and the outbox's row of each message sent, still say who talked to
the bot and when. Neither is needed after a while: bot.retention_timer runs this every hour, in
batches, so that a first run on a large table never holds a long transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from market.services.alerts.fanout import SEAL_NOTICE_DAYS
from market.services.catalog.demand import purge_search_misses
from market.services.messaging.inbox import purge_processed_updates
from market.services.messaging.notifications import purge_finished_notifications
from market.services.people.web_sessions import purge_sign_ins

BATCH = 500
# A notification's dedupe key must outlive the longest time its cause is checked again: a seal's
# expiry reminder is owed from SEAL_NOTICE_DAYS before its last day until that day.
KEYS_KEPT = timedelta(days=SEAL_NOTICE_DAYS + 2)


@dataclass(frozen=True)
class Purged:
    updates: int
    notifications: int
    search_misses: int
    sign_ins: int = 0  # the desk's login codes and browser sessions long ended


async def purge_expired(now: datetime, *, message_days: int, search_days: int, batch: int = BATCH) -> Purged:
    """Delete inbox updates and notifications finished more than `message_days` ago, and search misses
    older than `search_days`."""
    before = now - timedelta(days=message_days)
    return Purged(
        updates=await purge_processed_updates(before=before, batch=batch),
        notifications=await purge_finished_notifications(
            before=before, keys_before=min(before, now - KEYS_KEPT), batch=batch
        ),
        search_misses=await purge_search_misses(older_than=(now - timedelta(days=search_days)).date(), batch=batch),
        sign_ins=await purge_sign_ins(now=now),
    )
