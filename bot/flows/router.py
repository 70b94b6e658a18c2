"""Where a button press or a typed message goes: the flows' tables, joined once by build_application.

Each flow module ends with its tables: `PRESSES` (an Action → the handler of its buttons) and, when it
asks for typed text, `ANSWERS` (what the chat awaits → the handler of the answer). bot/application.py
lists the tables and joins them here; nothing registers itself by being imported.

No question traps a person: any command (`command_given`, before the command's own handler) or menu
button (`LEAVES`) abandons the question the chat waits on, here and not in each handler; a refusal of a
typed answer goes to one handler (bot/flows/questions.py) that decides whether the question stays.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.actions import Action
from bot.callbacks import Press
from bot.turn import Screen, Turn, begin_turn, hand_over, turn_handler
from market.errors import FeriaError
from market.presentation.labels import N_
from market.services.messaging.chats import ChatStateView, abandon_question, get_chat_state, known_this_turn

# Said to any press that must change nothing: forged, stale, borrowed, or an older checkout's.
EXPIRED = N_("This button has expired. Send /start to see the menu again.")

PressHandler = Callable[[Turn, Press], Awaitable[None]]
AnswerHandler = Callable[[Turn, str, dict[str, Any]], Awaitable[None]]
# An answer handler refused the typed text: keep asking, ask about it once, or let the question go.
RefusedHandler = Callable[[Turn, str, ChatStateView, FeriaError], Awaitable[None]]
ROUTES = "routes"  # bot_data's key for the joined tables

# The main menu's buttons and the way back to it: pressing one leaves whatever question was pending.
LEAVES = frozenset({
    Action.MENU, Action.CATEGORIES, Action.SEARCH, Action.CART, Action.ORDERS, Action.GROUPS, Action.RECEIVED,
    Action.STOCK_HELP, Action.ORGANIZATIONS, Action.LANGUAGES, Action.MY_DATA, Action.OPERATOR_HOME, Action.ALERTS,
})


@dataclass(frozen=True)
class Routes:
    """Each action's handler, each awaited answer's, what any other typed text means (a search), and what
    a refused answer does to its question."""

    presses: Mapping[str, PressHandler]  # by Action, which is a str: a press's decoded action finds its handler
    answers: Mapping[str, AnswerHandler]
    other_text: AnswerHandler
    refused: RefusedHandler


def join_routes(press_tables: Iterable[Mapping[Action, PressHandler]],
                answer_tables: Iterable[Mapping[str, AnswerHandler]], *, other_text: AnswerHandler,
                refused: RefusedHandler) -> Routes:
    """The flows' tables as one. ValueError when an Action has no handler or two, or an answer two handlers:
    the bot does not start with a button nobody handles, or one whose handler depends on the tables' order."""
    presses = _join(press_tables, "action")
    strangers = [key for key in presses if not isinstance(key, Action)]
    if strangers:
        raise ValueError(f"a button's table names {strangers!r}: name each action in bot/actions.py")
    unhandled = [action.name for action in Action if action not in presses]
    if unhandled:
        raise ValueError(f"no flow's PRESSES handles Action.{', Action.'.join(unhandled)}")
    return Routes(presses, _join(answer_tables, "awaited answer"), other_text, refused)


def _join(tables: Iterable[Mapping[Any, Any]], what: str) -> dict[Any, Any]:
    joined: dict[Any, Any] = {}
    for table in tables:
        for key, handler in table.items():
            if key in joined:
                raise ValueError(f"{what} {getattr(key, 'name', key)!s} has two handlers: "
                                 f"{joined[key].__module__}.{joined[key].__qualname__} and "
                                 f"{handler.__module__}.{handler.__qualname__}")
            joined[key] = handler
    return joined


@turn_handler
async def pressed(turn: Turn) -> None:
    """Check the button was made for this person and is current, then run its action."""
    routes: Routes = turn.context.bot_data[ROUTES]
    query = turn.update.callback_query
    press = turn.codec.decode(turn.user_id, query.data if query else None)
    handler = routes.presses.get(press.action) if press else None
    if press is None or handler is None:
        # Politely, and changing nothing: a forged, stale or borrowed button.
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    if press.action in LEAVES:
        await abandon_question(turn.chat_id)
    await handler(turn, press)


@turn_handler
async def wrote(turn: Turn) -> None:
    """A typed message answers what the chat awaits; otherwise it is a search."""
    message = turn.update.effective_message
    text = without_controls((message.text if message else None) or "").strip()
    routes: Routes = turn.context.bot_data[ROUTES]
    state = await get_chat_state(turn.chat_id)
    handler = routes.answers.get(state.awaiting or "")
    if handler is None:
        await routes.other_text(turn, text, {})
        return
    try:
        await handler(turn, text, state.data)
    except FeriaError as error:
        await routes.refused(turn, text, state, error)


async def command_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command leaves the question the chat waits on; registered before every command's own handler, which
    may ask a question of its own (/precio alone). It begins the turn, whose read of the person says what the chat
    awaits (nothing is written when it awaits nothing), and hands it to the command's handler."""
    if update.effective_chat is None:
        return
    if update.effective_user is None or update.effective_user.is_bot:
        await abandon_question(update.effective_chat.id)
        return
    turn = await begin_turn(update, context)
    with known_this_turn(turn.person.chat):
        if await abandon_question(turn.chat_id) and turn.person.chat is not None:
            turn.person = replace(turn.person, chat=replace(turn.person.chat, awaiting=None))
    hand_over(turn)


EDITED = N_("✏️ I don't read edited messages: send the corrected text as a new message.")


@turn_handler
async def edited(turn: Turn) -> None:
    """An edit arrives as a new update: reading it would answer twice (a quantity added again, a stock
    post read anew), so it is not read, and the person is told how to correct."""
    await turn.send(Screen(turn._(EDITED)))


def without_controls(text: str) -> str:
    """Control characters and lone surrogates read as spaces: nobody types them on purpose, and PostgreSQL
    refuses a NUL in text. So does U+FFFD, what the inbox stores for either: an update read back from the
    inbox reads as the one at hand. Newlines stay (a stock message has a product a line)."""
    return "".join(" " if c == "\ufffd" or (c != "\n" and unicodedata.category(c) in ("Cc", "Cs")) else c
                   for c in text)
