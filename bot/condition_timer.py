"""Seal condition reminders: a loop beside the bot that owes them once a day (and on start).

A condition not met by its due date reminds its network's committee once per condition and due date
(market.services.seals.notices), so running the check hourly, or in two processes, still reminds each member once.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.round_timer import START_PAUSE, loop_context, owe_every
from market import clock
from market.services.seals.notices import owe_condition_reminders

INTERVAL = 3600.0


async def run_condition_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    await owe_every(app, lambda: owe_condition_reminders(clock.today()), interval=interval, name="condition timer")


def condition_timer_context(*, interval: float = INTERVAL) -> Callable[[web.Application], AsyncIterator[None]]:
    return loop_context(functools.partial(run_condition_timer, interval=interval), "condition timer", first_after=START_PAUSE)
