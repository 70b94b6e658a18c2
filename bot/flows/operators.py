"""Operators in the bot: what waits for a decision and deciding it, and naming and removing operators.

/operadores (/operators) opens the operator's page; the main menu shows it to operators only. Every step asks
the services, which refuse anyone who is not an operator (the error handler says so).
"""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import operators as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market.enums import DecisionKind
from market.errors import Invalid, NotFound
from market.services.messaging.chats import set_awaiting
from market.services.operators.decisions import decide, get_pending, pending_page, queue_counts
from market.services.operators.roles import (
    PersonRef,
    add_operator,
    check_operator,
    find_person_by_telegram_id,
    find_person_by_username,
    get_person_ref,
    list_operators,
    remove_operator,
)


@turn_handler
async def operators_command(turn: Turn) -> None:
    """/operadores: the operator's page."""
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.home(turn, await queue_counts(by_person_id=turn.person.id)))


async def home_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.home(turn, await queue_counts(by_person_id=turn.person.id)))


# What waits, and deciding it -----------------------------------------------------------------------------------

def _kind(press: Press) -> DecisionKind:
    try:
        return DecisionKind(press.args[0])
    except ValueError:  # a button of a kind this version no longer has
        raise NotFound("decision_subject_not_found") from None


def _after(value: str) -> int | None:
    return int(value) if value.isdecimal() else None


async def queue_pressed(turn: Turn, press: Press) -> None:
    kind = _kind(press)
    page = await pending_page(kind, by_person_id=turn.person.id, after=_after(press.args[1]))
    await turn.show(screens.queue(turn, kind, page))


async def item_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.item(turn, await get_pending(_kind(press), press.int_arg(1), by_person_id=turn.person.id)))


async def approve_pressed(turn: Turn, press: Press) -> None:
    decision = await decide(_kind(press), press.int_arg(1), approve=True, by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.decided(turn, decision))


async def refuse_pressed(turn: Turn, press: Press) -> None:
    """A refusal says why: ask for the reason, which the people who asked will read."""
    thing = await get_pending(_kind(press), press.int_arg(1), by_person_id=turn.person.id)
    await turn.ask("decision_reason", {"kind": thing.kind.value, "id": thing.id}, screens.ask_reason(turn, thing))


async def reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    decision = await decide(DecisionKind(data["kind"]), data["id"], approve=False, reason=text,
                            by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(screens.decided(turn, decision))


# The operators -----------------------------------------------------------------------------------------------

async def list_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    page = await list_operators(by=turn.person.id, after=_after(press.args[0]))
    await turn.show(screens.operator_list(turn, page, turn.person.id))


async def add_pressed(turn: Turn, press: Press) -> None:
    await check_operator(turn.person.id)
    await turn.ask("operator_person", None, screens.ask_person(turn))


async def person_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A forwarded message names its sender; else a Telegram id or an @username. Confirmed with a button."""
    await check_operator(turn.person.id)
    person = await person_named(turn, text)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.confirm_person(turn, person))


async def person_named(turn: Turn, text: str) -> PersonRef:
    """The person a forwarded message, a Telegram id or an @username names (naming operators, reviewers)."""
    origin = getattr(turn.update.effective_message, "forward_origin", None)
    if origin is not None:
        sender = getattr(origin, "sender_user", None)
        if sender is None:  # the person hides who they are in forwards (or it came from a channel)
            raise Invalid("forward_hidden")
        return await find_person_by_telegram_id(sender.id)
    typed = text.strip()
    if typed.startswith("@"):
        return await find_person_by_username(typed)
    if typed.isdecimal() and typed.isascii() and len(typed) <= 19:
        return await find_person_by_telegram_id(int(typed))
    raise Invalid("bad_person_reference")


async def confirm_pressed(turn: Turn, press: Press) -> None:
    role = await add_operator(press.int_arg(0), by=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.named(turn, role))


async def remove_pressed(turn: Turn, press: Press) -> None:
    await check_operator(turn.person.id)
    await turn.show(screens.confirm_remove(turn, await get_person_ref(press.int_arg(0))))


async def remove_confirmed(turn: Turn, press: Press) -> None:
    """The role ends (kept as history); the last operator is never removed."""
    role = await remove_operator(press.int_arg(0), by=turn.person.id)
    await turn.toast(turn._("{name} is no longer an operator.").format(name=role.person.name or "…"))
    page = await list_operators(by=turn.person.id)
    await turn.show(screens.operator_list(turn, page, turn.person.id))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.OPERATOR_HOME: home_pressed,
    Action.QUEUE: queue_pressed,
    Action.QUEUE_ITEM: item_pressed,
    Action.QUEUE_APPROVE: approve_pressed,
    Action.QUEUE_REFUSE: refuse_pressed,
    Action.OPERATOR_LIST: list_pressed,
    Action.OPERATOR_ADD: add_pressed,
    Action.OPERATOR_CONFIRM: confirm_pressed,
    Action.OPERATOR_REMOVE: remove_pressed,
    Action.OPERATOR_REMOVE_CONFIRMED: remove_confirmed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "decision_reason": reason_typed,
    "operator_person": person_typed,
}
