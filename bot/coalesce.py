"""One statement for many callers: what was asked while the previous statement ran goes together in the next.

The outbox records its sent messages this way (bot.outbox.dispatcher), and the intake the updates it processed
(bot.intake): one UPDATE for a message or update when the bot is quiet, for dozens in a burst, without a timer to
tune. Each caller waits for its own answer, or the batch's error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Coalesced(Generic[T, R]):
    """`await coalesced(item)` runs `write` on every item queued while the previous write ran, and answers this
    item's result (`write` answers one result an item, in order)."""

    def __init__(self, write: Callable[[list[T]], Awaitable[Sequence[R]]], *, name: str | None = None) -> None:
        self._write = write
        self._name = name  # of the task that writes
        self._queued: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task | None = None

    async def __call__(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queued.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._run(), name=self._name)
        return await future

    def abandon(self) -> None:
        """Stop writing (shutdown, the database not answering): the callers waiting are cancelled."""
        if self._writer is not None:
            self._writer.cancel()
        for _, future in self._queued:
            future.cancel()
        self._queued = []

    async def _run(self) -> None:
        batch: list[tuple[T, asyncio.Future[R]]] = []
        try:
            while self._queued:
                batch, self._queued = self._queued, []
                try:
                    results = await self._write([item for item, _ in batch])
                except Exception as error:
                    for _, future in batch:
                        if not future.done():  # its caller may have been cancelled meanwhile
                            future.set_exception(error)
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        except asyncio.CancelledError:
            for _, future in batch:
                future.cancel()
            raise
