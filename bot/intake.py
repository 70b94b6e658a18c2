"""Durable intake: every update is stored in the inbox before it is acknowledged, then processed once.

Polling acknowledges an update only by asking getUpdates for a later offset, so the loop here
stores each update before it asks again (python-telegram-bot's Updater acknowledges as soon as it
fetches). The webhook route stores before it answers 200 (see bot.runtime). A processor task then
claims stored updates in update_id order and runs them through `Application.process_update`.

Several processor tasks (`workers`) run side by side, in one process and across processes (webhook
mode on PostgreSQL): they share the inbox through claims, which skip a chat while an earlier update
of it is held by any of them (see market.services.messaging.inbox), so each chat's updates are handled one at
a time and in order while different people are served at once. With one worker a person waiting
behind forty others waits for forty round trips to the database (bench/bot_throughput.py).

Handlers must run blocking (PTB's default): an update is marked done when process_update returns, with the others
that finished meanwhile (one UPDATE).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import Conflict, RetryAfter
from telegram.ext import Application

from bot.coalesce import Coalesced
from bot.connections import POLLING
from market.enums import InboxStatus
from market.faults import FAULT_ENV, requested_fault
from market.services.messaging.budgets import Budget, Incoming
from market.services.messaging.inbox import (
    ClaimedUpdate,
    Stored,
    claim_updates,
    extend_claim,
    finish_all,
    last_update_id,
    mark_failed,
    read_payload,
    store_updates,
)

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10.0  # seconds a getUpdates long poll waits for news (PTB's run_polling default)
# Test-only fault hook (market.faults), read once when the bot starts: "exit-after-store" ends the
# process the moment an update is committed to the inbox, before anything processes or acknowledges it.


def chat_of(payload: dict[str, Any]) -> int | None:
    """The chat whose updates must keep their order: the update's chat, else its person, else None.

    | update                                   | key  |
    |------------------------------------------|------|
    | message in chat 7                        | 7    |
    | callback_query on a message in chat -5   | -5   |
    | inline_query from person 9               | 9    |
    | poll (no chat, no person)                | None |
    | message in chat 2**70 (forged)           | None |
    """
    for body in payload.values():
        if isinstance(body, dict):
            message: dict[str, Any] = body["message"] if isinstance(body.get("message"), dict) else {}
            for holder, key in ((body, "chat"), (message, "chat"), (body, "from"), (body, "user")):
                if isinstance(holder.get(key), dict) and is_int64(holder[key].get("id")):
                    return holder[key]["id"]
    return None


def sender_of(payload: dict[str, Any]) -> tuple[int | None, str | None]:
    """The person who sent the update (whose budget it counts against) and their language, if any."""
    for body in payload.values():
        if isinstance(body, dict):
            person = body.get("from") if isinstance(body.get("from"), dict) else body.get("user")
            if isinstance(person, dict) and is_int64(person.get("id")):
                language = person.get("language_code")
                return person["id"], language if isinstance(language, str) else None
    return None, None


def is_int64(value: object) -> bool:
    """An id the inbox's BIGINT columns can keep (Telegram's fit in 52 bits; a forged one may not)."""
    return type(value) is int and -(2**63) <= value < 2**63


def fault_from_environment() -> Callable[[int], None] | None:
    """The after-store hook FERIA_FAULT asks for (the kill test), or None."""
    if requested_fault() != "exit-after-store":
        return None
    log.warning("bot: %s=exit-after-store: this process exits as soon as it stores an update", FAULT_ENV)

    def exit_after_store(update_id: int) -> None:
        log.warning("bot: update %s stored; exiting now (%s)", update_id, FAULT_ENV)
        os._exit(137)

    return exit_after_store


DONE_MARKS = "inbox done marks"  # the task that marks processed updates done


class Intake:
    """Store updates (from getUpdates or the webhook), wake the processor, process each once."""

    def __init__(
        self, application: Application, *, poll_timeout: float = POLL_TIMEOUT, recheck_every: float = 1.0,
        lease: timedelta = timedelta(seconds=30), max_attempts: int = 3, retry_delay: float = 2.0,
        first_backoff: float = 0.5, max_backoff: float = 30.0, after_store: Callable[[int], None] | None = None,
        workers: int = 8, budget: Budget | None = None,
    ):
        self.application = application
        self.poll_timeout = poll_timeout
        self.recheck_every = recheck_every  # look at the table even when not woken: other processes, retries
        self.lease = lease
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.first_backoff = first_backoff  # pauses after a failed poll double from here
        self.max_backoff = max_backoff
        self.after_store = after_store
        self.budget = budget  # updates a sender may send a minute; None: no limit
        self.dropped = 0  # updates over their sender's budget, stored dropped by this process
        # Updates of different chats are processed side by side; claim_updates keeps each chat's in order.
        self.workers = workers
        self._more = False  # the last claim took as many as it could: more may be waiting
        self._wakeup = asyncio.Event()
        self._stopped = asyncio.Event()
        # Updates this process polled and stored, already parsed: processing skips reading and
        # parsing them again (any other processor reads them from the inbox).
        self._parsed = _Recent()
        self._tasks: list[asyncio.Task] = []
        # Updates processed side by side are marked done together: one UPDATE for those finished while the
        # previous one was written (bot.coalesce).
        self._finish = Coalesced(finish_all, name=DONE_MARKS)

    async def store(self, payload: dict[str, Any]) -> Stored:
        """Keep the update in the inbox and wake the processor; only a KEPT update will be processed."""
        return (await self.store_many([payload]))[0]

    async def store_many(self, payloads: list[dict[str, Any]]) -> list[Stored]:
        """Keep a batch of updates (one getUpdates answer) with one INSERT, then wake the processor."""
        incoming = []
        for payload in payloads:
            sender, language = sender_of(payload)
            incoming.append(Incoming(payload["update_id"], payload, chat_of(payload), sender, language))
        results = await store_updates(incoming, budget=self.budget)
        for update, stored in zip(incoming, results, strict=True):
            if stored == Stored.DROPPED:
                self.dropped += 1
            if stored != Stored.REPEATED and self.after_store is not None:
                self.after_store(update.update_id)
        self._wakeup.set()
        return results

    def start(self, *, polling: bool, processing: bool = True) -> None:
        """Poll Telegram (or not: the webhook stores), and process what is stored unless told not to."""
        if processing:
            self._tasks.append(asyncio.create_task(self._process_forever(), name="inbox processor"))
        if polling:
            self._tasks.append(asyncio.create_task(self._poll_forever(), name="telegram polling"))

    async def stop(self, grace: float = 10.0) -> None:
        """Stop polling at once; let the update being processed finish (up to `grace` seconds)."""
        self._stopped.set()
        self._wakeup.set()
        if not self._tasks:
            return
        _, late = await asyncio.wait(self._tasks, timeout=grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    # Polling

    async def _poll_forever(self) -> None:
        bot = self.application.bot
        offset: int | None = None
        backoff = 0.0
        while not self._stopped.is_set():
            try:
                if offset is None:
                    # Updates wait at Telegram until a poll asks past them: resume after the last one kept.
                    await self._unless_stopped(bot.delete_webhook(drop_pending_updates=False))
                    offset = ((await last_update_id()) or 0) + 1
                    log.info("bot: polling for updates from update_id %s", offset)
                updates = await self._unless_stopped(bot.get_updates(
                    offset=offset, timeout=self.poll_timeout, allowed_updates=Update.ALL_TYPES,
                ))
                if updates:
                    results = await self.store_many(self._as_sent(updates))
                    for update, stored in zip(updates, results, strict=True):
                        if stored == Stored.KEPT:
                            self._parsed.remember(update)
                    # Past the highest one: a batch may come out of update_id order.
                    offset = max(offset, *(update.update_id + 1 for update in updates))
                backoff = 0.0
            except RetryAfter as error:
                log.warning("bot: getUpdates flood control, waiting %s s", _seconds(error.retry_after))
                await self._unless_stopped(asyncio.sleep(_seconds(error.retry_after)))
            except Conflict as error:
                backoff = self._next_backoff(backoff)
                log.error("bot: getUpdates conflict (409): another process polls this bot, or a webhook is "
                          "set; retrying in %.1f s (%s)", backoff, error.message)
                await self._unless_stopped(asyncio.sleep(backoff))
            except Exception as error:  # NetworkError, TimedOut, InvalidToken, a database hiccup
                backoff = self._next_backoff(backoff)
                log.warning("bot: polling failed (%s: %s); retrying in %.1f s", type(error).__name__, error, backoff)
                await self._unless_stopped(asyncio.sleep(backoff))

    def _next_backoff(self, backoff: float) -> float:
        return min(max(backoff * 2, self.first_backoff), self.max_backoff)

    async def _unless_stopped(self, awaitable: Awaitable[Any]) -> Any:
        """Await `awaitable` unless stop() comes first: then cancel it and return None."""
        task = asyncio.ensure_future(awaitable)
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not task.done():
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            return await task
        return None

    def _as_sent(self, updates: Sequence[Update]) -> list[dict[str, Any]]:
        """The updates as Telegram sent them, kept by the polling request (bot.connections), as a webhook delivers
        them; PTB's objects turned back into dicts when it kept nothing that matches."""
        polling = self.application.bot_data.get(POLLING)
        sent = polling.take_result() if polling is not None else None
        if (isinstance(sent, list) and all(isinstance(update, dict) for update in sent)
                and [update.get("update_id") for update in sent] == [update.update_id for update in updates]):
            return sent
        return [update.to_dict() for update in updates]

    # Processing

    async def _process_forever(self) -> None:
        """Claim updates, as many at once as there are free workers, and process them side by side.

        One claimer per process: workers racing for the same rows would cost a failed UPDATE each.
        """
        running: set[asyncio.Task] = set()

        def finished(task: asyncio.Task) -> None:
            running.discard(task)
            # Look again when the chat's next update waited for this one, or others waited for a worker.
            if self._more or (not task.cancelled() and task.exception() is None and task.result()):
                self._wakeup.set()

        try:
            while not self._stopped.is_set():
                free = self.workers - len(running)
                if free <= 0:
                    await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    continue
                # Cleared before looking, so that a store during the look wakes the next wait.
                self._wakeup.clear()
                claims = await self._claim(free)
                for claim in claims:
                    task = asyncio.create_task(self._process(claim), name=f"update {claim.update_id}")
                    running.add(task)
                    task.add_done_callback(finished)
                if self._more:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), self.recheck_every)
        except asyncio.CancelledError:
            # stop()'s grace ran out: the updates under way stay claimed and are retried after their lease.
            for task in running:
                task.cancel()
            raise
        finally:
            # Stopping lets the updates under way finish.
            if running:
                await asyncio.gather(*running, return_exceptions=True)

    async def _claim(self, free: int) -> list[ClaimedUpdate]:
        """Claim up to `free` updates; none when the database is down (the processor tries again after a pause)."""
        claims: list[ClaimedUpdate] = []
        try:
            claims = await claim_updates(lease=self.lease, max_attempts=self.max_attempts, limit=free, known=self._parsed)
        except Exception:
            log.exception("bot: the inbox processor failed; retrying")
        self._more = len(claims) == free
        return claims

    async def _process(self, claim: ClaimedUpdate) -> bool:
        """Run the update through the handlers (PTB calls the error handler for their errors); True when a
        later update of its chat may be claimed now."""
        try:
            update = self._parsed.take(claim.update_id)
            if update is None:
                payload = claim.payload if claim.payload is not None else await read_payload(claim)
                try:
                    update = Update.de_json(payload, self.application.bot)
                except Exception as error:
                    # An update python-telegram-bot cannot read never will be: failed now, not after
                    # retries that would hold its chat's next updates back.
                    await mark_failed(claim, _reason(error), max_attempts=claim.attempts, retry_in=timedelta())
                    log.error("bot: update %s cannot be read; giving up", claim.update_id, exc_info=error)
                    return True
            await self._holding(claim, self.application.process_update(update))
        except Exception as error:
            status = await mark_failed(
                claim, _reason(error), max_attempts=self.max_attempts,
                retry_in=timedelta(seconds=self.retry_delay * claim.attempts),
            )
            if status == InboxStatus.FAILED:
                log.error("bot: update %s failed %s times; giving up", claim.update_id, claim.attempts, exc_info=error)
            else:
                log.warning("bot: update %s failed (attempt %s of %s); retrying", claim.update_id,
                            claim.attempts, self.max_attempts, exc_info=error)
            return status == InboxStatus.FAILED
        done = await self._finish(claim)
        if not done.held:
            log.warning("bot: update %s took longer than its claim; another processor may run it", claim.update_id)
        return done.chat_waits

    async def _holding(self, claim: ClaimedUpdate, work: Coroutine[Any, Any, None]) -> None:
        """Await `work`, extending the claim while it runs so that no other process takes the update."""
        task = asyncio.create_task(work, name=f"update {claim.update_id} handlers")
        try:
            while not (await asyncio.wait({task}, timeout=self.lease.total_seconds() / 3))[0]:
                try:
                    extended = await extend_claim(claim, self.lease)
                except Exception:  # a database hiccup must not interrupt the handler; the next try may work
                    log.exception("bot: could not extend the claim on update %s", claim.update_id)
                    continue
                if not extended:
                    log.warning("bot: lost the claim on update %s while processing it", claim.update_id)
            task.result()
        finally:
            task.cancel()


class _Recent:
    """The last updates polled here, by update_id, so that processing them reads nothing back."""

    LIMIT = 1000

    def __init__(self) -> None:
        self._updates: OrderedDict[int, Update] = OrderedDict()

    def remember(self, update: Update) -> None:
        self._updates[update.update_id] = update
        while len(self._updates) > self.LIMIT:
            self._updates.popitem(last=False)

    def __contains__(self, update_id: object) -> bool:
        return update_id in self._updates

    def take(self, update_id: int) -> Update | None:
        return self._updates.pop(update_id, None)


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _seconds(value: timedelta | float) -> float:
    """RetryAfter.retry_after is a timedelta under PTB_TIMEDELTA, else seconds."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
