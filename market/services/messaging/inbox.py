"""The inbox: Telegram updates stored before they are acknowledged, then claimed and processed once.

    pending ──claim_next──▶ processing ──mark_done──▶ done
       ▲                       │
       └──── mark_failed ──────┤   (attempts left: pending again after a pause)
                               └──▶ failed   (attempts used up)

Every claim adds one attempt, so (row, attempts) names a claim: a processor whose claim lapsed
and was taken by another can neither finish nor extend it. A claim is one UPDATE that returns the
rows it changed (UPDATE … RETURNING, on SQLite and PostgreSQL); on PostgreSQL it locks its candidates
FOR UPDATE SKIP LOCKED, so processes claiming at once never take the same update.
A claim left by a dead process lapses at `claimed_until`; a pending update waiting to be retried
keeps its not-before time in the same column.

Fairness: only the first waiting update of each chat is a candidate (one SQL query, by index), so a
chat with two hundred updates waiting is one candidate among the others, not the next two hundred.

Each sender has a budget of updates a minute; past it their updates are stored `dropped` (so a
repeated delivery is still known) and never processed, and the first drop of a burst owes the chat
one "slow down" message.

    (stored) ──over the sender's budget──▶ dropped

Every update walks this module three times (stored, claimed, done), so those three are `Statement`s
(market.sql): one each, written once, not built by the ORM per call. A getUpdates batch is stored by
one INSERT, and the processor claims as many updates as it has free workers with one UPDATE.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise.exceptions import OperationalError
from tortoise.fields.data import JSON_DUMPS
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from market import clock
from market.enums import InboxStatus
from market.models import InboxUpdate
from market.orm import column_of
from market.services.messaging.budgets import Budget, Incoming, budget_statuses, slow_down
from market.sql import SizedStatement, Statement, json_value

log = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 4000


class Stored(StrEnum):
    """What store_update did with an update."""

    KEPT = "kept"  # stored, to be processed
    REPEATED = "repeated"  # this update_id was stored before: nothing done
    DROPPED = "dropped"  # over its sender's budget: stored as dropped, not to be processed
    UNSTORABLE = "unstorable"  # the database refused its payload: stored as failed, without it


@dataclass(frozen=True)
class ClaimedUpdate:
    """An update this processor holds until `claimed_until`; `attempts` counts this one."""

    inbox_id: int
    update_id: int
    payload: dict[str, Any] | None  # None when the claimer said it has the update at hand
    attempts: int
    claimed_until: datetime
    chat_id: int | None = None  # whose updates wait for this one


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
    incoming = Incoming(update_id, payload, chat_id, sender_id, language_code)
    return (await store_updates([incoming], budget=budget))[0]


async def store_updates(updates: Sequence[Incoming], *, budget: Budget | None = None) -> list[Stored]:
    """Keep a batch of updates (what one getUpdates answered) with one INSERT: what store_update does to each.

    With a budget, one more query reads the senders' recent updates. A batch the database refuses is stored one
    update at a time, so that only the update it cannot keep is recorded failed.
    """
    fresh: dict[int, Incoming] = {}
    for update in updates:  # an update_id twice in one batch: the second is a repeat
        fresh.setdefault(update.update_id, dataclass_replace(update, payload=_storable(update.payload)))
    batch = list(fresh.values())
    statuses, owed = await budget_statuses(batch, budget)
    now = clock.now()
    rows: list[Any] = []
    for update, status in zip(batch, statuses, strict=True):
        kept = status == InboxStatus.PENDING
        rows += [
            update.update_id, update.chat_id, update.sender_id, JSON_DUMPS(update.payload if kept else {}), status,
            "" if kept else "over the sender's budget", now, None if kept else now,
        ]
    try:
        async with in_transaction() if owed else contextlib.nullcontext():
            stored = {row["update_id"] for row in await _insert(len(batch)).rows(*rows)}
            for update in owed:
                if update.update_id in stored:
                    await slow_down(update, budget)
    except (OperationalError, ValueError) as refused:
        if len(batch) > 1:
            return [(await store_updates([update], budget=budget))[0] for update in updates]
        return [await _unstorable(batch[0], refused)]
    answers = {
        update.update_id: (Stored.KEPT if status == InboxStatus.PENDING else Stored.DROPPED)
        if update.update_id in stored else Stored.REPEATED
        for update, status in zip(batch, statuses, strict=True)
    }
    return [answers.pop(update.update_id, Stored.REPEATED) for update in updates]


# The INSERT of `count` updates, ignoring those already stored; it answers the update_ids it stored.
_insert = SizedStatement(InboxUpdate, lambda count: f"""
    INSERT INTO inbox_update
        (update_id, chat_id, sender_id, payload, status, attempts, error, received_at, processed_at)
    VALUES {", ".join(["(?, ?, ?, ?, ?, 0, ?, ?{at}, ?{at})"] * count)}
    ON CONFLICT (update_id) DO NOTHING RETURNING update_id
