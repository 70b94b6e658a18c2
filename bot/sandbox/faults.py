"""Faults a test can inject: into the next calls of a method (an error, a dropped connection, a delay),
and into the delivery of the next updates (a webhook delivery repeated, updates out of order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from bot.sandbox.errors import ApiError, too_many_requests


@dataclass
class Fault:
    """What happens to the next `times` calls of `method` ("*" for any method)."""

    method: str
    kind: str  # "error", "drop" or "delay"
    times: int = 1
    error: ApiError | None = None
    seconds: float = 0.0
    after_processing: bool = False  # drop the answer of a call that did take effect
    chat_id: str | None = None  # only calls to this chat (None: any call)


@dataclass
class Shuffle:
    """The next `count` updates go out in `order` (positions in update_id order), once all are queued."""

    count: int
    order: tuple[int, ...]
    update_ids: tuple[int, ...] | None = None  # fixed when the first `count` updates are queued


class Faults:
    """A queue of faults, taken in the order they were planned."""

    def __init__(self) -> None:
        self.planned: list[Fault] = []
        self.injected: list[tuple[str, str]] = []  # (method, kind) of each fault that fired
        self.repeats = 0  # webhook deliveries still to be repeated
        self.repeat_at_once = False
        self.shuffles: list[Shuffle] = []

    def fail_next(
        self, method: str, status: int = 500, *, description: str | None = None,
        retry_after: int | None = None, times: int = 1, chat_id: int | None = None,
    ) -> None:
        """Answer the next calls with an error; 429 carries retry_after (default 1 s) like Telegram."""
        if status == 429:
            error = too_many_requests(retry_after or 1)
            if description:
                error.description = description
        else:
            error = ApiError(status, description or HTTPStatus(status).phrase, retry_after=retry_after)
        self.planned.append(Fault(method.lower(), "error", times, error=error, chat_id=_chat(chat_id)))

    def drop_next(
        self, method: str, *, after_processing: bool = False, times: int = 1, chat_id: int | None = None,
    ) -> None:
        """Close the connection without an answer, before the call takes effect or after it."""
        self.planned.append(Fault(method.lower(), "drop", times, after_processing=after_processing,
                                  chat_id=_chat(chat_id)))

    def delay_next(self, method: str, seconds: float, *, times: int = 1, chat_id: int | None = None) -> None:
        """Hold the answer `seconds` after the call took effect (past the read timeout: a timeout)."""
        self.planned.append(Fault(method.lower(), "delay", times, seconds=seconds, chat_id=_chat(chat_id)))

    def repeat_deliveries(self, times: int = 1, *, at_once: bool = False) -> None:
        """Deliver each of the next `times` updates to the webhook twice, as Telegram does when the 200
        did not reach it in time: after the first delivery was answered, or `at_once` (both in flight).

        Long polling needs no such fault: an update stays in getUpdates' answers until an offset
        confirms it, so a lost answer (drop_next or delay_next on getUpdates) already repeats it.
        """
        self.repeats += times
        self.repeat_at_once = at_once

    def shuffle_next(self, count: int = 2, order: Sequence[int] | None = None) -> None:
        """Deliver the next `count` updates in `order` (default: reversed), by webhook or getUpdates.

        `order` lists positions in update_id order: (1, 0) sends the second update first. Nothing
        goes out until all `count` are queued, so the order is the one planned whatever the timing.
        """
        order = tuple(order) if order is not None else tuple(range(count))[::-1]
        if sorted(order) != list(range(count)):
            raise ValueError(f"order must be a permutation of 0..{count - 1}: {order}")
        self.shuffles.append(Shuffle(count, order))

    def take_repeat(self) -> bool:
        """Whether the delivery that just succeeded must be made once more; it is used up."""
        if self.repeats <= 0:
            return False
        self.repeats -= 1
        self.injected.append(("webhook", "repeat"))
        return True

    def arrange(self, queued: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The queued updates in the order they go out now; held back ones left out.

        | planned shuffle      | queued     | goes out       |
        |----------------------|------------|----------------|
        | none                 | 1 2 3      | 1 2 3          |
        | 2, reversed          | 1          | (nothing yet)  |
        | 2, reversed          | 1 2 3      | 2 1 3          |
        | 2 (ids 1, 2) fixed   | 2 3        | 2 3            |
        | 3, order (2, 0, 1)   | 4 5 6      | 6 4 5          |
        """
        while self.shuffles:
            shuffle = self.shuffles[0]
            if shuffle.update_ids is None:
                if len(queued) < shuffle.count:
                    return []
                first = [u["update_id"] for u in queued[:shuffle.count]]
                shuffle.update_ids = tuple(first[i] for i in shuffle.order)
                self.injected.append(("updates", "shuffle"))
            by_id = {u["update_id"]: u for u in queued}
            waiting = [by_id[i] for i in shuffle.update_ids if i in by_id]
            if waiting:
                return waiting + [u for u in queued if u["update_id"] not in shuffle.update_ids]
            self.shuffles.pop(0)  # all of it went out: the next shuffle takes the next updates
        return list(queued)

    def clear(self) -> None:
        self.planned.clear()
        self.shuffles.clear()
        self.repeats = 0

    def take(self, method: str, chat_id: object = None) -> Fault | None:
        """The fault for this call (to `chat_id`, as the call gave it), if one is planned; it is used up."""
        method = method.lower()
        for fault in self.planned:
            if fault.method in (method, "*") and fault.chat_id in (None, _chat(chat_id)):
                fault.times -= 1
                if fault.times <= 0:
                    self.planned.remove(fault)
                self.injected.append((method, fault.kind))
                return fault
        return None


def _chat(chat_id: object) -> str | None:
    """A chat id as calls carry it: a form gives "777", a JSON body 777."""
    return None if chat_id is None else str(chat_id)
