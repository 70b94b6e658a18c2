"""The bot's side of the desk's sign-in (market.services.people.web_sessions): Yes or No to a browser's code.

The code arrives in a deep link (/start login_<code>) or typed (/entrar <code>). A code answered once
answers nothing more: a second press, or a second chat, is told it expired.
"""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import web_sign_in as screens
from bot.turn import Turn, turn_handler
from market import clock
from market.services.messaging.chats import set_awaiting
from market.services.people.web_sessions import (
    approve_login,
    browser_sessions,
    login_request,
    refuse_login,
    sign_out,
    sign_out_everywhere,
)


async def show_login(turn: Turn, code: str) -> None:
    """Ask Yes or No for the browser waiting behind `code` (NotFound, said by the error handler, when none is)."""
    request = await login_request(code, now=clock.now())
    await turn.send(screens.ask(turn, request))


@turn_handler
async def sign_in_command(turn: Turn) -> None:
    """/entrar CODE; without a code, where to get one."""
    await set_awaiting(turn.chat_id, None, person_id=turn.person.id)
    typed = "".join(turn.context.args or [])
    if not typed:
        await turn.send(screens.how_to(turn, f"{turn.settings.public_url}/entrar"))
        return
    await show_login(turn, typed)


async def yes_pressed(turn: Turn, press: Press) -> None:
    request = await approve_login(press.args[0], turn.person.id, now=clock.now())
    await turn.show(screens.signed_in(turn, request))


async def no_pressed(turn: Turn, press: Press) -> None:
    await refuse_login(press.args[0], turn.person.id, now=clock.now())
    await turn.show(screens.refused(turn))


async def browsers_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.browsers(turn, await browser_sessions(turn.person.id, now=clock.now())))


async def sign_out_pressed(turn: Turn, press: Press) -> None:
    """Sign one browser out; a stale press (already out, or another person's) changes nothing."""
    if await sign_out(turn.person.id, press.int_arg(0), now=clock.now()):
        await turn.toast(turn._("Signed out."))
    await turn.show(screens.browsers(turn, await browser_sessions(turn.person.id, now=clock.now())))


async def sign_out_all_pressed(turn: Turn, press: Press) -> None:
    await sign_out_everywhere(turn.person.id, now=clock.now())
    await turn.toast(turn._("Signed out."))
    await turn.show(screens.browsers(turn, []))


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.DESK_SIGN_IN_YES: yes_pressed,
    Action.DESK_SIGN_IN_NO: no_pressed,
    Action.DESK_BROWSERS: browsers_pressed,
    Action.DESK_SIGN_OUT: sign_out_pressed,
    Action.DESK_SIGN_OUT_ALL: sign_out_all_pressed,
}
