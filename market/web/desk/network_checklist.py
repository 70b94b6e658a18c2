"""A PGS network's checklist at the committee's desk: every version, and writing the next one as the bot's /redes does.

    GET  /escritorio/red/{slug}/lista            every version with its norms; the form for the next one
    POST /escritorio/red/{slug}/lista/nueva      the norms read (market.rules.checklists): shown back to confirm,
                                                 then saved as version N + 1 (market.services.seals.committee)

A bad list (no norm, too many, one too short or long, one repeated) comes back with the error next to it and saves
nothing. The form carries the version the member saw: a version written since, or this one saved already (a second
post), is refused (409) and nothing is written twice.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.errors import Conflict, Invalid
from market.rules.checklists import NORMS_MAX, checklist_norms
from market.services.seals.committee import new_checklist
from market.services.seals.committee_pages import DeskNetwork, network_checklists
from market.web.desk.committee import NETWORK, committee_of, show
from market.web.desk.common import FORM, PERSON, desk_view, refusal_words, see_other

routes = web.RouteTableDef()

CHECKLIST = NETWORK + "/lista"


@routes.get(CHECKLIST)
@desk_view
async def checklist(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    return await checklist_view(request, network, {})


async def checklist_view(request: web.Request, network: DeskNetwork, extra: dict[str, Any], *,
                         status: int = 200) -> web.Response:
    versions = await network_checklists(network.id, by_person_id=request[PERSON].person_id)
    current = versions[0] if versions else None
    context = {"versions": versions, "after": current.version if current else 0, "norms_max": NORMS_MAX,
               "text": "\n".join(n.text for n in current.norms) if current else "", "errors": {}, "error": None,
               "saved": request.query.get("hecho", ""), **extra}
    return await show("desk/network/checklist.html", request, network, context, status=status)


@routes.post(CHECKLIST + "/nueva")
@desk_view
async def new_version(request: web.Request) -> web.StreamResponse:
    """The norms shown back to confirm (the bot's preview), then saved once."""
    network = await committee_of(request)
    form = request[FORM]
    text, after = str(form.get("norms", "")), str(form.get("after_version", ""))
    if not after.isdecimal() or len(after) > 9:
        raise web.HTTPBadRequest()
    try:
        norms = checklist_norms(text)
    except Invalid as refused:
        return await checklist_view(request, network, {"text": text, "errors": {"norms": refusal_words(request, refused)}},
                                    status=400)
    if form.get("confirm") != "1":
        context = {"norms": norms, "text": text, "after": int(after)}
        return await show("desk/network/checklist_preview.html", request, network, context)
    try:
        saved = await new_checklist(network.id, text, after_version=int(after) or None,
                                    by_person_id=request[PERSON].person_id)
    except Conflict as refused:  # saved already by this same form, or another member wrote a version meanwhile
        return await checklist_view(request, network, {"error": refusal_words(request, refused)}, status=409)
    raise see_other(request, f"/escritorio/red/{network.slug}/lista?hecho={saved.version}")
