"""Board term reminders: a loop beside the bot that owes them hourly (and on start).

Each reminder is owed once per organization, end of term and admin (market.services.organizations.board_notices),
so running the check hourly, or in two processes, still sends each admin one reminder a term.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.outbox import OUTBOX
from bot.round_timer import loop_context
from market import clock
from market.services.organizations.board_notices import owe_term_reminders

log = logging.getLogger(__name__)

INTERVAL = 3600.0


async def run_board_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    while True:
        try:
            owed = await owe_term_reminders(clock.now())
            if owed and (dispatcher := app.get(OUTBOX)) is not None:
                dispatcher.wake()
        except Exception:  # the database hiccuped: try again on the next tick, never die
            log.exception("board timer: owing term reminders failed")
        await asyncio.sleep(interval)


def board_timer_context(*, interval: float = INTERVAL) -> Callable[[web.Application], AsyncIterator[None]]:
    return loop_context(functools.partial(run_board_timer, interval=interval), "board timer")
