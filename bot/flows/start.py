"""The door: /start (with deep links), the main menu, and the person's language."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import catalog, groups, organization, producers, rounds, web_sign_in
from bot.flows.menu import menu_screen
from bot.flows.router import PressHandler
from bot.screens.menu import language_picker
from bot.turn import Turn, turn_handler
from market.errors import NotFound
from market.services.messaging.chats import set_awaiting
from market.services.messaging.notifications import mark_chat_reachable
from market.services.people.profile import set_person_locale

# What a deep link may name, and what is said when it names nothing. A person can type "/start o_…"
# themselves: a value longer than its column, or an id beyond what an id column holds, cannot name
# anything, and the database would refuse to even compare it.
#
# | kind | names                    | longest    | unknown               |
# |------|--------------------------|------------|-----------------------|
# | p    | product id               | 2**31 - 1  | product_not_found     |
# | o    | organization slug        | 64 chars   | organization_not_found|
# | s    | seal code                | 32 chars   | seal_not_found        |
# | g, j | invitation code          | 32 chars   | invite_not_found      |
# | r    | round id                 | 2**31 - 1  | round_not_found       |
# | login| a desk sign-in code      | 16 chars   | login_code_not_found  |
MAX_ID = 2**31 - 1
_LONGEST = {"o": 64, "s": 32, "g": 32, "j": 32, "login": 16}
_UNKNOWN = {"p": "product_not_found", "o": "organization_not_found", "s": "seal_not_found",
            "g": "invite_not_found", "j": "invite_not_found", "r": "round_not_found",
            "login": "login_code_not_found"}


@turn_handler
async def start(turn: Turn) -> None:
    """Greet the person in their language; a deep link opens what it points at."""
    # Telegram refuses a bot's messages to someone who never started it, and the outbox then marks the chat
    # unreachable; once they start the bot it may write to them, and their notifications go out again.
    await set_awaiting(turn.chat_id, None, person_id=turn.person.id, reachable=True)
    payload = turn.context.args[0] if turn.context.args else ""
    kind, _, value = payload.partition("_")
    _refuse_impossible(kind, value)
    if kind == "p" and value.isdecimal() and value.isascii():
        await catalog.show_product(turn, int(value))
    elif kind == "o" and value:
        await organization.show_organization(turn, value)
    elif kind == "s" and value:
        await catalog.show_seal(turn, value)
    elif kind == "g" and value:
        await groups.show_invitation(turn, value)
    elif kind == "j" and value:
        await producers.show_invitation(turn, value)
    elif kind == "r" and value.isdecimal() and value.isascii():
        await rounds.show_board(turn, int(value), edit=False)
    elif kind == "login" and value:
        await web_sign_in.show_login(turn, value)
    else:
        await turn.send(await menu_screen(turn, turn.user.first_name))


def _refuse_impossible(kind: str, value: str) -> None:
    """NotFound for a deep link whose value cannot name anything (see the table above)."""
    too_long = len(value) > _LONGEST.get(kind, len(value))
    too_big = kind in ("p", "r") and value.isdecimal() and value.isascii() and (len(value) > 10 or int(value) > MAX_ID)
    if too_long or too_big:
        if kind == "s":
            raise NotFound("seal_not_found", seal_code=value[:_LONGEST["s"]] + "…")
        raise NotFound(_UNKNOWN[kind])


@turn_handler
async def menu(turn: Turn) -> None:
    """/menu: the main menu again."""
    await turn.send(await menu_screen(turn))


@turn_handler
async def language(turn: Turn) -> None:
    """/idioma: choose the language the bot speaks."""
    await turn.send(language_picker(turn))


async def menu_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(await menu_screen(turn))


async def language_pressed(turn: Turn, press: Press) -> None:
    await turn.show(language_picker(turn))


async def language_chosen(turn: Turn, press: Press) -> None:
    """Store the choice; from now on every message is in that language."""
    person = await set_person_locale(turn.person.id, press.args[0])
    turn.locale = person.locale or turn.locale  # just set: never None
    await turn.toast(turn._("Language changed."))
    await turn.show(await menu_screen(turn))


async def membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A person unblocked the bot: their chat gets the outbox's messages again. In a group chat: the
    bot was added (or came back) or removed."""
    change = update.my_chat_member
    if change is None:  # the handler's filter lets only these through
        return
    if change.chat.type != ChatType.PRIVATE:
        if change.new_chat_member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
            await mark_chat_reachable(change.chat.id)
        await groups.chat_membership(update, context)
    elif change.new_chat_member.status == ChatMemberStatus.MEMBER:
        await mark_chat_reachable(change.chat.id)


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.MENU: menu_pressed,
    Action.LANGUAGES: language_pressed,
    Action.LANGUAGE_CHOSEN: language_chosen,
}
