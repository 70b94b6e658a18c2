"""A PGS network's committee in the chat: /comite shows the visits waiting for a decision and the network's seals; a
committee member grants (or renews), grants with conditions or denies a visit, and suspends, reinstates or revokes
a seal, or finds one of its conditions met. Each decision is told to the organization's admins by the outbox."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import committee as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market.enums import VisitProposal
from market.errors import Invalid
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.seals.decisions import Condition, ConditionLine, decide_visit, visit_record
from market.services.seals.desk import committee_desk, mark_condition_met, network_seals, seal_page
from market.services.seals.reviews import reinstate_seal, revoke_seal, suspend_seal

CONDITIONS, DENY_REASON = "committee_conditions", "committee_deny_reason"
SUSPEND_REASON, REVOKE_REASON = "committee_suspend_reason", "committee_revoke_reason"
_SEPARATORS = " -–—:,;"


@turn_handler
async def committee_command(turn: Turn) -> None:
    """/comite: what waits for the committees the person sits on."""
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.desk(turn, await committee_desk(turn.person.id)))


async def desk_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.desk(turn, await committee_desk(turn.person.id)))


async def visit_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.visit(turn, await visit_record(press.int_arg(0), by_person_id=turn.person.id)))


async def grant_pressed(turn: Turn, press: Press) -> None:
    """Grant, or renew: a second press finds the visit decided and is told so (visit_already_decided)."""
    record = await decide_visit(press.int_arg(0), VisitProposal.GRANT, by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.decided(turn, record))


async def conditions_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.conditions(turn, await visit_record(press.int_arg(0), by_person_id=turn.person.id)))


async def conditions_write_pressed(turn: Turn, press: Press) -> None:
    record = await visit_record(press.int_arg(0), by_person_id=turn.person.id)
    await turn.ask(CONDITIONS, {"review_id": record.id}, screens.ask_conditions(turn, record))


async def conditions_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Each line a condition ending with its due date; shown back with a button to grant with them."""
    typed = parse_conditions(turn, text)
    record = await visit_record(data["review_id"], by_person_id=turn.person.id)
    lines = tuple(ConditionLine(0, i, c.text, c.due_on) for i, c in enumerate(typed, start=1))
    await turn.ask(CONDITIONS, {"review_id": record.id, "conditions": [[c.text, c.due_on.isoformat()] for c in typed]},
                   screens.confirm_conditions(turn, record, lines))


def parse_conditions(turn: Turn, text: str) -> list[Condition]:
    conditions = []
    for number, line in enumerate((raw.strip() for raw in text.splitlines() if raw.strip()), start=1):
        words, _, last = line.rpartition(" ")
        due_on = turn.parse_date(last)
        if due_on is None or not words.strip(_SEPARATORS):
            raise Invalid("condition_due_missing", line=number)
        conditions.append(Condition(words.strip(_SEPARATORS), due_on))
    return conditions


async def conditions_granted(turn: Turn, press: Press) -> None:
    """Grant with the proposed conditions ("p"), or with those just typed ("t"), kept while the chat awaits them."""
    review_id, typed = press.int_arg(0), None
    if press.args[1] == "t":
        state = await get_chat_state(turn.chat_id)
        if state.awaiting != CONDITIONS or state.data.get("review_id") != review_id or "conditions" not in state.data:
            await turn.toast(turn._(EXPIRED), alert=True)
            return
        typed = [Condition(text, date.fromisoformat(day)) for text, day in state.data["conditions"]]
    record = await decide_visit(review_id, VisitProposal.CONDITIONS, by_person_id=turn.person.id, conditions=typed)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.show(screens.decided(turn, record))


async def deny_pressed(turn: Turn, press: Press) -> None:
    record = await visit_record(press.int_arg(0), by_person_id=turn.person.id)
    await turn.ask(DENY_REASON, {"review_id": record.id}, screens.ask_deny_reason(turn, record))


