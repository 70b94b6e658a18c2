"""Purge what Feria no longer needs (market.services.people.retention): a loop beside the bot, hourly and on start.

Deleting rows already gone deletes nothing, so two processes running it, or a run cut short, are harmless.
"""

from __future__ import annotations

import asyncio
import functools
import logging

from aiohttp import web

from bot.round_timer import START_PAUSE, loop_context
from config import Settings
from market import clock
from market.services.people.retention import purge_expired

log = logging.getLogger(__name__)

INTERVAL = 3600.0


async def run_retention_timer(app: web.Application, *, settings: Settings, interval: float = INTERVAL) -> None:
    while True:
        try:
            purged = await purge_expired(
                clock.now(), message_days=settings.message_retention_days,
                search_days=settings.search_miss_retention_days,
            )
            if purged.updates or purged.notifications or purged.search_misses:
                log.info("retention: purged %s updates, %s notifications, %s search misses",
                         purged.updates, purged.notifications, purged.search_misses)
        except Exception:  # the database hiccuped: try again on the next tick, never die
            log.exception("retention: purging failed")
        await asyncio.sleep(interval)


def retention_timer_context(settings: Settings, *, interval: float = INTERVAL):
    run = functools.partial(run_retention_timer, settings=settings, interval=interval)
    return loop_context(run, "retention timer", first_after=START_PAUSE)
