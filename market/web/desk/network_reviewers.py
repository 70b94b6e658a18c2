"""A PGS network's reviewers at the committee's desk: every reviewer, admitting one, and ending one's reviewing.

    GET  /escritorio/red/{slug}/revisores                      every reviewer admitted; the form to admit one
    POST /escritorio/red/{slug}/revisores/nuevo                who (Telegram id or @username) and the role: the
                                                               organization they review from is asked next
    POST /escritorio/red/{slug}/revisores/admitir              admitted (told in the chat), as the bot's /redes
    GET  /escritorio/red/{slug}/revisores/{person}/retirar     the confirmation
    POST the same address                                      they review no more (kept as history)
    POST /escritorio/red/{slug}/revisores/{person}/comite      seated on the committee (en=1) or taken off it

The bot's services (market.services.seals.committee: admit_reviewer, check_origin, reviewer_organizations,
deactivate_reviewer, set_committee) with their rules: a producer reviews from one of their organizations, the committee keeps one
member at least. Admitting a person who reviews already changes nothing and tells nobody again; ending the reviewing
of someone who no longer reviews is refused (409).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import ReviewerRole
from market.errors import Conflict, Invalid, NotFound
from market.presentation.labels import N_
from market.services.operators.roles import get_person_ref
from market.services.seals.committee import (
    admit_reviewer,
    deactivate_reviewer,
    get_reviewer,
    reviewer_organizations,
    set_committee,
)
from market.services.seals.committee_pages import DeskNetwork, network_reviewers
from market.web.desk.committee import NETWORK, committee_of, show
from market.web.desk.common import FORM, PERSON, desk_view, refusal_words, see_other
from market.web.desk.role_common import typed_person, words

routes = web.RouteTableDef()

REVIEWERS = NETWORK + "/revisores"
_PERSON = "{person_id:[0-9]{1,9}}"
CHOOSE_ROLE = N_("Choose the role they review in.")


@routes.get(REVIEWERS)
@desk_view
async def reviewers(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    return await reviewers_view(request, network, {})


async def reviewers_view(request: web.Request, network: DeskNetwork, extra: dict[str, Any], *,
                         status: int = 200) -> web.Response:
    lines = await network_reviewers(network.id, by_person_id=request[PERSON].person_id)
    shown = request.query.get("quien", "")
    named = next((r for r in lines if shown.isdecimal() and r.person_id == int(shown)), None)
    context = {"reviewers": lines, "roles": tuple(ReviewerRole), "form": {}, "errors": {}, "error": None,
               "done": request.query.get("hecho", ""), "named": named, **extra}
    return await show("desk/network/reviewers.html", request, network, context, status=status)


@routes.post(REVIEWERS + "/nuevo")
@desk_view
async def new_reviewer(request: web.Request) -> web.StreamResponse:
    """Who and in which role; then the organization they review from (the bot asks in the same order)."""
    network = await committee_of(request)
    form = request[FORM]
    errors, role = {}, _role(form.get("role"))
    if role is None:
        errors["role"] = words(request, CHOOSE_ROLE)
    try:
        person = await typed_person(str(form.get("person", "")))
    except (Invalid, NotFound) as refused:
        errors["person"] = refusal_words(request, refused)
    if errors or role is None:
        return await reviewers_view(request, network, {"form": form, "errors": errors}, status=400)
    return await _admit_view(request, network, person.id, role, {})


@routes.post(REVIEWERS + "/admitir")
@desk_view
async def admit(request: web.Request) -> web.StreamResponse:
    """Admit them: once (a second post finds them reviewing and tells nobody again)."""
    network = await committee_of(request)
    form = request[FORM]
    person_id, role = str(form.get("person_id", "")), _role(form.get("role"))
    if not person_id.isdecimal() or len(person_id) > 9 or role is None:
        raise web.HTTPBadRequest()
    chosen = str(form.get("organization", ""))
    organization_id = int(chosen) if chosen.isdecimal() and len(chosen) <= 9 else None
    try:
        admitted = await admit_reviewer(network.id, int(person_id), role=role, organization_id=organization_id,
                                        by_person_id=request[PERSON].person_id)
    except Invalid as refused:  # a producer without their organization, or one they are no member of
        return await _admit_view(request, network, int(person_id), role,
                                 {"errors": {"organization": refusal_words(request, refused)}, "chosen": chosen},
                                 status=400)
    done = "admitido" if admitted.added_now else "ya"
    raise see_other(request, f"/escritorio/red/{network.slug}/revisores?hecho={done}&quien={person_id}")


async def _admit_view(request: web.Request, network: DeskNetwork, person_id: int, role: ReviewerRole,
                      extra: dict[str, Any], *, status: int = 200) -> web.Response:
    context = {"candidate": await get_person_ref(person_id), "role": role,
               "organizations": await reviewer_organizations(person_id), "errors": {}, "chosen": "", **extra}
    return await show("desk/network/reviewer_admit.html", request, network, context, status=status)


@routes.get(REVIEWERS + "/" + _PERSON + "/retirar")
@desk_view
async def stop_page(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    reviewer = await get_reviewer(network.id, int(request.match_info["person_id"]))
    return await show("desk/network/reviewer_stop.html", request, network, {"reviewer": reviewer})


@routes.post(REVIEWERS + "/" + _PERSON + "/retirar")
@desk_view
async def stop(request: web.Request) -> web.StreamResponse:
    """They review no more, once: a second post finds them gone and says so (409)."""
    network = await committee_of(request)
    person_id = int(request.match_info["person_id"])
    try:
        await deactivate_reviewer(network.id, person_id, by_person_id=request[PERSON].person_id)
    except (NotFound, Conflict) as refused:
        return await reviewers_view(request, network, {"error": refusal_words(request, refused)}, status=409)
    raise see_other(request, f"/escritorio/red/{network.slug}/revisores?hecho=retirado&quien={person_id}")


def _role(value: object) -> ReviewerRole | None:
    return ReviewerRole(value) if isinstance(value, str) and value in set(ReviewerRole) else None


@routes.post(REVIEWERS + "/" + _PERSON + "/comite")
@desk_view
async def seat(request: web.Request) -> web.StreamResponse:
    """Seat a reviewer on the committee, or take them off it (the bot's button): a second post changes nothing; the
    committee's last member is never taken off (409)."""
    network = await committee_of(request)
    person_id, on = int(request.match_info["person_id"]), request[FORM].get("en") == "1"
    try:
        await set_committee(network.id, person_id, on=on, by_person_id=request[PERSON].person_id)
    except (NotFound, Conflict) as refused:
        return await reviewers_view(request, network, {"error": refusal_words(request, refused)}, status=409)
    done = "sentado" if on else "levantado"
    raise see_other(request, f"/escritorio/red/{network.slug}/revisores?hecho={done}&quien={person_id}")
