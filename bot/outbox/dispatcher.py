"""The dispatcher: claims due notifications, renders them, sends them paced, and records what came of it.

One round claims at most one notification per chat (the first in line), renders and sends them
side by side, each when the pacer gives its chat a slot, and waits for the round to end. Chats
the pacer holds back longer than a poll interval are left unclaimed, so a round stays short and
claims stay well inside their lease.

What Telegram answers decides the notification's fate (see market.services.notifications):

    | answer                                    | notification                          |
    |-------------------------------------------|---------------------------------------|
    | the message                               | sent                                  |
    | 429 RetryAfter                            | pending again, its chat (or all) waits |
    | 403 Forbidden (blocked, kicked, deleted)  | blocked, and the chat marked blocked  |
    | 400 BadRequest (chat not found, too long) | failed at once: retrying cannot help  |
    | network error, timeout, 5xx               | retried after 1, 2, 4 ... s, then failed |
    | the renderer returns None                 | done without a message                |

Only one dispatcher sends at a time (market.services.notifications.SenderLock), see bot.outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.outbox.pacing import Pacer, Sleep
from config import Settings
from market.models.enums import NotificationStatus
from market.services.notifications import (
    OwedMessage, SenderLock, claim_due_notifications, last_sends, mark_blocked, mark_failed, mark_retry,
    mark_sent, mark_skipped, release_notification,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    """A notification as the person will read it; `photo` is a Telegram file_id sent with `text` as caption."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    photo: str | None = None
    parse_mode: str | None = None


Renderer = Callable[[OwedMessage, Bot], Awaitable[Rendered | None]]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


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
    ):
        self.bot = bot
        self.render = render
        self.poll_interval = settings.outbox_poll_interval
        self.max_attempts = settings.outbox_max_attempts
        self.lease = lease
        # About a second of sends a round: more would only wait in the pacer, holding claims.
        self.batch = batch or max(1, round(settings.outbox_rate_per_second))
        self.first_backoff, self.max_backoff = first_backoff, max_backoff
        self.pacer = Pacer.for_settings(settings, clock, sleep)
        self._clock, self._now = clock, now
        self._lock = lock or SenderLock()
        self._sending = False  # whether we held the sender lock at the last look
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._running: asyncio.Event | None = None

    def wake(self) -> None:
        """A change owing messages was committed: look at the outbox now rather than at the next poll."""
        self._wakeup.set()

    async def run(self) -> None:
        """Send until stop(): a round whenever woken or every poll interval, back to back while busy."""
        self._running = asyncio.Event()
        try:
            while not self._stopping:
                # Cleared before looking, so that a wake() during the round starts the next one at once.
                self._wakeup.clear()
                try:
                    claimed, _ = await self._round()
                except Exception:  # the database is down: claims lapse and are taken again later
                    log.exception("outbox: a dispatch round failed; trying again")
                    claimed = 0
                if not claimed and not self._stopping:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wakeup.wait(), self.poll_interval)
        finally:
            await self._let_go()
            self._running.set()

    async def stop(self) -> None:
        """Finish the round under way (messages not yet sent go back to the table) and let run() return."""
        self._stopping = True
        self._wakeup.set()
        if self._running is not None:
            await self._running.wait()

    async def dispatch_once(self) -> int:
        """Claim what is due and send it (one round); returns how many messages were sent.

        For tests, instead of run(): it takes the sender lock for the round and lets go of it after.
        """
        try:
            _, sent = await self._round()
        finally:
            await self._let_go()
        return sent

    async def _round(self) -> tuple[int, int]:
        if not await self._hold_sender_lock():
            return 0, 0
        all_wait, waiting_chats = self.pacer.waiting_beyond(self.poll_interval)
        if all_wait:
            return 0, 0
        claimed = await claim_due_notifications(
            limit=self.batch, lease=self.lease, exclude_chats=waiting_chats, now=self._now(),
        )
        results = await asyncio.gather(*(self._deliver(owed) for owed in claimed), return_exceptions=True)
        for owed, result in zip(claimed, results):
            if isinstance(result, BaseException):
                # The claim lapses and the notification is taken again: only its record failed.
                log.error("outbox: notification %s: %s", owed.id, result, exc_info=result)
        return len(claimed), sum(1 for result in results if result is True)

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
        await self.pacer.acquire(owed.chat_id)
        if self._stopping:
            await release_notification(owed)
            return False
        try:
            await self._send(owed.chat_id, rendered)
        except RetryAfter as error:
            seconds = _seconds(error)
            self.pacer.refused(owed.chat_id, seconds)
            log.warning("outbox: Telegram asks to wait %s s (chat %s)", seconds, owed.chat_id)
            await release_notification(owed)
            return False
        except Forbidden as error:
            log.info("outbox: chat %s cannot be reached (%s); marked blocked", owed.chat_id, error.message)
            await mark_blocked(owed, now=self._now())
            return False
        except BadRequest as error:  # before TelegramError: BadRequest is also a NetworkError
            await mark_failed(owed, f"{type(error).__name__}: {error.message}")
            return False
        except TelegramError as error:  # NetworkError, TimedOut, a 5xx, InvalidToken
            await self._retry(owed, f"{type(error).__name__}: {error.message}")
            return False
        finally:
            self.pacer.sent(owed.chat_id)
        if not await mark_sent(owed, now=self._now()):
            log.warning("outbox: notification %s was sent after its claim lapsed; it may go twice", owed.id)
        return True

    async def _send(self, chat_id: int, rendered: Rendered) -> None:
        if rendered.photo:
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
            log.warning("outbox: notification %s to chat %s failed (attempt %s of %s), retrying in %s s: %s",
                        owed.id, owed.chat_id, owed.attempts + 1, self.max_attempts, retry_in, error)


def _seconds(error: RetryAfter) -> float:
    """retry_after in seconds, whichever form PTB gives it in (an int is deprecated and warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
