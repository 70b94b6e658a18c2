"""The outbox: messages owed to chats, written in the same transaction as the change that caused them.

The domain stores a template code and plain values; the bot renders them in the recipient's
language when it sends (see bot/notices.py), so the outbox never holds adapter text.

    pending ──claim_due_notifications──▶ sending ──mark_sent / mark_skipped──▶ sent
       ▲                                    │ ──mark_blocked──▶ blocked  (the person blocked the bot)
       ├──────── release_notification ──────┤   (429: no attempt counted)
       └──────── mark_retry ────────────────┤   (an attempt counted, due again after a pause)
                                            └─▶ failed   (attempts used up, or refused for good)

A claim holds a notification until `claimed_until`: a dispatcher that dies mid-send leaves it
to lapse, and the next claim takes it again (the one message that may reach its chat twice).
`claimed_until` also names the claim, so a dispatcher whose claim lapsed cannot finish it.
Per chat, notifications go in id order: only a chat's first one in line is claimable.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.connection import get_connection
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.functions import Max, Min
from tortoise.transactions import in_transaction

from market import clock
from market.db import keeps_session_state
from market.enums import NotificationStatus
from market.models import ChatState, Notification

log = logging.getLogger(__name__)

PENDING, SENDING = NotificationStatus.PENDING, NotificationStatus.SENDING
MAX_ERROR_LENGTH = 4000
SKIPPED = "skipped: nothing to send"
BLOCKED = "the chat has blocked the bot"
ANALYZE_AFTER = 1000  # owed at once: enough to mislead PostgreSQL's planner (see enqueue_notifications)


@dataclass(frozen=True)
class OwedMessage:
    """A notification claimed for sending: what the bot renders, and the claim that holds it."""

    id: int
    chat_id: int
    person_id: int | None
    template: str
    params: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0  # failed attempts before this one
    claimed_until: datetime | None = None


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
    values: dict[str, Any] = dict(  # the row's columns, for create
        chat_id=chat_id, template=template, params=params or {}, person_id=person_id,
        not_before=not_before or clock.now(), dedupe_key=dedupe_key, priority=priority,
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


async def enqueue_notifications(owed: Iterable[tuple[int, int | None, str, dict[str, Any], str | None]], *,
                                not_before: datetime | None = None) -> int:
    """Owe many messages in one INSERT, inside the caller's transaction: (chat_id, person_id,
    template, params, dedupe_key) each. For fan-outs done once (a round's close) whose dedupe keys
    are new: a key already used makes the whole INSERT, and so the caller's transaction, fail."""
    when = not_before or clock.now()
    rows = [
        Notification(chat_id=chat_id, person_id=person_id, template=template, params=params,
                     not_before=when, dedupe_key=key)
        for chat_id, person_id, template, params, key in owed
    ]
    if rows:
        await Notification.bulk_create(rows)
    if len(rows) >= ANALYZE_AFTER and Notification._meta.db.capabilities.dialect == "postgres":
        # PostgreSQL plans the claims from statistics that still say "hardly anything pending"
        # until autovacuum looks again (a minute or more): meanwhile each claim compared every
        # owed row with every other, 1.6 s a claim for 10,000. It counts our uncommitted rows.
        await Notification._meta.db.execute_script(f'ANALYZE "{Notification._meta.db_table}"')
    return len(rows)


async def claim_due_notifications(
    *, limit: int, lease: timedelta, exclude_chats: frozenset[int] | set[int] = frozenset(),
    now: datetime | None = None,
) -> list[OwedMessage]:
    """Claim for `lease` up to `limit` due notifications, at most one per chat, lower priority first.

    A chat's notification waits while an earlier one of the same chat is being sent or waits
    for a retry. Due notifications of chats that blocked the bot are skipped (status blocked).
    On PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED, so concurrent claims never take
    the same row; on SQLite the transaction holds tortoise's connection lock.
    """
    now = now or clock.now()
    blocked_chats = ChatState.filter(blocked_at__isnull=False).values("chat_id")
    # The first notification of each chat that is in line: being sent, due, or waiting for a retry.
    in_line = Q(status=SENDING) | Q(status=PENDING, not_before__lte=now) | Q(status=PENDING, attempts__gt=0)
    heads = Notification.filter(in_line).group_by("chat_id").annotate(head=Min("id")).values("head")
    async with in_transaction():
        await Notification.filter(_claimable(now), chat_id__in=Subquery(blocked_chats)).update(
            status=NotificationStatus.BLOCKED, claimed_until=None, last_error=BLOCKED,
        )
        query = Notification.filter(_claimable(now), id__in=Subquery(heads))
        if exclude_chats:
            query = query.exclude(chat_id__in=list(exclude_chats))
        rows = await (
            query.order_by("priority", "not_before", "id").limit(limit).select_for_update(skip_locked=True)
        )
        until = now + lease
        if rows:
            await Notification.filter(id__in=[row.id for row in rows]).update(status=SENDING, claimed_until=until)
    return [
        OwedMessage(row.id, row.chat_id, row.person_id, row.template, row.params or {}, row.attempts, until)
        for row in rows
    ]


async def mark_sent(owed: OwedMessage, *, now: datetime | None = None) -> bool:
    """The message reached its chat; False when the claim had lapsed and another dispatcher took it."""
    return await _finish(owed, status=NotificationStatus.SENT, sent_at=now or clock.now())


async def mark_all_sent(owed: Sequence[OwedMessage], *, now: datetime | None = None) -> int:
    """mark_sent for many messages, one UPDATE per claim; returns how many were still held (the others lapsed)."""
    by_claim: dict[datetime | None, list[int]] = defaultdict(list)
    for each in owed:
        by_claim[each.claimed_until].append(each.id)
    values = dict(status=NotificationStatus.SENT, sent_at=now or clock.now(), claimed_until=None)
    changed = 0
    for claimed_until, ids in by_claim.items():
        changed += await Notification.filter(id__in=ids, status=SENDING, claimed_until=claimed_until).update(**values)
    return changed


async def mark_skipped(owed: OwedMessage) -> bool:
    """Nothing was left to say (what it was about is gone): done, with no sent_at."""
    return await _finish(owed, status=NotificationStatus.SENT, last_error=SKIPPED)


async def release_notification(owed: OwedMessage) -> bool:
    """Give the claim back without counting an attempt (Telegram asked to wait, or the dispatcher stops)."""
    return await _finish(owed, status=PENDING)


async def mark_retry(
    owed: OwedMessage, error: str, *, max_attempts: int, retry_in: timedelta, now: datetime | None = None,
) -> NotificationStatus | None:
    """Count a failed attempt: due again after `retry_in`, or failed once `max_attempts` are used.

    Returns the new status, or None when the claim was lost.
    """
    attempts = owed.attempts + 1
    if attempts >= max_attempts:
        return await mark_failed(owed, error, attempts=attempts)
    changed = await _finish(
        owed, status=PENDING, attempts=attempts, last_error=error[:MAX_ERROR_LENGTH],
        not_before=(now or clock.now()) + retry_in,
    )
    return PENDING if changed else None


async def mark_failed(owed: OwedMessage, error: str, *, attempts: int | None = None) -> NotificationStatus | None:
    """Give up on the message (Telegram refused it for good, or attempts ran out); it stays in the table."""
    changed = await _finish(
        owed, status=NotificationStatus.FAILED, attempts=owed.attempts + 1 if attempts is None else attempts,
        last_error=error[:MAX_ERROR_LENGTH],
    )
    if not changed:
        return None
    log.error("outbox: notification %s failed: %s", owed.id, error)  # its row names the chat; a log does not
    return NotificationStatus.FAILED


async def mark_blocked(owed: OwedMessage, *, now: datetime | None = None) -> bool:
    """The person blocked the bot: mark the chat, and skip this and the chat's other due notifications."""
    now = now or clock.now()
    async with in_transaction():
        if not await ChatState.filter(chat_id=owed.chat_id).update(blocked_at=now):
            try:
                async with in_transaction():
                    await ChatState.create(chat_id=owed.chat_id, blocked_at=now)
            except IntegrityError:
                # The bot created the chat's state between our update and create: update it.
                await ChatState.filter(chat_id=owed.chat_id).update(blocked_at=now)
        changed = await _finish(owed, status=NotificationStatus.BLOCKED, last_error=BLOCKED)
        await Notification.filter(chat_id=owed.chat_id, status=PENDING, not_before__lte=now).update(
            status=NotificationStatus.BLOCKED, last_error=BLOCKED,
        )
    return changed


async def mark_chat_reachable(chat_id: int) -> bool:
    """The person wrote again: their chat gets notifications again. True when it was marked blocked."""
    return await ChatState.filter(chat_id=chat_id, blocked_at__isnull=False).update(blocked_at=None) > 0


async def last_sends(*, since: datetime) -> dict[int, datetime]:
    """When each chat last received a notification, for the chats that did since `since`."""
    rows = await (
        Notification.filter(sent_at__gte=since).group_by("chat_id").annotate(last=Max("sent_at"))
        .values("chat_id", "last")
    )
    return {row["chat_id"]: row["last"] for row in rows}


def _claimable(now: datetime) -> Q:
    """Due and waiting, or claimed by a dispatcher whose lease lapsed (it died or hung)."""
    return Q(status=PENDING, not_before__lte=now) | Q(status=SENDING, claimed_until__lt=now)


async def _finish(owed: OwedMessage, **values: Any) -> bool:
    held = Notification.filter(id=owed.id, status=SENDING, claimed_until=owed.claimed_until)
    return await held.update(claimed_until=None, **values) == 1


class SenderLock:
    """Which dispatcher sends: one at a time, so that one pacer keeps Telegram's limits for all.

    On PostgreSQL, a session advisory lock held on one connection taken from tortoise's pool;
    PostgreSQL lets go of it when that connection closes, so a dead process hands over by
    itself. SQLite serves one process, which always holds it.
    """

    KEY = 0x6665726961  # "feria": one lock for the outbox sender, whatever the database is called

    def __init__(self, connection_name: str = "default") -> None:
        self._connection_name = connection_name
        self._pooled: Any = None  # tortoise's wrapper around the pool connection we hold
        self._connection: Any = None

    async def hold(self) -> bool:
        """True when this dispatcher is the sender: it holds the lock (taking it if free)."""
        client = get_connection(self._connection_name)
        if client.capabilities.dialect != "postgres":
            return True
        if self._connection is not None:
            try:
                await self._connection.fetchval("SELECT 1")
                return True
            except Exception:  # any driver error: the session, and the lock with it, is gone
                log.warning("outbox: lost the sender lock's connection", exc_info=True)
                await self._give_back()
        pooled = client.acquire_connection()
        connection = await pooled.__aenter__()
        try:
            held = await connection.fetchval("SELECT pg_try_advisory_lock($1)", self.KEY)
        except BaseException:
            await pooled.__aexit__(None, None, None)
            raise
        if not held:
            await pooled.__aexit__(None, None, None)
            return False
        keeps_session_state(connection)  # given back, the pool resets it in full: the lock goes with it
        self._pooled, self._connection = pooled, connection
        return True

    async def release(self) -> None:
        """Let another dispatcher send (asyncpg also unlocks when the connection goes back to the pool)."""
        if self._connection is None:
            return
        try:
            await self._connection.fetchval("SELECT pg_advisory_unlock($1)", self.KEY)
        except Exception:  # the connection is already gone, and the lock with it
            log.warning("outbox: could not unlock the sender lock", exc_info=True)
        await self._give_back()

    async def _give_back(self) -> None:
        pooled, self._pooled, self._connection = self._pooled, None, None
        try:
            await pooled.__aexit__(None, None, None)
        except Exception:  # a broken connection: the pool closes it
            log.debug("outbox: releasing the sender lock's connection failed", exc_info=True)


async def purge_finished_notifications(*, before: datetime, keys_before: datetime, batch: int = 500) -> int:
    """Delete notifications sent, failed or blocked before `before`, `batch` rows a statement; the number deleted.

    One with a dedupe key stays until `keys_before`: while its cause can still be seen again (a seal
    nearing its expiry is checked every hour), the key is what keeps the message from being owed twice.
    """
    finished = Notification.filter(
        Q(sent_at__lt=before) | Q(sent_at__isnull=True, created_at__lt=before),
        status__in=(NotificationStatus.SENT, NotificationStatus.FAILED, NotificationStatus.BLOCKED),
    ).filter(Q(dedupe_key__isnull=True) | Q(created_at__lt=keys_before))
    deleted = 0
    while True:
        ids = await finished.order_by("id").limit(batch).values_list("id", flat=True)
        if not ids:
            return deleted
        deleted += await Notification.filter(id__in=list(ids)).delete()
