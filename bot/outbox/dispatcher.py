"""The dispatcher: claims due notifications, renders them, sends them paced, and records what came of it.

A round claims at most one notification per chat (the first in line), about a second of sends,
and renders and sends them side by side, each when the pacer gives its chat a slot. While the
outbox is busy the next round claims as soon as half of one is done, so that the pacer never
waits for the database: a fan-out goes at the pacer's rate, not at the rate of claim, send, wait.
Chats the pacer holds back longer than a poll interval are left unclaimed, so claims stay well
inside their lease.

A message may go twice only if the process dies between sending it and recording it. Sends
take one of `in_flight` slots (half a second of sends) and give it back once recorded, so a
crash repeats at most `in_flight` messages, however large the fan-out. Sent messages are
recorded together, one UPDATE for those sent while the previous one was written (sent_marks):
one write a message would cost the database more than Telegram's whole budget at high rates.

What Telegram answers decides the notification's fate (see market.services.messaging.notifications):

    | answer                                    | notification                          |
    |-------------------------------------------|---------------------------------------|
    | the message                               | sent                                  |
    | 429 RetryAfter                            | pending again, its chat (or all) waits |
    | 403 Forbidden (blocked, kicked, deleted)  | blocked, and the chat marked blocked  |
    | 400 BadRequest chat not found             | the same: the person never started the bot |
    | 400 BadRequest (too long, bad markup)     | failed at once: retrying cannot help  |
    | network error, timeout, 5xx               | retried after 1, 2, 4 ... s, then failed |
    | the renderer returns None                 | done without a message                |

Only one dispatcher sends at a time (market.services.messaging.notifications.SenderLock), see bot.outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.coalesce import Coalesced
from bot.outbox.pacing import Pacer, Sleep, retry_seconds
from config import Settings
from market import clock
from market.enums import NotificationStatus
from market.services.messaging.notifications import (
    OwedMessage,
    SenderLock,
    claim_due_notifications,
    last_sends,
    mark_all_sent,
    mark_blocked,
    mark_failed,
    mark_retry,
    mark_skipped,
    release_notification,
)

log = logging.getLogger(__name__)

# Telegram's answer for a person who never started the bot (or a chat that is gone), as PTB words it.
CHAT_NOT_FOUND = "chat not found"


@dataclass(frozen=True)
class Document:
    """A file sent as a notification (a receipt's PDF): made from the database when it is sent, every attempt."""

    file_name: str
    content: bytes


@dataclass(frozen=True)
class Rendered:
    """A notification as the person will read it; `photo` is a Telegram file_id, `document` a file to upload, each
    sent with `text` as its caption."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    photo: str | None = None
    parse_mode: str | None = None
    document: Document | None = None


Renderer = Callable[[OwedMessage, Bot], Awaitable[Rendered | None]]


def utc_now() -> datetime:
    return clock.now()


class Dispatcher:
    """Send the outbox through `bot` while `run()` runs, keeping Telegram's limits (see bot.outbox).

    `clock` (monotonic seconds) and `sleep` pace the sends; `now` dates claims and retries in the
    database. Tests pass a fake clock for all three.
    """

    def __init__(
        self, bot: Bot, render: Renderer, settings: Settings, *, clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep, now: Callable[[], datetime] = utc_now,
        lease: timedelta = timedelta(seconds=60), batch: int | None = None,
        first_backoff: float = 1.0, max_backoff: float = 300.0, lock: SenderLock | None = None,
        in_flight: int | None = None, shutdown_grace: float = 10.0,
    ):
        self.bot = bot
        self.render = render
        self.poll_interval = settings.outbox_poll_interval
        self.max_attempts = settings.outbox_max_attempts
        self.lease = lease
        # About a second of sends a round: more would only wait in the pacer, holding claims.
        self.batch = batch or max(1, round(settings.outbox_rate_per_second))
        self.first_backoff, self.max_backoff = first_backoff, max_backoff
        # Sent and not yet recorded at any moment: what a crash may send twice (see above).
        self.in_flight = in_flight or max(4, math.ceil(settings.outbox_rate_per_second / 2))
        self._slots = asyncio.Semaphore(self.in_flight)
        self._marks = sent_marks(now)
        self._deliveries: set[asyncio.Task] = set()
        self.pacer = Pacer.for_settings(settings, clock, sleep)
        self._clock, self._now = clock, now
        self._lock = lock or SenderLock()
        self._sending = False  # whether we held the sender lock at the last look
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._stopped = asyncio.Event()  # set by stop(): a wait for deliveries ends with it
        self._pacing: set[asyncio.Task] = set()  # deliveries waiting for a slot: stop() cuts their wait short
        self._running: asyncio.Event | None = None
        # How long run() waits at its end for the sends under way to be recorded (see _settle).
        self.shutdown_grace = shutdown_grace

    def wake(self) -> None:
        """A change owing messages was committed: look at the outbox now rather than at the next poll."""
        self._wakeup.set()

    async def run(self) -> None:
        """Send until stop(): a round whenever woken or every poll interval, overlapping while busy."""
        self._running = asyncio.Event()
        try:
            while not self._stopping:
                # Cleared before looking, so that a wake() during the round starts the next one at once.
                self._wakeup.clear()
                try:
                    claimed = await self._claim()
                except Exception:  # the database is down: claims lapse and are taken again later
                    log.exception("outbox: a dispatch round failed; trying again")
                    claimed = []
                for owed in claimed:
                    task = asyncio.create_task(self._deliver_logged(owed))
                    self._deliveries.add(task)
                    task.add_done_callback(self._deliveries.discard)
                if claimed:
                    await self._until_half_done(len(claimed))
                elif not self._stopping:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wakeup.wait(), self.poll_interval)
        finally:
            # Messages not sent yet go back to the table (each delivery sees _stopping).
            await self._settle()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._let_go(), self.shutdown_grace)
            self._running.set()

    async def _settle(self) -> None:
        """Let the deliveries under way finish and record themselves, for `shutdown_grace` seconds at most.

        A database that stops answering must not hold a shutdown (SIGTERM, a test's teardown) for ever. A delivery
        cut off keeps its claim, which lapses and is taken again after a restart, as after a crash: a message sent
        but not recorded may then go twice, the same risk as a crash between the send and its record.
        """
        if not self._deliveries:
            return
        _, cut = await asyncio.wait(set(self._deliveries), timeout=self.shutdown_grace)
        if cut:
            log.warning("outbox: %s deliveries not recorded after %s s at shutdown; their claims will lapse",
                        len(cut), self.shutdown_grace)
            for delivery in cut:
                delivery.cancel()
            self._marks.abandon()
            await asyncio.gather(*cut, return_exceptions=True)

    async def stop(self) -> None:
        """Finish the sends under way and let run() return; messages not yet sent go back to the table, those
        waiting for their chat's slot at once (SIGTERM does not wait out a pacing wait)."""
        self._stopping = True
        self._stopped.set()
        for delivery in self._pacing:
            delivery.cancel()  # ends in _acquire_unless_stopped: the notification goes back to the table
        self._wakeup.set()
        if self._running is not None:
            await self._running.wait()

    async def dispatch_once(self) -> int:
        """Claim what is due and send it (one round); returns how many messages were sent.

        For tests, instead of run(): it takes the sender lock for the round and lets go of it after.
        """
        try:
            claimed = await self._claim()
            results = await asyncio.gather(*(self._deliver_logged(owed) for owed in claimed))
        finally:
            await self._let_go()
        return sum(results)

    async def _claim(self) -> list[OwedMessage]:
        if not await self._hold_sender_lock():
            return []
        all_wait, waiting_chats = self.pacer.waiting_beyond(self.poll_interval)
        if all_wait:
            return []
        return await claim_due_notifications(
            limit=self.batch, lease=self.lease, exclude_chats=waiting_chats, now=self._now(),
        )

    async def _until_half_done(self, claimed: int) -> None:
        """Wait until half of the last round is delivered: the next claim then keeps the pacer busy."""
        if len(self._deliveries) <= claimed // 2:
            return
        stopped = asyncio.create_task(self._stopped.wait())
        try:
            while len(self._deliveries) > claimed // 2 and not self._stopping:
                await asyncio.wait({stopped, *self._deliveries}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()

    async def _deliver_logged(self, owed: OwedMessage) -> bool:
        try:
            return await self._deliver(owed)
        except Exception as error:
            # The claim lapses and the notification is taken again: only its record failed.
            log.error("outbox: notification %s: %s", owed.id, error, exc_info=error)
            return False

    async def _hold_sender_lock(self) -> bool:
        sending = await self._lock.hold()
        if sending and not self._sending:
            await self._take_over()
        self._sending = sending
        return sending

    async def _let_go(self) -> None:
        self._sending = False
        with contextlib.suppress(Exception):  # the database is gone: so is the lock
            await self._lock.release()

    async def _take_over(self) -> None:
        """Becoming the sender: count the limits from what the previous sender sent lately."""
        now, clock = self._now(), self._clock()
        recent = max(self.pacer.private_interval, self.pacer.group_interval)
        for chat_id, sent_at in (await last_sends(since=now - timedelta(seconds=recent))).items():
            self.pacer.last_sent(chat_id, clock - (now - sent_at).total_seconds())
        log.info("outbox: this process sends the outbox now")

    async def _deliver(self, owed: OwedMessage) -> bool:
        """Render, wait for a slot, send, record; True when the message went out."""
        try:
            rendered = await self.render(owed, self.bot)
        except Exception as error:  # a renderer bug or a database hiccup: counted as an attempt
            log.exception("outbox: rendering notification %s (%s) failed", owed.id, owed.template)
            await self._retry(owed, f"render: {type(error).__name__}: {error}")
            return False
        if rendered is None:
            await mark_skipped(owed)
            return False
        async with self._slots:
            return await self._paced_send(owed, rendered)

    async def _paced_send(self, owed: OwedMessage, rendered: Rendered) -> bool:
        if not self._stopping:
            await self._acquire_unless_stopped(owed.chat_id)
        if self._stopping:
            await release_notification(owed)
            return False
        try:
            await self._send(owed.chat_id, rendered)
        except RetryAfter as error:
            seconds = retry_seconds(error)
            self.pacer.refused(owed.chat_id, seconds)
            log.warning("outbox: Telegram asks to wait %s s (notification %s)", seconds, owed.id)
            await release_notification(owed)
            return False
        except Forbidden as error:
            await self._unreachable(owed, error)
            return False
        except BadRequest as error:  # before TelegramError: BadRequest is also a NetworkError
            if error.message.lower() == CHAT_NOT_FOUND:
                await self._unreachable(owed, error)
            else:
                await mark_failed(owed, f"{type(error).__name__}: {error.message}")
            return False
        except TelegramError as error:  # NetworkError, TimedOut, a 5xx, InvalidToken
            await self._retry(owed, f"{type(error).__name__}: {error.message}")
            return False
        finally:
            self.pacer.sent(owed.chat_id)
        await self._marks(owed)
        return True

    async def _unreachable(self, owed: OwedMessage, error: TelegramError) -> None:
        """Blocked, or never started (the demo's people, offline): no fault, so one line; the chat waits until
        the person writes to the bot."""
        log.info("outbox: the chat of notification %s cannot be reached (%s); marked blocked", owed.id, error.message)
        await mark_blocked(owed, now=self._now())

    async def _acquire_unless_stopped(self, chat_id: int) -> None:
        """Wait for `chat_id`'s slot unless stop() comes first: it may be a second or, after a 429, minutes
        away, and stopping (SIGTERM, the end of a test) should not wait it out. A wait cut short takes no slot.

        stop() cancels the waiting task (cheaper than racing each wait with an event: a fan-out acquires
        hundreds of slots a second), and the cancellation ends here."""
        delivery = asyncio.current_task()
        assert delivery is not None  # a delivery runs in its own task
        self._pacing.add(delivery)
        try:
            await self.pacer.acquire(chat_id)
        except asyncio.CancelledError:
            # stop()'s cancellation ends here and the delivery gives its notification back; any other goes on.
            if not self._stopping or delivery.uncancel() > 0:
                raise
        finally:
            self._pacing.discard(delivery)

    async def _send(self, chat_id: int, rendered: Rendered) -> None:
        if rendered.document:
            document = InputFile(rendered.document.content, filename=rendered.document.file_name)
            await self.bot.send_document(
                chat_id, document, caption=rendered.text, parse_mode=rendered.parse_mode,
                reply_markup=rendered.reply_markup,
            )
        elif rendered.photo:
            await self.bot.send_photo(
                chat_id, rendered.photo, caption=rendered.text, parse_mode=rendered.parse_mode,
                reply_markup=rendered.reply_markup,
            )
        else:
            await self.bot.send_message(
                chat_id, rendered.text, parse_mode=rendered.parse_mode, reply_markup=rendered.reply_markup,
            )

    async def _retry(self, owed: OwedMessage, error: str) -> None:
        retry_in = min(self.first_backoff * 2 ** owed.attempts, self.max_backoff)
        status = await mark_retry(
            owed, error, max_attempts=self.max_attempts, retry_in=timedelta(seconds=retry_in), now=self._now(),
        )
        if status == NotificationStatus.PENDING:
            log.warning("outbox: notification %s failed (attempt %s of %s), retrying in %s s: %s",
                        owed.id, owed.attempts + 1, self.max_attempts, retry_in, error)


def sent_marks(now: Callable[[], datetime]) -> Coalesced[OwedMessage, None]:
    """Record sent messages in batches (bot.coalesce): one UPDATE for all those sent while the previous one was
    written. A send returns once its record is committed, so that its in-flight slot is given back only then.
    sent_at is when the batch is written, a few milliseconds late, which only makes a take-over (bot.outbox) wait a
    little longer. On an error the claims lapse and those messages are sent again."""
    async def write(batch: list[OwedMessage]) -> list[None]:
        changed = await mark_all_sent(batch, now=now())
        if changed < len(batch):
            log.warning("outbox: %s notifications were sent after their claims lapsed; they may go twice",
                        len(batch) - changed)
        return [None] * len(batch)

    return Coalesced(write, name="outbox sent marks")
