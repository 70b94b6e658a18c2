"""A visit in the chat: /visitas lists the open requests of the person's networks, the visits they lead and those
awaiting their signature. Taking a request starts a draft the lead fills in step by step — day, products,
each norm and its observation, photos, findings, co-reviewers, proposal (and its conditions) — then its card,
from which it is sent for signatures, each co-reviewer signs in their own chat, and the lead sends it to the
committee (bot/flows/visit_signatures.py).

Every step is kept in the database at once: the card (from /visitas) resumes the visit wherever it was left.
"""

from __future__ import annotations

from typing import Any

from telegram import Message

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.errors import refusal_text
from bot.flows.operators import person_named
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import visits as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market import clock
from market.enums import NormAnswer, VisitProposal
from market.errors import FeriaError, Invalid
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.seals import signing, visits
from market.services.seals.requests import open_requests, take_request

PHOTOS = "visit_photos"


@turn_handler
async def visits_command(turn: Turn) -> None:
    """/visitas: what the reviewer may take, lead or sign."""
    await turn.send(await _page(turn))


async def visits_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(await _page(turn))


async def _page(turn: Turn):
    return screens.visits_page(turn, await open_requests(turn.person.id), await signing.my_visits(turn.person.id))


async def take_pressed(turn: Turn, press: Press) -> None:
    """Take the request and begin with the visit's day."""
    review_id = await take_request(press.int_arg(0), by_person_id=turn.person.id)
    visit = await visits.get_visit(review_id, viewer_id=turn.person.id)
    await turn.ask("visit_date", {"review_id": review_id}, screens.ask_date(turn, visit))


async def visit_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await _card(turn, press.int_arg(0), edit=True)


async def _card(turn: Turn, review_id: int, *, edit: bool = False) -> None:
    screen = screens.visit_card(turn, await visits.get_visit(review_id, viewer_id=turn.person.id), turn.person.id)
    await (turn.show(screen) if edit else turn.send(screen))


async def date_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await turn.ask("visit_date", {"review_id": visit.id}, screens.ask_date(turn, visit))


async def date_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A day as people write it, not in the future; the products visited next."""
    day = turn.parse_date(text)
    if day is None:
        await turn.send(screens.date_unreadable(turn, await visits.get_visit(data["review_id"],
                                                                             viewer_id=turn.person.id)))
        return
    visit = await visits.set_visit_date(data["review_id"], day, by_person_id=turn.person.id, today=clock.today())
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.choose_products_visited(turn, visit))


async def products_pressed(turn: Turn, press: Press) -> None:
    await visits.lead_draft(press.int_arg(0), turn.person.id)
    await turn.show(screens.choose_products_visited(turn, await visits.visit_view(press.int_arg(0))))


async def product_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.toggle_visit_product(press.int_arg(0), press.int_arg(1), by_person_id=turn.person.id)
    await turn.show(screens.choose_products_visited(turn, visit))


async def norm_pressed(turn: Turn, press: Press) -> None:
    """A norm to answer; none (a network without a checklist): the photos."""
    await set_awaiting(turn.chat_id, None)
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await visits.lead_draft(visit.id, turn.person.id)
    norm = next((n for n in visit.norms if n.id == press.int_arg(1)), None)
    if norm is None:
        await turn.ask(PHOTOS, {"review_id": visit.id}, screens.ask_photos(turn, visit))
        return
    await turn.show(screens.ask_norm(turn, visit, norm))


async def norm_answered(turn: Turn, press: Press) -> None:
    visit = await visits.answer_norm(press.int_arg(0), press.int_arg(1), NormAnswer(press.args[2]),
                                     by_person_id=turn.person.id)
    norm = next(n for n in visit.norms if n.id == press.int_arg(1))
    await turn.ask("visit_observation", {"review_id": visit.id, "norm_id": norm.id},
                   screens.ask_observation(turn, visit, norm), edit=True)


async def observation_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    visit = await visits.observe_norm(data["review_id"], data["norm_id"], text, by_person_id=turn.person.id)
    await _after_norm(turn, visit)


async def observation_skipped(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await visits.lead_draft(press.int_arg(0), turn.person.id)
    await _after_norm(turn, await visits.visit_view(press.int_arg(0)))


async def _after_norm(turn: Turn, visit: visits.VisitView) -> None:
    """The next norm unanswered, else the photos."""
    if visit.unanswered:
        await set_awaiting(turn.chat_id, None)
        await turn.send(screens.ask_norm(turn, visit, visit.unanswered[0]))
    else:
        await turn.ask(PHOTOS, {"review_id": visit.id}, screens.ask_photos(turn, visit))


async def photos_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await visits.lead_draft(visit.id, turn.person.id)
    await turn.ask(PHOTOS, {"review_id": visit.id}, screens.ask_photos(turn, visit))


async def photo_for_visit(turn: Turn, message: Message) -> bool:
    """A photo sent while the chat waits for a visit's photos: kept once. False: the chat waits for none."""
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != PHOTOS or not message.photo:
        return False
    photo = message.photo[-1]
    kept = await visits.add_visit_photo(state.data["review_id"], photo.file_id, photo.file_unique_id,
                                        by_person_id=turn.person.id)
    await turn.ask(PHOTOS, state.data, screens.ask_photos(turn, await visits.visit_view(state.data["review_id"]), kept))
    return True


