"""The demand board of an organization, for its producers and admins."""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import demand as screens
from bot.turn import Turn
from market.services.catalog.demand import demand_board


async def demand_pressed(turn: Turn, press: Press) -> None:
    """What rounds, orders and searches nearby ask of the organization; members only."""
    board = await demand_board(press.int_arg(0), viewer_person_id=turn.person.id)
    await turn.show(screens.demand_board(turn, board))


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.DEMAND: demand_pressed,
}
