"""The inbox: Telegram updates stored before they are acknowledged, then claimed and processed once.

    pending ──claim_next──▶ processing ──mark_done──▶ done
       ▲                       │
       └──── mark_failed ──────┤   (attempts left: pending again after a pause)
                               └──▶ failed   (attempts used up)

Every claim adds one attempt, so (row, attempts) names a claim: a processor whose claim lapsed
and was taken by another can neither finish nor extend it. Claims are conditional UPDATEs that
report the rows they changed, which is portable and safe with several processes on PostgreSQL.
A claim left by a dead process lapses at `claimed_until`; a pending update waiting to be retried
keeps its not-before time in the same column.

Fairness: only the first waiting update of each chat is a candidate (one SQL query, by index), so a
chat with two hundred updates waiting is one candidate among the others, not the next two hundred.
Each sender has a budget of updates a minute; past it their updates are stored `dropped` (so a
repeated delivery is still known) and never processed, and the first drop of a burst owes the chat
one "slow down" message.

    (stored) ──over the sender's budget──▶ dropped
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from market import clock
from market.enums import InboxStatus
from market.models import InboxUpdate
from market.orm import column_of
from market.services.messaging.notifications import enqueue_notification

log = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 4000
SLOW_DOWN = "slow_down"  # the notice template of a sender over their budget (bot/notices.py)
WAITING = (InboxStatus.PENDING, InboxStatus.PROCESSING)

# True for an update no earlier update of its chat is waiting before (pending, retrying or processing).
FIRST_OF_ITS_CHAT = RawSQL(
    "NOT EXISTS (SELECT 1 FROM inbox_update AS earlier WHERE earlier.chat_id = inbox_update.chat_id"
    " AND earlier.update_id < inbox_update.update_id AND earlier.status IN ('pending', 'processing'))"
)


class Stored(StrEnum):
    """What store_update did with an update."""

    KEPT = "kept"  # stored, to be processed
    REPEATED = "repeated"  # this update_id was stored before: nothing done
    DROPPED = "dropped"  # over its sender's budget: stored as dropped, not to be processed
    UNSTORABLE = "unstorable"  # the database refused its payload: stored as failed, without it


@dataclass(frozen=True)
class Budget:
    """At most `updates` from one sender in any `window`; None where budgets are off."""

    updates: int
    window: timedelta = timedelta(minutes=1)

@dataclass(frozen=True)
class ClaimedUpdate:
    """An update this processor holds until `claimed_until`; `attempts` counts this one."""

    inbox_id: int
    update_id: int
    payload: dict[str, Any] | None  # None when the claimer said it has the update at hand
    attempts: int
    claimed_until: datetime


async def store_update(
    update_id: int, payload: dict[str, Any], *, chat_id: int | None = None, sender_id: int | None = None,
    budget: Budget | None = None, language_code: str | None = None,
) -> Stored:
    """Keep an update until it is processed, once per update_id.

    `chat_id` names the chat whose updates are processed one at a time, in order; `sender_id` the
    person whose `budget` it counts against. An update over the budget is stored dropped; the first
    drop of a burst owes `chat_id` a "slow down" notice in `language_code`. A payload the database
    cannot keep (PostgreSQL refuses some text even cleaned) is stored failed, without it, so that
    polling moves past it.
    """
    payload = _storable(payload)
    try:
        # A savepoint, so that a duplicate does not abort a caller's PostgreSQL transaction.
        async with in_transaction():
            status = await _within_budget(sender_id, budget, chat_id, language_code)
            if status == InboxStatus.PENDING:
                await InboxUpdate.create(update_id=update_id, payload=payload, chat_id=chat_id, sender_id=sender_id)
            else:  # finished as it arrives: kept only so that a repeat is known, purged like the processed
                await InboxUpdate.create(
                    update_id=update_id, payload={}, chat_id=chat_id, sender_id=sender_id, status=status,
                    error="over the sender's budget", processed_at=clock.now(),
                )
    except IntegrityError:
        return Stored.REPEATED
    except (OperationalError, ValueError) as refused:
        if await InboxUpdate.exists(update_id=update_id):
            return Stored.REPEATED
        if not await _database_answers():
            raise  # the database is away: the caller stores it again later
        await InboxUpdate.create(
            update_id=update_id, payload={}, chat_id=chat_id, sender_id=sender_id, status=InboxStatus.FAILED,
            error=f"the database refused it: {type(refused).__name__}"[:MAX_ERROR_LENGTH], processed_at=clock.now(),
        )
        log.error("inbox: update %s could not be stored (%s); recorded as failed", update_id,
                  type(refused).__name__)
        return Stored.UNSTORABLE
    return Stored.KEPT if status == InboxStatus.PENDING else Stored.DROPPED


async def _within_budget(
    sender_id: int | None, budget: Budget | None, chat_id: int | None, language_code: str | None,
) -> InboxStatus:
    """PENDING when the sender may send one more update now, else DROPPED (telling them once a burst)."""
    if budget is None or sender_id is None:
        return InboxStatus.PENDING
    since = clock.now() - budget.window
    recent = InboxUpdate.filter(sender_id=sender_id, received_at__gte=since)
    if await recent.exclude(status=InboxStatus.DROPPED).count() < budget.updates:
        return InboxStatus.PENDING
    if chat_id is not None and not await recent.filter(status=InboxStatus.DROPPED).exists():
        await enqueue_notification(
            chat_id=chat_id, template=SLOW_DOWN, priority=1,
            params={"language_code": language_code, "seconds": int(budget.window.total_seconds())},
        )
    return InboxStatus.DROPPED


async def _database_answers() -> bool:
    """True when the database answers (so it refused the row), False when it is away."""
    try:
        await InboxUpdate.filter(id=0).exists()
    except Exception:
        return False
    return True


def _storable(value: Any) -> Any:
    """`value` with each NUL character and unpaired surrogate replaced by U+FFFD: PostgreSQL's jsonb
    refuses both, and an update that can never be stored would stop polling for everyone (a forged
    button's data, or a client's broken text, can hold any character)."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