async def photos_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.ask(PHOTOS, data, screens.ask_photos(turn, await visits.visit_view(data["review_id"])))


async def findings_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await visits.lead_draft(visit.id, turn.person.id)
    await turn.ask("visit_findings", {"review_id": visit.id}, screens.ask_findings(turn, visit))


async def findings_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    visit = await visits.set_findings(data["review_id"], text, by_person_id=turn.person.id)
    await turn.ask("visit_co_reviewer", {"review_id": visit.id}, screens.ask_co_reviewer(turn, visit))


async def findings_skipped(turn: Turn, press: Press) -> None:
    await co_reviewers_pressed(turn, press)


async def co_reviewers_pressed(turn: Turn, press: Press) -> None:
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await turn.ask("visit_co_reviewer", {"review_id": visit.id}, screens.ask_co_reviewer(turn, visit))


async def co_reviewer_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Invite the person named; a refusal says why, and the question stays for another name."""
    try:
        done = await visits.invite_co_reviewer(data["review_id"], (await person_named(turn, text)).id,
                                               by_person_id=turn.person.id)
    except FeriaError as refused:
        visit = await visits.get_visit(data["review_id"], viewer_id=turn.person.id)
        await turn.ask("visit_co_reviewer", data, screens.ask_co_reviewer(turn, visit, refusal_text(turn, refused)))
        return
    wake_outbox(turn.context)
    said = screens.invited(turn, done.name, done.role, done.invited_now)
    await turn.ask("visit_co_reviewer", data, screens.ask_co_reviewer(turn, done.visit, said))


async def proposal_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    visit = await visits.get_visit(press.int_arg(0), viewer_id=turn.person.id)
    await visits.lead_draft(visit.id, turn.person.id)
    await turn.send(screens.choose_proposal(turn, visit))


async def proposed_as(turn: Turn, press: Press) -> None:
    """Grant or deny: the card; a grant with conditions: its conditions, typed one by one."""
    visit = await visits.set_proposal(press.int_arg(0), VisitProposal(press.args[1]), by_person_id=turn.person.id)
    if visit.proposal == VisitProposal.CONDITIONS:
        await turn.ask("visit_condition", {"review_id": visit.id}, screens.ask_condition(turn, visit), edit=True)
    else:
        await turn.show(screens.visit_card(turn, visit, turn.person.id))


async def condition_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if not 1 <= len(text) <= visits.CONDITION_MAX:
        raise Invalid("condition_text_length", max=visits.CONDITION_MAX)
    example = turn.date_as_typed(clock.today().replace(day=1))
    await turn.ask("visit_condition_due", {**data, "text": text}, screens.ask_condition_due(turn, example))


async def condition_due_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    day = turn.parse_date(text)
    if day is None:
        await turn.send(screens.ask_condition_due(turn, turn.date_as_typed(clock.today())))
        return
    visit = await visits.add_condition(data["review_id"], data["text"], day, by_person_id=turn.person.id,
                                       today=clock.today())
    await turn.ask("visit_condition", {"review_id": visit.id}, screens.ask_condition(turn, visit))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.VISITS: visits_pressed,
    Action.VISIT_TAKE: take_pressed,
    Action.VISIT: visit_pressed,
    Action.VISIT_DATE: date_pressed,
    Action.VISIT_PRODUCTS: products_pressed,
    Action.VISIT_PRODUCT: product_pressed,
    Action.VISIT_NORM: norm_pressed,
    Action.VISIT_NORM_ANSWER: norm_answered,
    Action.VISIT_NORM_SKIP: observation_skipped,
    Action.VISIT_PHOTOS: photos_pressed,
    Action.VISIT_FINDINGS: findings_pressed,
    Action.VISIT_FINDINGS_SKIP: findings_skipped,
    Action.VISIT_CO_REVIEWERS: co_reviewers_pressed,
    Action.VISIT_PROPOSAL: proposal_pressed,
    Action.VISIT_PROPOSE_AS: proposed_as,
}
ANSWERS: dict[str, AnswerHandler] = {
    "visit_date": date_typed,
    "visit_observation": observation_typed,
    PHOTOS: photos_typed,
    "visit_findings": findings_typed,
    "visit_co_reviewer": co_reviewer_typed,
    "visit_condition": condition_typed,
    "visit_condition_due": condition_due_typed,
}
