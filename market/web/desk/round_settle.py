"""Settling a closed round and cancelling an open one at the desk, each asked first as the bot asks it
(bot/flows/rounds.py QUESTIONS) and done by the bot's services (settlement.settle_round, closing.cancel_round).

    GET  /escritorio/grupo/{slug}/rondas/{id}/liquidar     the question;   POST: closed → settled
    GET  /escritorio/grupo/{slug}/rondas/{id}/cancelar     the question;   POST: open → cancelled

Cancelling tells the group's chat and each member who ordered, as the bot does (owe_round_change); settling tells
nobody, as in the bot: the members' bills were sent at the close and corrected by what arrived. Posted again, either
finds its work done and changes nothing; a round in another state is refused in words (409), unchanged.
"""

from __future__ import annotations

from aiohttp import web

from market.enums import RoundStatus
from market.errors import Conflict, FeriaError
from market.presentation.labels import N_
from market.services.groups.rounds.closing import cancel_round
from market.services.groups.rounds.settlement import settle_round
from market.services.groups.rounds.setup import GroupPlace
from market.services.groups.rounds.views import RoundView
from market.web.desk.common import PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.groups import ROUND_STATUS, coordinated_group, group_path, round_of_group
from market.web.desk.rounds import ROUND
from market.web.pages.common import translator

routes = web.RouteTableDef()

# The bot's questions and answers (bot/flows/rounds.py), by the desk's address of each.
QUESTIONS = {
    "liquidar": (N_("Settle the round"),
                 N_("Settle round #{number}? Do it once the goods are handed out and what arrived is recorded."),
                 N_("Yes, settle it")),
    "cancelar": (N_("Cancel the round"),
                 N_("Cancel round #{number}? Nobody will be charged and members are told."),
                 N_("Yes, cancel the round")),
}
CANCELLED = N_("This round was cancelled: nothing to pay.")


def _refusal(request: web.Request, action: str, order_round: RoundView) -> str:
    """Why this round cannot be settled (or cancelled) now, in the person's words; empty when it can."""
    status = order_round.status
    if status == (RoundStatus.CLOSED if action == "liquidar" else RoundStatus.OPEN):
        return ""
    if status == RoundStatus.CANCELLED:
        return translator(desk_locale(request)).gettext(CANCELLED)
    if action == "cancelar":
        return refusal_words(request, Conflict("round_closed"))
    refused: FeriaError = (Conflict("round_settled") if status == RoundStatus.SETTLED
                           else Conflict("round_not_closed", status=str(status)))
    return refusal_words(request, refused)


async def _ask(request: web.Request, place: GroupPlace, order_round: RoundView, action: str, refusal: str,
               status: int) -> web.Response:
    base = group_path(request)
    title, question, yes = QUESTIONS[action]
    context = {"place": place, "round": order_round, "statuses": ROUND_STATUS, "base": base,
               "round_path": f"{base}/rondas/{order_round.id}", "action": action, "title": title,
               "question": question, "yes": yes, "refusal": refusal}
    return await render("desk/group/confirm.html", request, context, status=status)


@routes.get(ROUND + "/{action:(liquidar|cancelar)}")
@desk_view
async def question(request: web.Request) -> web.StreamResponse:
    """What cannot be undone is asked first; a round that cannot take the step says why (409)."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    action = request.match_info["action"]
    refusal = _refusal(request, action, order_round)
    return await _ask(request, place, order_round, action, refusal, 409 if refusal else 200)


@routes.post(ROUND + "/liquidar")
@desk_view
async def settle(request: web.Request) -> web.StreamResponse:
    """Settle once: settled already (a second post, another coordinator), it changes nothing."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    try:
        await settle_round(order_round.id, by_person_id=request[PERSON].person_id)
    except Conflict as refused:  # not closed: in the words of the round as read, else the service's
        words = _refusal(request, "liquidar", order_round) or refusal_words(request, refused)
        return await _ask(request, place, order_round, "liquidar", words, 409)
    raise see_other(request, f"{group_path(request)}/rondas/{order_round.id}")


@routes.post(ROUND + "/cancelar")
@desk_view
async def cancel(request: web.Request) -> web.StreamResponse:
    """Cancel once: cancelled already (a second post, another coordinator), it changes nothing and tells nobody."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    if order_round.status != RoundStatus.CANCELLED:
        try:
            await cancel_round(order_round.id, by_person_id=request[PERSON].person_id)
        except Conflict as refused:  # closed (or past its closing time, the timer not yet by)
            words = _refusal(request, "cancelar", order_round) or refusal_words(request, refused)
            return await _ask(request, place, order_round, "cancelar", words, 409)
    raise see_other(request, f"{group_path(request)}/rondas/{order_round.id}")
