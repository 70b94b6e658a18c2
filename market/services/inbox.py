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
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from market import clock
from market.models import InboxUpdate
from market.models.enums import InboxStatus

log = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 4000

@dataclass(frozen=True)
class ClaimedUpdate:
    """An update this processor holds until `claimed_until`; `attempts` counts this one."""

    inbox_id: int
    update_id: int
    payload: dict[str, Any] | None  # None when the claimer said it has the update at hand
    attempts: int
    claimed_until: datetime


async def store_update(update_id: int, payload: dict[str, Any], *, chat_id: int | None = None) -> bool:
    """Keep an update until it is processed; False when this update_id is already stored.

    `chat_id` names the chat whose updates are processed one at a time, in order.
    """
    # A savepoint, so that a duplicate does not abort a caller's PostgreSQL transaction.
    try:
        async with in_transaction():
            await InboxUpdate.create(update_id=update_id, payload=_without_nul(payload), chat_id=chat_id)
    except IntegrityError:
        return False
    return True


def _without_nul(value: Any) -> Any:
    """`value` with each NUL character replaced by U+FFFD: PostgreSQL's jsonb refuses \\u0000, and an update
    that can never be stored would stop polling for everyone (a forged button's data can hold any character)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


async def last_update_id() -> int | None:
    """The highest update_id ever stored (polling resumes after it), or None for an empty inbox."""
    found = await InboxUpdate.all().order_by("-update_id").limit(1).values_list("update_id", flat=True)
    return found[0] if found else None


async def claim_next(
    *, lease: timedelta, max_attempts: int, scan: int = 20, now: datetime | None = None,
    known: Container[int] = (),
) -> ClaimedUpdate | None:
    """Claim the oldest update that is due, for `lease`; None when there is none.

    Updates of the same chat are taken one at a time in update_id order: one is skipped while
    an earlier one of its chat is processing or waiting for a retry. A claim that lapsed after
    `max_attempts` (its processes kept dying) is marked failed instead. Only the claimed row's
    payload is read (the scan runs on every update), and not even that for an update_id in
    `known` (the caller has it at hand): its claim's payload is None.
    """
    now = now or clock.now()
    rows = await (
        InboxUpdate.filter(status__in=(InboxStatus.PENDING, InboxStatus.PROCESSING))
        .order_by("update_id").limit(scan)
        .values("id", "update_id", "chat_id", "status", "attempts", "claimed_until")
    )
    busy: set[int] = set()
    for row in rows:
        chat = row["chat_id"]
        if chat is not None and chat in busy:
            continue
        due = row["claimed_until"] is None or row["claimed_until"] < now
        if due and row["status"] == InboxStatus.PROCESSING and row["attempts"] >= max_attempts:
            if await _give_up(row, now):
                continue
        elif due and (claim := await _take(row, lease, now, read=row["update_id"] not in known)):
            return claim
        if chat is not None:
            busy.add(chat)
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


def _held(claim: ClaimedUpdate):
    return InboxUpdate.filter(id=claim.inbox_id, status=InboxStatus.PROCESSING, attempts=claim.attempts)


def _due(row: dict[str, Any], now: datetime):
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
    payloads = await InboxUpdate.filter(id=claim.inbox_id).values_list("payload", flat=True)
    return payloads[0]


async def _give_up(row: dict[str, Any], now: datetime) -> bool:
    error = f"the process died or hung while processing it, {row['attempts']} times"
    changed = await _due(row, now).update(status=InboxStatus.FAILED, error=error, processed_at=now, claimed_until=None)
    if changed == 1:
        log.error("inbox: update %s failed: %s", row["update_id"], error)
    return changed == 1


async def purge_processed_updates(*, before: datetime, batch: int = 500) -> int:
    """Delete the updates done or failed before `before`, `batch` rows a statement; the number deleted.

    The newest stored update is always kept: polling resumes after its update_id (last_update_id),
    and an empty inbox would ask Telegram from the start of what it still holds.
    """
    newest = await last_update_id()
    deleted = 0
    while True:
        ids = await InboxUpdate.filter(
            status__in=(InboxStatus.DONE, InboxStatus.FAILED), processed_at__lt=before,
        ).exclude(update_id=newest).order_by("id").limit(batch).values_list("id", flat=True)
        if not ids:
            return deleted
        deleted += await InboxUpdate.filter(id__in=list(ids)).delete()
