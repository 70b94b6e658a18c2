"""Seal expiry reminders: a loop beside the bot that owes them once a day (and on start).

Each reminder is owed once per seal and expiry date (market.services.alerts.fanout), so running the
check hourly, or in two processes, still sends each admin one reminder.
"""

from __future__ import annotations

import asyncio
import functools
import logging

from aiohttp import web

from bot.outbox import OUTBOX
from bot.round_timer import loop_context
from market import clock
from market.services.alerts.fanout import owe_seal_expiry_alerts

log = logging.getLogger(__name__)

INTERVAL = 3600.0


async def run_alert_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    while True:
        try:
            owed = await owe_seal_expiry_alerts(clock.today())
            if owed and (dispatcher := app.get(OUTBOX)) is not None:
                dispatcher.wake()
        except Exception:  # the database hiccuped: try again on the next tick, never die
            log.exception("alert timer: owing seal reminders failed")
        await asyncio.sleep(interval)


def alert_timer_context(*, interval: float = INTERVAL):
    return loop_context(functools.partial(run_alert_timer, interval=interval), "alert timer")
