"""Faults a test can inject into the next calls of a method: an error, a dropped connection, a delay."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

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


class Faults:
    """A queue of faults, taken in the order they were planned."""

    def __init__(self) -> None:
        self.planned: list[Fault] = []
        self.injected: list[tuple[str, str]] = []  # (method, kind) of each fault that fired

    def fail_next(
        self, method: str, status: int = 500, *, description: str | None = None,
        retry_after: int | None = None, times: int = 1,
    ) -> None:
        """Answer the next calls with an error; 429 carries retry_after (default 1 s) like Telegram."""
        if status == 429:
            error = too_many_requests(retry_after or 1)
            if description:
                error.description = description
        else:
            error = ApiError(status, description or HTTPStatus(status).phrase, retry_after=retry_after)
        self.planned.append(Fault(method.lower(), "error", times, error=error))

    def drop_next(self, method: str, *, after_processing: bool = False, times: int = 1) -> None:
        """Close the connection without an answer, before the call takes effect or after it."""
        self.planned.append(Fault(method.lower(), "drop", times, after_processing=after_processing))

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the answer `seconds` after the call took effect (past the read timeout: a timeout)."""
        self.planned.append(Fault(method.lower(), "delay", times, seconds=seconds))

    def clear(self) -> None:
        self.planned.clear()

    def take(self, method: str) -> Fault | None:
        """The fault for this call, if one is planned; it is used up."""
        method = method.lower()
        for fault in self.planned:
            if fault.method in (method, "*"):
                fault.times -= 1
                if fault.times <= 0:
                    self.planned.remove(fault)
                self.injected.append((method, fault.kind))
                return fault
        return None