""")


async def _unstorable(update: Incoming, refused: Exception) -> Stored:
    """Record an update the database refused as failed, without its payload; REPEATED when it was stored before."""
    if await InboxUpdate.exists(update_id=update.update_id):
        return Stored.REPEATED
    if not await _database_answers():
        raise refused  # the database is away: the caller stores it again later
    await InboxUpdate.create(
        update_id=update.update_id, payload={}, chat_id=update.chat_id, sender_id=update.sender_id,
        status=InboxStatus.FAILED, error=f"the database refused it: {type(refused).__name__}"[:MAX_ERROR_LENGTH],
        processed_at=clock.now(),
    )
    log.error("inbox: update %s could not be stored (%s); recorded as failed", update.update_id,
              type(refused).__name__)
    return Stored.UNSTORABLE


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
    *, lease: timedelta, max_attempts: int, now: datetime | None = None, known: Container[int] = (),
) -> ClaimedUpdate | None:
    """Claim the oldest update that is due and first of its chat (see claim_updates); None when there is none."""
    claims = await claim_updates(lease=lease, max_attempts=max_attempts, limit=1, now=now, known=known)
    return claims[0] if claims else None


async def claim_updates(
    *, lease: timedelta, max_attempts: int, limit: int, now: datetime | None = None, known: Container[int] = (),
) -> list[ClaimedUpdate]:
    """Claim up to `limit` updates that are due, oldest first, each the first waiting update of its chat, for `lease`.

    Updates of the same chat are taken one at a time in update_id order: none is a candidate while
    an earlier one of its chat is processing or waiting for a retry, so however many one chat has
    waiting, the others' are found. One statement claims them all. A claim that lapsed after
    `max_attempts` (its processes kept dying) is marked failed by the same statement instead, and not
    returned. A claimed update's payload is not decoded for an update_id in `known` (the caller has
    it at hand): its claim's payload is None.
    """
    now = now or clock.now()
    until = now + lease
    given_up = "the process died or hung while processing it, "
    rows = await _CLAIM.rows(max_attempts, until, now, given_up, limit)
    claims = []
    for row in sorted(rows, key=lambda row: row["update_id"]):
        if row["status"] == InboxStatus.FAILED:
            log.error("inbox: update %s failed: %s%s times", row["update_id"], given_up, row["attempts"])
            continue
        payload = None if row["update_id"] in known else json_value(row["payload"])
        claims.append(ClaimedUpdate(row["id"], row["update_id"], payload, row["attempts"], until, row["chat_id"]))
    return claims


# ?1 max_attempts, ?2 the claim's end, ?3 now, ?4 the reason given up, ?5 how many. A claim that lapsed after
# `max_attempts` becomes failed; any other candidate is claimed.
_GAVE_UP = "status = 'processing' AND attempts >= ?1"
_CLAIM = Statement(InboxUpdate, f"""
    UPDATE inbox_update SET
        status = CASE WHEN {_GAVE_UP} THEN 'failed' ELSE 'processing' END,
        attempts = CASE WHEN {_GAVE_UP} THEN attempts ELSE attempts + 1 END,
        claimed_until = CASE WHEN {_GAVE_UP} THEN NULL ELSE ?2{{at}} END,
        processed_at = CASE WHEN {_GAVE_UP} THEN ?3{{at}} ELSE processed_at END,
        error = CASE WHEN {_GAVE_UP} THEN ?4 || attempts || ' times' ELSE error END
    WHERE id IN (
        SELECT id FROM inbox_update
        WHERE status IN ('pending', 'processing') AND (claimed_until IS NULL OR claimed_until < ?3{{at}})
          AND NOT EXISTS (
              SELECT 1 FROM inbox_update AS earlier WHERE earlier.chat_id = inbox_update.chat_id
              AND earlier.update_id < inbox_update.update_id AND earlier.status IN ('pending', 'processing'))
        ORDER BY update_id LIMIT ?5 {{skip_locked}})
    RETURNING id, update_id, chat_id, status, attempts, payload
""")


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
    return (await finish(claim, now=now)).held


@dataclass(frozen=True)
class Done:
    """What mark_done found: whether the claim was still held, and whether a later update of its chat waits."""

    held: bool
    chat_waits: bool  # the chat's next update, stored by any process, is claimable now


async def finish(claim: ClaimedUpdate, *, now: datetime | None = None) -> Done:
    """mark_done, also saying whether the chat has another update waiting (in the same statement)."""
    return (await finish_all([claim], now=now))[0]


async def finish_all(claims: Sequence[ClaimedUpdate], *, now: datetime | None = None) -> list[Done]:
    """finish for many claims, with one statement (bot.intake records together the updates processed side by side)."""
    params: list[Any] = [now or clock.now()]
    for claim in claims:
        params += [claim.inbox_id, claim.attempts]
    rows = await _done(len(claims)).rows(*params)
    waits = {row["id"]: bool(row["chat_waits"]) for row in rows}
    return [Done(held=claim.inbox_id in waits, chat_waits=waits.get(claim.inbox_id, False)) for claim in claims]


def _done_text(count: int) -> str:
    """The UPDATE that marks `count` claims done, each (?2n+2 its row, ?2n+3 its attempts) still held; ?1 now."""
    ids = ", ".join(f"?{2 * n + 2}" for n in range(count))
    attempts = " ".join(f"WHEN ?{2 * n + 2} THEN CAST(?{2 * n + 3} AS INTEGER)" for n in range(count))
    return f"""
        UPDATE inbox_update SET status = 'done', processed_at = ?1{{at}}, claimed_until = NULL, payload = '{{}}'
        WHERE id IN ({ids}) AND status = 'processing' AND attempts = CASE id {attempts} END
        RETURNING id, EXISTS (
            SELECT 1 FROM inbox_update AS later WHERE later.chat_id = inbox_update.chat_id
            AND later.update_id > inbox_update.update_id AND later.status = 'pending'
        ) AS chat_waits
    """


_done = SizedStatement(InboxUpdate, _done_text)


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


async def read_payload(claim: ClaimedUpdate) -> dict[str, Any]:
    """The update as Telegram sent it."""
    payloads = await column_of(InboxUpdate.filter(id=claim.inbox_id), "payload", dict)
    return payloads[0]


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
