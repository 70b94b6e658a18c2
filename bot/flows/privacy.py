"""/misdatos: what Feria keeps about the person, and deleting it after a confirmation.

"Yes, delete" carries the id of the person it was made for. Once they are forgotten, the same
Telegram user is a new person (a new id), so a second or stale press finds a different id and
changes nothing.
"""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import privacy as screens
from bot.turn import Turn, turn_handler
from market import clock
from market.presentation.labels import N_
from market.services.messaging.chats import set_awaiting
from market.services.people.privacy import forget_person, what_we_keep

ALREADY_DELETED = N_("Your data was already deleted.")


@turn_handler
async def my_data_command(turn: Turn) -> None:
    """/misdatos, /meusdados, /mydata."""
    await turn.send(screens.my_data(turn, await what_we_keep(turn.person.id)))


async def my_data_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.my_data(turn, await what_we_keep(turn.person.id)))


async def delete_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.confirm_delete(turn, turn.person.id))


async def delete_confirmed(turn: Turn, press: Press) -> None:
    """Erase, then say so; a press meant for an earlier, already forgotten person does nothing."""
    if press.int_arg(0) != turn.person.id:
        await turn.toast(turn._(ALREADY_DELETED), alert=True)
        return
    await forget_person(turn.person.id, now=clock.now())
    await turn.show(screens.deleted(turn))


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.MY_DATA: my_data_pressed,
    Action.MY_DATA_DELETE: delete_pressed,
    Action.MY_DATA_DELETE_CONFIRMED: delete_confirmed,
}
