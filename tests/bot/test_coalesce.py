"""Coalesced writes: what is asked while a write runs goes together in the next one, each caller with its answer."""

from __future__ import annotations

import asyncio

import pytest

from bot.coalesce import Coalesced


class Recorder:
    """A write that holds until released, records each batch, and answers each item doubled (or fails on 13)."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()

    async def write(self, batch: list[int]) -> list[int]:
        self.batches.append(batch)
        await self.release.wait()
        if 13 in batch:
            raise RuntimeError("the database refused")
        return [item * 2 for item in batch]


async def test_what_is_asked_during_a_write_goes_together_in_the_next_and_each_caller_gets_its_answer():
    recorder = Recorder()
    coalesced = Coalesced(recorder.write)

    first = asyncio.create_task(coalesced(1))
    await asyncio.sleep(0)  # the first write has started, and holds
    rest = [asyncio.create_task(coalesced(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    recorder.release.set()

    assert await asyncio.gather(first, *rest) == [2, 4, 6, 8]
    assert recorder.batches == [[1], [2, 3, 4]]


async def test_a_failed_write_fails_each_of_its_callers_and_the_next_write_goes_on():
    recorder = Recorder()
    coalesced = Coalesced(recorder.write)
    recorder.release.set()

    failed = await asyncio.gather(coalesced(13), coalesced(5), return_exceptions=True)
    after = await coalesced(6)

    assert [type(answer) for answer in failed] == [RuntimeError, RuntimeError]
    assert after == 12


async def test_abandoning_cancels_the_callers_waiting_and_the_write_under_way():
    recorder = Recorder()
    coalesced = Coalesced(recorder.write)
    under_way = asyncio.create_task(coalesced(1))
    await asyncio.sleep(0)
    queued = asyncio.create_task(coalesced(2))
    await asyncio.sleep(0)

    coalesced.abandon()

    for caller in (under_way, queued):
        with pytest.raises(asyncio.CancelledError):
            await caller
    assert recorder.batches == [[1]]
