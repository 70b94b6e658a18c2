"""Maturity levels kept current: a loop beside the bot that recomputes every organization's level daily (and a minute
after it starts), since the evidence moves with time (a term ends, an assembly grows old, a seal expires).

A change of level is recorded once (market.services.organizations.maturity), so two processes running this loop
still record each change one time.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.round_timer import START_PAUSE, loop_context, owe_every
from market import clock
from market.services.organizations.maturity import recompute_all

INTERVAL = 24 * 3600.0


async def run_maturity_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    # It owes no notices: 0 leaves the outbox asleep.
    await owe_every(app, _recompute, interval=interval, name="maturity timer")


async def _recompute() -> int:
    await recompute_all(clock.now())
    return 0


def maturity_timer_context(*, interval: float = INTERVAL) -> Callable[[web.Application], AsyncIterator[None]]:
    run = functools.partial(run_maturity_timer, interval=interval)
    return loop_context(run, "maturity timer", first_after=START_PAUSE)
