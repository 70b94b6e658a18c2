"""When the next notification may go: Telegram's flood limits kept on one clock, and its 429s obeyed.

Each limit is kept as an even spacing, never as a burst: one message every 1/30 s overall, one
a second per private chat, one every 3 s per group (20 a minute), each 5 % slower. Telegram
counts sliding windows where requests arrive, after network jitter: evenly spaced sends never
bunch up in one window there (a burst sent at a window's edge may), and the 5 % absorb up to
50 ms of jitter and lateness (CATCH_UP) in the overall second. A chat's next slot counts from
when its previous send *finished*, which is after Telegram received it, so no jitter can bring
two of them closer.

The overall 30 a second are the bot's, replies and notifications together. Replies to people's
own messages go first: RepliesFirst, the Application's rate limiter, takes for each reply the
next overall slot ahead of any notification waiting for it (Pacer.reply), so a reply waits at
most one interval (35 ms) and the notifications behind it move one slot later. A fan-out then
slows by the replies sent meanwhile instead of pushing both over the limit into 429s.

Telegram's 429 does not say which limit was hit. One chat refused is most likely that chat's own
limit (the bot's replies to the person share it): only that chat waits `retry_after`. A second
chat refused while the first still waits means the overall limit: everything waits.

    examples (overall 30/s, private chats 1 s, groups 20/min):
    | sent                                   | chat asking  | may go after  |
    | nothing                                | 7            | 0 s           |
    | to 7 at 0 s (finished at 0.2 s)        | 7            | 1.25 s        |
    | to 7 at 0 s                            | 8            | 0.035 s       |
    | to group -5 at 0 s                     | -5           | 3.15 s        |
    | 429 retry_after 5 for 7 at 0 s         | 8            | 0 s           |
    | 429s retry_after 5 for 7 then for 8    | 9            | 5 s           |
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from config import Settings

Sleep = Callable[[float], Awaitable[None]]
# Slower than the limits, so that rounding, the late slots CATCH_UP lets count from their time, and network
# jitter never add up to a 429: with 3 % or 4 %, tests/bot/outbox/test_pacing.py finds sliding seconds over
# the limit (bench/fanout.py then delivered 95.5-95.9 % of it); with 5 % none, and the ceiling is 95.2 %.
MARGIN = 1.05
# How late (seconds) an overall slot may be taken and still count from its own time: the event
# loop wakes a sleeper about 0.6 ms late, which at 300 a second (3.5 ms apart) cost a sixth of
# the rate. The price is a sliding second that may hold CATCH_UP's worth of sends more (a third
# of a message at 30 a second), taken from the margin.
CATCH_UP = 0.010


class Pacer:
    """Hands out send slots for chats; `clock` is seconds on any monotonic scale."""

    def __init__(
        self, *, per_second: float, private_interval: float, group_per_minute: float,
        clock: Callable[[], float], sleep: Sleep = asyncio.sleep,
    ):
        self.overall_interval = MARGIN / per_second
        self.private_interval = MARGIN * private_interval
        self.group_interval = MARGIN * 60.0 / group_per_minute
        self.clock = clock
        self._sleep = sleep
        self._next_overall = float("-inf")
        self._paused_until = float("-inf")  # everything waits (the overall limit was hit)
        self._next_chat: dict[int, float] = {}
        self._refused_until: dict[int, float] = {}
        self._refused_at: dict[int, float] = {}  # when each chat was last refused (RepliesFirst paces it a while)
        self._turn = asyncio.Lock()  # FIFO: chats ready at once take overall slots in arrival order

    @classmethod
    def for_settings(cls, settings: Settings, clock: Callable[[], float], sleep: Sleep = asyncio.sleep) -> Pacer:
        return cls(
            per_second=settings.outbox_rate_per_second,
            private_interval=settings.outbox_private_chat_interval,
            group_per_minute=settings.outbox_group_per_minute, clock=clock, sleep=sleep,
        )

    def interval(self, chat_id: int) -> float:
        # Group, supergroup and channel ids are negative; a private chat's id is the person's.
        return self.group_interval if chat_id < 0 else self.private_interval

    def ready_at(self, chat_id: int) -> float:
        """The earliest time `chat_id` may get a message, leaving the overall spacing aside."""
        return max(self._next_chat.get(chat_id, float("-inf")), self._paused_until)

    async def acquire(self, chat_id: int) -> None:
        """Wait for a slot for `chat_id`, and take it."""
        while True:
            await self._sleep_until(self.ready_at(chat_id))
            async with self._turn:
                now = await self._overall_slot()
                # A 429 may have come while we waited for our turn: then wait again.
                if self.ready_at(chat_id) <= now:
                    self._take_overall(now)
                    self._next_chat[chat_id] = now + self.interval(chat_id)
                    return

    async def reply(self, chat_id: int) -> None:
        """A reply to `chat_id` is about to go: take the next overall slot, ahead of every waiting alert.

        So it waits at most one overall interval (35 ms at 30 a second), more only behind other
        replies or while Telegram has paused everything; alerts move one slot later. Its chat's
        own limit is PTB's (see RepliesFirst): a person writes at a person's pace.
        """
        slot = max(self._next_overall, self.clock(), self._paused_until)
        self._take_overall(slot)
        await self._sleep_until(slot)

    def sent(self, chat_id: int) -> None:
        """A send to `chat_id` finished: its next message counts from now."""
        self._hold_chat(chat_id, self.clock() + self.interval(chat_id))

    def last_sent(self, chat_id: int, at: float) -> None:
        """Another sender reached `chat_id` at `at` (on this clock): count its limits from then."""
        self._hold_chat(chat_id, at + self.interval(chat_id))
        self._next_overall = max(self._next_overall, at + self.overall_interval)

    def refused(self, chat_id: int, retry_after: float) -> None:
        """Telegram answered 429 for `chat_id`: wait `retry_after`, everyone if another chat also waits."""
        now = self.clock()
        until = now + retry_after
        if any(t > now for chat, t in self._refused_until.items() if chat != chat_id):
            self._paused_until = max(self._paused_until, until)
        self._refused_until = {chat: t for chat, t in self._refused_until.items() if t > now}
        self._refused_until[chat_id] = max(self._refused_until.get(chat_id, now), until)
        self._refused_at[chat_id] = now
        self._hold_chat(chat_id, until)

    def recently_refused(self, chat_id: int, within: float = 60.0) -> bool:
        """Whether Telegram refused `chat_id` in the last `within` seconds (its replies are then paced too)."""
        at = self._refused_at.get(chat_id)
        return at is not None and self.clock() - at < within

    async def chat_ready(self, chat_id: int) -> None:
        """Wait until `chat_id` may be sent to again (its 429, or everyone's, waited out)."""
        await self._sleep_until(self.ready_at(chat_id))

    def waiting_beyond(self, horizon: float) -> tuple[bool, frozenset[int]]:
        """(everything waits longer than `horizon` s, the chats that do): not worth claiming for now."""
        now = self.clock()
        # Forget chats whose wait is over: their slot is free, as if they had never been sent to.
        self._next_chat = {chat: t for chat, t in self._next_chat.items() if t > now}
        limit = now + horizon
        return self._paused_until > limit, frozenset(chat for chat, t in self._next_chat.items() if t > limit)

    async def _overall_slot(self) -> float:
        """Wait for the next overall slot; returns now. A reply may take it meanwhile: then wait on."""
        while True:
            await self._sleep_until(self._next_overall)
            now = self.clock()
            if self._next_overall <= now:
                return now

    def _take_overall(self, at: float) -> None:
        # From the slot rather than from now when a little late (see CATCH_UP).
        slot = self._next_overall
        self._next_overall = (slot if slot >= at - CATCH_UP else at) + self.overall_interval

    def _hold_chat(self, chat_id: int, until: float) -> None:
        self._next_chat[chat_id] = max(self._next_chat.get(chat_id, float("-inf")), until)

    async def _sleep_until(self, moment: float) -> None:
        wait = moment - self.clock()
        if wait > 0:
            await self._sleep(wait)


# Methods that post a message in a chat: what Telegram's 30 a second counts (edits and answers do not).
POSTING = ("send", "copy", "forward")
NOT_POSTING = frozenset({"sendChatAction"})  # "typing…" is no message


class RepliesFirst(BaseRateLimiter[int]):
    """The Application's rate limiter: replies spend the outbox's budget first, never queued behind alerts.

    Telegram's 30 messages a second are per bot, replies and alerts together. Left apart (PTB's
    AIORateLimiter without an overall rate, the dispatcher pacing alone), a fan-out at full rate
    plus people's replies exceeds it, and the 429s fall on both: a person waits seconds for the
    answer to their own tap. Here each reply takes its overall slot from the dispatcher's Pacer
    first (Pacer.reply: at most one interval away), so the alerts behind it move one slot later,
    and marks its chat as just sent to, so an alert to the same person keeps the 1 s spacing.
    Only calls that post a message count (POSTING): edits and callback answers do not, as in
    the sandbox's count. Group chats keep PTB's 20 a minute.

    A 429 on a reply is waited out and retried `max_retries` times by the chat that got it, alone:
    PTB's AIORateLimiter would hold every request of the bot meanwhile, so one person writing
    faster than their chat's one message a second stalled everybody's answers by a second per
    message (bench/fairness.py). The pacer hears of it (Pacer.refused) and makes everyone wait only
    when a second chat is refused meanwhile (the overall limit); so that a flooder's chat is not
    refused again and again, a chat refused in the last minute has its replies paced to its limit.

    The Pacer is the dispatcher's in this process. In webhook mode with several processes only
    one sends the outbox; the others' replies count in pacers no alert waits on, so there the
    margin must absorb them. Without a pacer (no outbox) replies are not paced overall.
    """

    def __init__(self, pacer: Pacer | None, *, max_retries: int):
        self.pacer = pacer
        self.max_retries = max_retries
        self._ptb = AIORateLimiter(overall_max_rate=0, max_retries=max_retries)

    async def initialize(self) -> None:
        await self._ptb.initialize()

    async def shutdown(self) -> None:
        await self._ptb.shutdown()

    async def process_request(
        self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any, kwargs: dict[str, Any],
        endpoint: str, data: dict[str, Any], rate_limit_args: int | None,
    ) -> Any:
        chat_id = _chat_id(data)
        if self.pacer is None or chat_id is None or not posts_message(endpoint):
            return await self._ptb.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        send = self._counted(self.pacer, callback, chat_id, rate_limit_args or self.max_retries)
        if chat_id > 0:  # a private chat: nothing of PTB's limiter applies (no overall rate, no group)
            return await send(*args, **kwargs)
        return await self._ptb.process_request(send, args, kwargs, endpoint, data, rate_limit_args)

    def _counted(
        self, pacer: Pacer, callback: Callable[..., Coroutine[Any, Any, Any]], chat_id: int, retries: int,
    ) -> Callable[..., Coroutine[Any, Any, Any]]:

        async def send(*args: Any, **kwargs: Any) -> Any:
            if pacer.recently_refused(chat_id):
                # Someone writing faster than their chat's limit: keep to it rather than meet a 429 each time
                # (two chats refused at once read as the bot's overall limit, and everyone would wait).
                await pacer.chat_ready(chat_id)
            for attempt in range(retries + 1):
                await pacer.reply(chat_id)
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    pacer.refused(chat_id, retry_seconds(error))
                    if attempt == retries:
                        raise
                finally:
                    pacer.sent(chat_id)
                await pacer.chat_ready(chat_id)

        return send


def posts_message(endpoint: str) -> bool:
    return endpoint.startswith(POSTING) and endpoint not in NOT_POSTING


def _chat_id(data: dict[str, Any]) -> int | None:
    """The numeric chat a call posts to; None for calls without one or to a channel's @username."""
    try:
        return int(data["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def retry_seconds(error: RetryAfter) -> float:
    """retry_after in seconds, whichever form PTB gives it in (an int is deprecated and warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
