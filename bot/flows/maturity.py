"""An organization's maturity, as its admins keep it: the level and why, and declaring with a day what only people
can say (statutes approved, an assembly held, members' contributions collected).

The page opens from the organization's page ("🌱 Maturity", for its admins). The services refuse anyone but the
organization's admins, and a day still to come or too long ago; the chat keeps waiting for a day until one is read.
"""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import maturity as screens
from bot.turn import Turn
from market.enums import DeclarationKind
from market.services.messaging.chats import set_awaiting
from market.services.organizations.maturity_declarations import declarations_page, declare

AWAITING_DAY = "declared_day"


async def maturity_pressed(turn: Turn, press: Press) -> None:
    # Back from "which day": a text typed next is a search again.
    await set_awaiting(turn.chat_id, None)
    page = await declarations_page(press.int_arg(0), by_person_id=turn.person.id, offset=press.int_arg(1))
    await turn.show(screens.maturity_page(turn, page))


async def declare_pressed(turn: Turn, press: Press) -> None:
    """Ask the day; only an admin is asked (the page is read first, which refuses anyone else)."""
    kind = DeclarationKind(press.args[1])
    page = await declarations_page(press.int_arg(0), by_person_id=turn.person.id)
    await turn.ask(AWAITING_DAY, {"organization_id": page.organization_id, "kind": kind.value},
                   screens.ask_day(turn, page.organization_id, kind, page.today), edit=True)


async def day_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Record the declaration; a day it cannot read is asked again, and the chat keeps waiting."""
    organization_id = int(data["organization_id"])
    day = turn.parse_date(text)
    if day is None:
        page = await declarations_page(organization_id, by_person_id=turn.person.id)
        await turn.send(screens.day_unreadable(turn, organization_id, page.today))
        return
    page = await declare(organization_id, DeclarationKind(data["kind"]), day, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.maturity_page(turn, page))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.MATURITY: maturity_pressed,
    Action.MATURITY_DECLARE: declare_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    AWAITING_DAY: day_typed,
}
