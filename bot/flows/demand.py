"""The demand board of an organization, for its producers and admins."""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import on_press
from bot.screens import demand as screens
from bot.turn import Turn
from market.services.demand import demand_board


@on_press(Action.DEMAND)
async def demand_pressed(turn: Turn, press: Press) -> None:
    """What rounds, orders and searches nearby ask of the organization; members only."""
    board = await demand_board(press.int_arg(0), viewer_person_id=turn.person.id)
    await turn.show(screens.demand_board(turn, board))
