"""An organization's page, and its board: admins name admins, hand over an office or their seat, step down,
record a re-election and set the term's length.

The page opens from a deep link (/start o_<slug>) or a product's card; its admins find "👥 Board" there and in
/organizacion. Every step asks the services, which refuse anyone but the organization's admins.
"""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import board as screens
from bot.turn import Turn
from bot.wake import wake_outbox
from market import clock
from market.enums import BoardChange
from market.services.catalog.organization_page import get_organization_profile, get_organization_profile_by_id
from market.services.organizations.board import change_board, renew_board, set_term_months, step_down
from market.services.organizations.board_views import Board, BoardPage, board_candidates, board_page, get_candidate

PROFILE_PRODUCTS = 1  # the page counts the products and links to them; it lists none


async def show_organization(turn: Turn, slug: str) -> None:
    """A deep link to an organization: its page."""
    profile = await get_organization_profile(slug, today=clock.today(), products_limit=PROFILE_PRODUCTS)
    await turn.send(screens.organization_page(turn, profile, turn.person.id))


async def organization_pressed(turn: Turn, press: Press) -> None:
    profile = await get_organization_profile_by_id(press.int_arg(0), today=clock.today(),
                                                   products_limit=PROFILE_PRODUCTS)
    await turn.show(screens.organization_page(turn, profile, turn.person.id))


async def board_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.board_page(turn, await board_page(press.int_arg(0), by_person_id=turn.person.id)))


async def candidates_pressed(turn: Turn, press: Press) -> None:
    page = await board_candidates(press.int_arg(0), BoardChange(press.args[1]), by_person_id=turn.person.id,
                                  offset=press.int_arg(2))
    await turn.show(screens.candidates(turn, page))


async def candidate_pressed(turn: Turn, press: Press) -> None:
    choice = await get_candidate(press.int_arg(0), BoardChange(press.args[1]), press.int_arg(2),
                                 by_person_id=turn.person.id)
    await turn.show(screens.confirm_change(turn, choice))


async def change_confirmed(turn: Turn, press: Press) -> None:
    """The seats change in one go; the member seated is told. Who handed their seat over is off the board."""
    board = await change_board(press.int_arg(0), BoardChange(press.args[1]), press.int_arg(2),
                               by_person_id=turn.person.id)
    wake_outbox(turn.context)
    if board.seat_of(turn.person.id) is None:
        await turn.show(screens.seat_handed(turn, board))
    else:
        await _show_board(turn, board, turn._("✅ Done: the board changed."))


async def step_down_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.confirm_step_down(turn, await board_page(press.int_arg(0), by_person_id=turn.person.id)))


async def step_down_confirmed(turn: Turn, press: Press) -> None:
    """Never the last admin: they are told to hand their seat over instead."""
    board = await step_down(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.stepped_down(turn, board))


async def renew_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.confirm_renewal(turn, await board_page(press.int_arg(0), by_person_id=turn.person.id)))


async def renew_confirmed(turn: Turn, press: Press) -> None:
    board = await renew_board(press.int_arg(0), by_person_id=turn.person.id)
    await _show_board(turn, board, turn._("✅ A new term starts today."))


async def term_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.term_choices(turn, await board_page(press.int_arg(0), by_person_id=turn.person.id)))


async def term_chosen(turn: Turn, press: Press) -> None:
    board = await set_term_months(press.int_arg(0), press.int_arg(1), by_person_id=turn.person.id)
    await _show_board(turn, board, turn._("✅ Term changed."))


async def _show_board(turn: Turn, board: Board, done: str) -> None:
    """The board as a change left it, for the admin who made it (still on it: only handing over a seat and
    stepping down take one off)."""
    seat = board.seat_of(turn.person.id)
    await turn.toast(done)
    if seat is not None:
        await turn.show(screens.board_page(turn, BoardPage(board, seat)))


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.ORGANIZATION: organization_pressed,
    Action.BOARD: board_pressed,
    Action.BOARD_CANDIDATES: candidates_pressed,
    Action.BOARD_CANDIDATE: candidate_pressed,
    Action.BOARD_CHANGE: change_confirmed,
    Action.BOARD_STEP_DOWN: step_down_pressed,
    Action.BOARD_STEP_DOWN_CONFIRMED: step_down_confirmed,
    Action.BOARD_RENEW: renew_pressed,
    Action.BOARD_RENEW_CONFIRMED: renew_confirmed,
    Action.BOARD_TERM: term_pressed,
    Action.BOARD_TERM_SET: term_chosen,
}
