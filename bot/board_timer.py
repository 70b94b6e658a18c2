"""Board term reminders: a loop beside the bot that owes them hourly (and on start).

Each reminder is owed once per organization, end of term and admin (market.services.organizations.board_notices),
so running the check hourly, or in two processes, still sends each admin one reminder a term.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.round_timer import START_PAUSE, loop_context, owe_every
from market import clock
from market.services.organizations.board_notices import owe_term_reminders

INTERVAL = 3600.0


async def run_board_timer(app: web.Application, *, interval: float = INTERVAL) -> None:
    await owe_every(app, lambda: owe_term_reminders(clock.now()), interval=interval, name="board timer")


def board_timer_context(*, interval: float = INTERVAL) -> Callable[[web.Application], AsyncIterator[None]]:
    return loop_context(functools.partial(run_board_timer, interval=interval), "board timer", first_after=START_PAUSE)
