"""A visit's signatures in the chat: the lead sends the record for signatures (signing it), each co-reviewer
agrees with a press in their own chat or says why they disagree, then the lead sends it to the network's committee,
or withdraws it (its request waits for a reviewer again)."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import visits as screens
from bot.turn import Turn
from bot.wake import wake_outbox
from market.services.messaging.chats import set_awaiting
from market.services.seals import signing, visits


async def send_pressed(turn: Turn, press: Press) -> None:
    """The lead signs; each co-reviewer is asked in their own chat."""
    visit = await signing.send_for_signatures(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.toast(turn._("Sent for signatures."))
    await turn.show(screens.visit_card(turn, visit, turn.person.id))


async def agree_pressed(turn: Turn, press: Press) -> None:
    """The press is the signature; a second press changes nothing."""
    done = await signing.answer_signature(press.int_arg(0), True, by_person_id=turn.person.id)
    wake_outbox(turn.context)
    if not done.answered_now:
        await turn.toast(turn._("You answered already."))
        return
    await turn.show(screens.answered(turn, done.visit, True))


async def disagree_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await turn.ask("visit_disagreement", {"review_id": visit.id}, screens.disagreement_question(turn, visit))


async def disagreement_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    done = await signing.answer_signature(data["review_id"], False, by_person_id=turn.person.id, reason=text)
    wake_outbox(turn.context)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.answered(turn, done.visit, done.agreed))


async def committee_pressed(turn: Turn, press: Press) -> None:
    visit = await signing.propose_visit(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.toast(turn._("Sent to the committee."))
    await turn.show(screens.visit_card(turn, visit, turn.person.id))


async def withdraw_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await turn.show(screens.withdraw_question(turn, visit))


async def withdraw_confirmed(turn: Turn, press: Press) -> None:
    visit = await signing.withdraw_visit(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("Visit withdrawn."))
    await turn.show(screens.visit_card(turn, visit, turn.person.id))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.VISIT_SEND: send_pressed,
    Action.VISIT_AGREE: agree_pressed,
    Action.VISIT_DISAGREE: disagree_pressed,
    Action.VISIT_TO_COMMITTEE: committee_pressed,
    Action.VISIT_WITHDRAW: withdraw_pressed,
    Action.VISIT_WITHDRAW_CONFIRMED: withdraw_confirmed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "visit_disagreement": disagreement_typed,
}
