"""When the next notification may go: Telegram's flood limits kept on one clock, and its 429s obeyed.

Each limit is kept as an even spacing, never as a burst: one message every 1/30 s overall, one
a second per private chat, one every 3 s per group (20 a minute), each 5 % slower. Telegram
counts sliding windows where requests arrive, after network jitter: evenly spaced sends never
bunch up in one window there (a burst sent at a window's edge may), and the 5 % absorb up to
50 ms of jitter in the overall second. A chat's next slot counts from when its previous send
*finished*, which is after Telegram received it, so no jitter can bring two of them closer.

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
from collections.abc import Awaitable, Callable

from config import Settings

Sleep = Callable[[float], Awaitable[None]]
# Slower than the limits, so that rounding and network jitter never add up to a 429.
MARGIN = 1.05


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
                await self._sleep_until(self._next_overall)
                now = self.clock()
                # A 429 may have come while we waited for our turn: then wait again.
                if self.ready_at(chat_id) <= now:
                    self._next_overall = now + self.overall_interval
                    self._next_chat[chat_id] = now + self.interval(chat_id)
                    return

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
        self._hold_chat(chat_id, until)

    def waiting_beyond(self, horizon: float) -> tuple[bool, frozenset[int]]:
        """(everything waits longer than `horizon` s, the chats that do): not worth claiming for now."""
        now = self.clock()
        # Forget chats whose wait is over: their slot is free, as if they had never been sent to.
        self._next_chat = {chat: t for chat, t in self._next_chat.items() if t > now}
        limit = now + horizon
        return self._paused_until > limit, frozenset(chat for chat, t in self._next_chat.items() if t > limit)

    def _hold_chat(self, chat_id: int, until: float) -> None:
        self._next_chat[chat_id] = max(self._next_chat.get(chat_id, float("-inf")), until)

    async def _sleep_until(self, moment: float) -> None:
        wait = moment - self.clock()
        if wait > 0:
            await self._sleep(wait)
