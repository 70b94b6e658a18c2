"""Telegram's flood limits as sliding windows over an injectable clock."""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rate:
    """At most `count` messages in any `seconds`."""

    count: int
    seconds: float


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's published limits per bot; a field set to None is not enforced."""

    overall: Rate | None = Rate(30, 1.0)
    private_chat: Rate | None = Rate(1, 1.0)
    group_chat: Rate | None = Rate(20, 60.0)


@dataclass
class SendStats:
    """What the bots sent and how often they were told to slow down (benchmarks read these)."""

    messages_sent: int = 0
    rate_limited: int = 0
    sent_per_chat: dict[int, int] = field(default_factory=lambda: defaultdict(int))


class FloodControl:
    """Counts the messages each bot sends and answers how long it must wait when over a limit."""

    def __init__(self, limits: FloodLimits | None, clock: Callable[[], float]):
        self.limits = limits
        self.clock = clock
        self.stats = SendStats()
        self._sent: dict[tuple, deque[float]] = defaultdict(deque)

    def admit(self, bot_id: int, chat_id: int, chat_type: str) -> int | None:
        """None when the message may go (and it is counted), else the retry_after in whole seconds."""
        now = self.clock()
        windows = self._windows(bot_id, chat_id, chat_type)
        waits = [self._wait(self._sent[key], rate, now) for key, rate in windows]
        retry_after = max(waits, default=0)
        if retry_after > 0:
            self.stats.rate_limited += 1
            return retry_after
        for key, _ in windows:
            self._sent[key].append(now)
        self.stats.messages_sent += 1
        self.stats.sent_per_chat[chat_id] += 1
        return None

    def _windows(self, bot_id: int, chat_id: int, chat_type: str) -> list[tuple[tuple, Rate]]:
        limits = self.limits
        if limits is None:
            return []
        windows: list[tuple[tuple[int, ...], Rate]] = []
        if limits.overall:
            windows.append(((bot_id,), limits.overall))
        per_chat = limits.private_chat if chat_type == "private" else (
            limits.group_chat if chat_type in ("group", "supergroup") else None
        )
        if per_chat:
            windows.append(((bot_id, chat_id), per_chat))
        return windows

    @staticmethod
    def _wait(sent: deque[float], rate: Rate, now: float) -> int:
        while sent and sent[0] <= now - rate.seconds:
            sent.popleft()
        if len(sent) < rate.count:
            return 0
        # Telegram rounds up and never says "retry after 0".
        return max(1, math.ceil(sent[0] + rate.seconds - now))
