"""Member register reminders: a loop beside the bot that owes them hourly (and on start).

Each reminder is owed once per member and day it fell due (market.services.organizations.register_notices), so
running the check hourly, or in two processes, still reminds each member once a year.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.round_timer import START_PAUSE, loop_context, owe_every
from market import clock
from market.services.organizations.register_notices import owe_register_reminders

INTERVAL = 3600.0


async def run_register_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    await owe_every(app, lambda: owe_register_reminders(clock.now()), interval=interval, name="register timer")


def register_timer_context(*, interval: float = INTERVAL) -> Callable[[web.Application], AsyncIterator[None]]:
    return loop_context(functools.partial(run_register_timer, interval=interval), "register timer", first_after=START_PAUSE)