async def deny_reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    record = await decide_visit(data["review_id"], VisitProposal.DENY, by_person_id=turn.person.id, reason=text)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(screens.decided(turn, record))


async def seals_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.seals(turn, await network_seals(press.int_arg(0), by_person_id=turn.person.id)))


async def seal_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.seal(turn, await seal_page(press.int_arg(0), by_person_id=turn.person.id)))


async def suspend_pressed(turn: Turn, press: Press) -> None:
    page = await seal_page(press.int_arg(0), by_person_id=turn.person.id, acting=True)
    await turn.ask(SUSPEND_REASON, {"seal_id": page.id}, screens.ask_suspend_reason(turn, page))


async def suspend_reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    page = await seal_page(data["seal_id"], by_person_id=turn.person.id)
    await suspend_seal(page.code, reason=text, acting_person_id=turn.person.id)
    await _seal_changed(turn, page.id, edit=False)


async def reinstate_pressed(turn: Turn, press: Press) -> None:
    page = await seal_page(press.int_arg(0), by_person_id=turn.person.id)
    await reinstate_seal(page.code, acting_person_id=turn.person.id)
    await _seal_changed(turn, page.id, edit=True)


async def revoke_pressed(turn: Turn, press: Press) -> None:
    page = await seal_page(press.int_arg(0), by_person_id=turn.person.id, acting=True)
    await turn.ask(REVOKE_REASON, {"seal_id": page.id}, screens.ask_revoke_reason(turn, page))


async def revoke_reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The reason, then a confirmation: revoking is for good. Writing again replaces the reason."""
    if not text.strip():
        raise Invalid("reason_missing")
    page = await seal_page(data["seal_id"], by_person_id=turn.person.id, acting=True)
    await turn.ask(REVOKE_REASON, {"seal_id": page.id, "reason": text}, screens.confirm_revoke(turn, page, text))


async def revoke_confirmed(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != REVOKE_REASON or state.data.get("seal_id") != press.int_arg(0) or "reason" not in state.data:
        await turn.toast(turn._(EXPIRED), alert=True)  # revoked already, or the question was left
        return
    page = await seal_page(press.int_arg(0), by_person_id=turn.person.id)
    await revoke_seal(page.code, reason=state.data["reason"], acting_person_id=turn.person.id)
    await _seal_changed(turn, page.id, edit=True)


async def condition_met_pressed(turn: Turn, press: Press) -> None:
    page = await mark_condition_met(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.seal(turn, page))


async def _seal_changed(turn: Turn, seal_id: int, *, edit: bool) -> None:
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    screen = screens.seal(turn, await seal_page(seal_id, by_person_id=turn.person.id))
    await (turn.show(screen) if edit else turn.send(screen))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.COMMITTEE: desk_pressed,
    Action.COMMITTEE_VISIT: visit_pressed,
    Action.COMMITTEE_GRANT: grant_pressed,
    Action.COMMITTEE_CONDITIONS: conditions_pressed,
    Action.COMMITTEE_CONDITIONS_WRITE: conditions_write_pressed,
    Action.COMMITTEE_CONDITIONS_GRANT: conditions_granted,
    Action.COMMITTEE_DENY: deny_pressed,
    Action.COMMITTEE_SEALS: seals_pressed,
    Action.COMMITTEE_SEAL: seal_pressed,
    Action.COMMITTEE_SUSPEND: suspend_pressed,
    Action.COMMITTEE_REINSTATE: reinstate_pressed,
    Action.COMMITTEE_REVOKE: revoke_pressed,
    Action.COMMITTEE_REVOKE_CONFIRMED: revoke_confirmed,
    Action.COMMITTEE_CONDITION_MET: condition_met_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    CONDITIONS: conditions_typed,
    DENY_REASON: deny_reason_typed,
    SUSPEND_REASON: suspend_reason_typed,
    REVOKE_REASON: revoke_reason_typed,
}
