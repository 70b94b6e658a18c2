"""An admin's stock card posts on the organization's own lot, or on a member's chosen from a paged list."""

from __future__ import annotations

from dataclasses import replace

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, PressHandler
from bot.flows.stock import _draft, _show
from bot.screens import stock_lots as screens
from bot.turn import Turn
from market.services.lots.preview import lot_posters, poster_name


async def posters_pressed(turn: Turn, press: Press) -> None:
    """ "👥 Para: la organización ▾": the organization, then its approved members, one page."""
    if (draft := await _draft(turn, press.args[0])) is None or draft.organization_id is None:
        return
    page = max(press.int_arg(1), 0)
    posters, more = await lot_posters(draft.organization_id, by_person_id=turn.person.id, page=page)
    await turn.show(screens.choose_poster(turn, posters, more, page, draft.token))


async def lot_for_chosen(turn: Turn, press: Press) -> None:
    """The card again, its lines on the lot chosen (a member who left meanwhile: expired)."""
    if (draft := await _draft(turn, press.args[0])) is None or draft.organization_id is None:
        return
    person_id = press.int_arg(1)
    if person_id != screens.OWN and await poster_name(draft.organization_id, person_id) is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _show(turn, replace(draft, lot_for=None if person_id == screens.OWN else person_id))


PRESSES: dict[Action, PressHandler] = {
    Action.STOCK_LOT_POSTERS: posters_pressed,
    Action.STOCK_LOT_FOR: lot_for_chosen,
}
