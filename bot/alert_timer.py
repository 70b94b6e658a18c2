"""Seal expiry reminders: a loop beside the bot that owes them once a day (and on start).

Each reminder is owed once per seal and expiry date (market.services.alerts.fanout), so running the
check hourly, or in two processes, still sends each admin one reminder.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.round_timer import START_PAUSE, loop_context, owe_every
from market import clock
from market.services.alerts.fanout import owe_seal_expiry_alerts

INTERVAL = 3600.0


async def run_alert_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    await owe_every(app, lambda: owe_seal_expiry_alerts(clock.today()), interval=interval, name="alert timer")


def alert_timer_context(*, interval: float = INTERVAL) -> Callable[[web.Application], AsyncIterator[None]]:
    return loop_context(functools.partial(run_alert_timer, interval=interval), "alert timer", first_after=START_PAUSE)