async def last_update_id() -> int | None:
    """The highest update_id ever stored (polling resumes after it), or None for an empty inbox."""
    found = await column_of(InboxUpdate.all().order_by("-update_id").limit(1), "update_id", int)
    return found[0] if found else None


async def claim_next(
    *, lease: timedelta, max_attempts: int, scan: int = 20, now: datetime | None = None,
    known: Container[int] = (),
) -> ClaimedUpdate | None:
    """Claim the oldest update that is due and first of its chat, for `lease`; None when there is none.

    Updates of the same chat are taken one at a time in update_id order: none is a candidate while
    an earlier one of its chat is processing or waiting for a retry, so however many one chat has
    waiting, the others' are found (`scan` bounds the candidates read, one per chat). A claim that
    lapsed after `max_attempts` (its processes kept dying) is marked failed instead. Only the
    claimed row's payload is read, and not even that for an update_id in `known` (the caller has it
    at hand): its claim's payload is None.
    """
    now = now or clock.now()
    rows = await (
        InboxUpdate.annotate(first_of_its_chat=FIRST_OF_ITS_CHAT)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), status__in=WAITING, first_of_its_chat=True)
        .order_by("update_id").limit(scan)
        .values("id", "update_id", "status", "attempts", "claimed_until")
    )
    for row in rows:
        if row["status"] == InboxStatus.PROCESSING and row["attempts"] >= max_attempts:
            await _give_up(row, now)
        elif claim := await _take(row, lease, now, read=row["update_id"] not in known):
            return claim
    return None


async def extend_claim(claim: ClaimedUpdate, lease: timedelta, *, now: datetime | None = None) -> bool:
    """Hold the update for `lease` more (a long handler); False when the claim was lost."""
    changed = await _held(claim).update(claimed_until=(now or clock.now()) + lease)
    return changed == 1


async def mark_done(claim: ClaimedUpdate, *, now: datetime | None = None) -> bool:
    """The update was processed; False when the claim had lapsed and another processor took it.

    Its payload is blanked: nothing reads a processed update again (a repeat is known by its
    update_id), and what people wrote is not kept longer than it takes to answer them. A failed
    update keeps its payload, for whoever looks into why.
    """
    changed = await _held(claim).update(
        status=InboxStatus.DONE, processed_at=now or clock.now(), claimed_until=None, payload={}
    )
    return changed == 1


async def mark_failed(
    claim: ClaimedUpdate, error: str, *, max_attempts: int, retry_in: timedelta, now: datetime | None = None,
) -> InboxStatus | None:
    """Record a failed attempt: pending again after `retry_in`, or failed once `max_attempts` are used.

    Returns the new status, or None when the claim was lost.
    """
    now = now or clock.now()
    error = error[:MAX_ERROR_LENGTH]
    if claim.attempts >= max_attempts:
        status, values = InboxStatus.FAILED, dict(processed_at=now, claimed_until=None)
    else:
        status, values = InboxStatus.PENDING, dict(claimed_until=now + retry_in)
    changed = await _held(claim).update(status=status, error=error, **values)
    return status if changed == 1 else None


def _held(claim: ClaimedUpdate) -> QuerySet[InboxUpdate]:
    return InboxUpdate.filter(id=claim.inbox_id, status=InboxStatus.PROCESSING, attempts=claim.attempts)


def _due(row: dict[str, Any], now: datetime) -> QuerySet[InboxUpdate]:
    """The row, only if nobody changed it since it was read and it is still due."""
    return InboxUpdate.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        id=row["id"], status=row["status"], attempts=row["attempts"],
    )


async def _take(row: dict[str, Any], lease: timedelta, now: datetime, *, read: bool) -> ClaimedUpdate | None:
    until = now + lease
    attempts = row["attempts"] + 1
    changed = await _due(row, now).update(status=InboxStatus.PROCESSING, attempts=attempts, claimed_until=until)
    if changed != 1:
        return None  # another processor took it between our read and our update
    claim = ClaimedUpdate(row["id"], row["update_id"], None, attempts, until)
    return dataclasses.replace(claim, payload=await read_payload(claim)) if read else claim


async def read_payload(claim: ClaimedUpdate) -> dict[str, Any]:
    """The update as Telegram sent it."""
    payloads = await column_of(InboxUpdate.filter(id=claim.inbox_id), "payload", dict)
    return payloads[0]


async def _give_up(row: dict[str, Any], now: datetime) -> bool:
    error = f"the process died or hung while processing it, {row['attempts']} times"
    changed = await _due(row, now).update(status=InboxStatus.FAILED, error=error, processed_at=now, claimed_until=None)
    if changed == 1:
        log.error("inbox: update %s failed: %s", row["update_id"], error)
    return changed == 1


async def purge_processed_updates(*, before: datetime, batch: int = 500) -> int:
    """Delete the updates done, failed or dropped before `before`, `batch` rows a statement; the number deleted.

    The newest stored update is always kept: polling resumes after its update_id (last_update_id),
    and an empty inbox would ask Telegram from the start of what it still holds.
    """
    newest = await last_update_id()
    deleted = 0
    while True:
        ids = await InboxUpdate.filter(
            status__in=(InboxStatus.DONE, InboxStatus.FAILED, InboxStatus.DROPPED), processed_at__lt=before,
        ).exclude(update_id=newest).order_by("id").limit(batch).values_list("id", flat=True)
        if not ids:
            return deleted
        deleted += await InboxUpdate.filter(id__in=list(ids)).delete()
