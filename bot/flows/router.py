"""Where a button press or a typed message goes: one table of actions, one of awaited answers."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from bot.callbacks import Press
from bot.turn import Screen, Turn, turn_handler
from market.labels import N_
from market.services.chats import get_chat_state

# Said to any press that must change nothing: forged, stale, borrowed, or an older checkout's.
EXPIRED = N_("This button has expired. Send /start to see the menu again.")

PressHandler = Callable[[Turn, Press], Awaitable[None]]
AnswerHandler = Callable[[Turn, str, dict[str, Any]], Awaitable[None]]
ACTIONS: dict[str, PressHandler] = {}
ANSWERS: dict[str, AnswerHandler] = {}
_fallback: list[AnswerHandler] = []


def on_press(action: str) -> Callable[[PressHandler], PressHandler]:
    """Register the handler of buttons with `action`."""

    def register(handler: PressHandler) -> PressHandler:
        assert action not in ACTIONS, f"action {action!r} registered twice"
        ACTIONS[action] = handler
        return handler

    return register


def on_answer(awaiting: str) -> Callable[[AnswerHandler], AnswerHandler]:
    """Register what to do with a typed message while the chat awaits `awaiting`."""

    def register(handler: AnswerHandler) -> AnswerHandler:
        ANSWERS[awaiting] = handler
        return handler

    return register


def on_other_text(handler: AnswerHandler) -> AnswerHandler:
    """What a typed message means when the chat awaits nothing (a search)."""
    _fallback[:] = [handler]
    return handler


@turn_handler
async def pressed(turn: Turn) -> None:
    """Check the button was made for this person and is current, then run its action."""
    press = turn.codec.decode(turn.user_id, turn.update.callback_query.data)
    handler = ACTIONS.get(press.action) if press else None
    if handler is None:
        # Politely, and changing nothing: a forged, stale or borrowed button.
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await handler(turn, press)


@turn_handler
async def wrote(turn: Turn) -> None:
    """A typed message answers what the chat awaits; otherwise it is a search."""
    text = without_controls(turn.update.effective_message.text or "").strip()
    state = await get_chat_state(turn.chat_id)
    handler = ANSWERS.get(state.awaiting or "")
    if handler is not None:
        await handler(turn, text, state.data)
    elif _fallback:
        await _fallback[0](turn, text, {})


EDITED = N_("✏️ I don't read edited messages: send the corrected text as a new message.")


@turn_handler
async def edited(turn: Turn) -> None:
    """An edit arrives as a new update: reading it would answer twice (a quantity added again, a stock
    post read anew), so it is not read, and the person is told how to correct."""
    await turn.send(Screen(turn._(EDITED)))


def without_controls(text: str) -> str:
    """Control characters read as spaces: nobody types them on purpose, and PostgreSQL refuses a NUL in
    text. Newlines stay (a stock message has a product a line)."""
    return "".join(" " if c != "\n" and unicodedata.category(c) == "Cc" else c for c in text)
