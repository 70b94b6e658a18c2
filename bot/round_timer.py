"""Close order rounds at their time: a loop beside the bot that sleeps until the next closing.

Closing is once-only in the database (market.services.groups.rounds.closing), so a coordinator pressing
"close" as the timer fires, or two processes running this loop, still make one set of bills.
The loop wakes at least every `interval` seconds, so a round opened or extended meanwhile is seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from aiohttp import web

from bot.outbox import OUTBOX
from market import clock
from market.services.groups.rounds.closing import close_due_rounds, next_closing_at

log = logging.getLogger(__name__)

INTERVAL = 30.0
# The hourly and daily timers (alerts, reminders, maturity, retention) first run this long after the bot starts,
# then every interval: nothing of theirs is due to the minute, and a start (a deploy, a restart, every test that
# serves the bot) then costs no sweep of every organization. Their tests run them directly, from the first tick.
START_PAUSE = 60.0


async def run_round_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    while True:
        try:
            closed = await close_due_rounds()
            if closed:
                log.info("round timer: closed rounds %s", closed)
                if (dispatcher := app.get(OUTBOX)) is not None:
                    dispatcher.wake()
            upcoming = await next_closing_at()
        except Exception:  # the database hiccuped: try again on the next tick, never die
            log.exception("round timer: closing due rounds failed")
            upcoming = None
        pause = interval
        if upcoming is not None:
            pause = min(interval, max((upcoming - clock.now()).total_seconds(), 0.05))
        await asyncio.sleep(pause)


def loop_context(run: Callable[[web.Application], Coroutine[Any, Any, None]], name: str, *, first_after: float = 0.0):
    """A cleanup context running `run(app)` as a task for the app's lifetime (after the ORM and the outbox), from
    `first_after` seconds after the start."""

    async def after_pause(app: web.Application) -> None:
        await asyncio.sleep(first_after)
        await run(app)

    async def context(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(after_pause(app) if first_after else run(app), name=name)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return context


async def owe_every(app: web.Application, owe: Callable[[], Awaitable[int]], *, interval: float, name: str) -> None:
    """Call `owe()` now and then every `interval` seconds, waking the outbox when it owed something; a failure
    (the database hiccuped) is logged and tried again on the next tick: the loop never dies."""
    while True:
        try:
            if await owe() and (dispatcher := app.get(OUTBOX)) is not None:
                dispatcher.wake()
        except Exception:
            log.exception("%s: owing notices failed", name)
        await asyncio.sleep(interval)


def round_timer_context(*, interval: float = INTERVAL):
    return loop_context(functools.partial(run_round_timer, interval=interval), "round timer")
