"""The operator's desk: what waits for a decision, one thing of the queue, and approving or refusing it.

    /escritorio/operador                                       what waits, by kind, and the operator's pages
    /escritorio/operador/aprobaciones[?tipo=&despues=]         what waits, oldest first, a page a kind
    /escritorio/operador/aprobaciones/<kind>/<id>              one thing, as the bot shows it before deciding
    POST …/<kind>/<id>/aprobar, …/<kind>/<id>/rechazar         the bot's decision (market.services.operators)

Operators only (the bot's check, `is_operator`); anyone else gets a 403. A decision is the bot's `decide`: the
people who asked are told through the outbox the same message the bot's decision sends, and a thing decided
already (a double click, two operators at once, a stale page) is decided once, the page saying so.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import DecisionKind
from market.errors import Conflict, Invalid
from market.presentation.labels import DECISION_KINDS, LEGAL_FORMS
from market.services.operators.decisions import (
    REASON_LIMIT,
    SOURCES,
    decide,
    decisions_about,
    get_pending,
    pending_page,
    queue_counts,
)
from market.services.operators.roles import is_operator
from market.web.desk.common import (
    FORM,
    PERSON,
    desk_view,
    forbidden_unless,
    refusal_words,
    render,
    see_other,
)

routes = web.RouteTableDef()

HOME = "/escritorio/operador"
APPROVALS = "/escritorio/operador/aprobaciones"
# The kinds the queue takes (a kind nothing of waits yet, like categories, has no page).
KINDS = tuple(kind for kind in DecisionKind if kind in SOURCES)
_KIND = "{kind:" + "|".join(kind.value for kind in KINDS) + "}"
_ID = "{subject_id:[0-9]{1,9}}"


async def operator_only(request: web.Request) -> int:
    """The signed-in person's id, if they are an operator (the bot's check); else a 403."""
    person_id = request[PERSON].person_id
    forbidden_unless(await is_operator(person_id))
    return person_id


@routes.get(HOME)
@desk_view
async def home(request: web.Request) -> web.StreamResponse:
    """What waits for a decision, by kind, with links; and the operator's other pages."""
    person_id = await operator_only(request)
    counts = [count for count in await queue_counts(by_person_id=person_id) if count.kind in KINDS]
    return await render("desk/operator/home.html", request, {"counts": counts, "kinds": DECISION_KINDS})


@routes.get(APPROVALS)
@desk_view
async def approvals(request: web.Request) -> web.StreamResponse:
    """Every kind's waiting things, oldest first; `?tipo=<kind>&despues=<id>` pages through one kind."""
    person_id = await operator_only(request)
    paged = request.query.get("tipo")
    after = request.query.get("despues", "")
    queues = []
    for kind in KINDS:
        start = int(after) if kind.value == paged and after.isdecimal() and len(after) <= 9 else None
        queues.append((kind, start, await pending_page(kind, by_person_id=person_id, after=start)))
    context = {"queues": queues, "kinds": DECISION_KINDS, "legal_forms": LEGAL_FORMS}
    return await render("desk/operator/approvals.html", request, context)


@routes.get(f"{APPROVALS}/{_KIND}/{_ID}")
@desk_view
async def item(request: web.Request) -> web.StreamResponse:
    """One thing of the queue: what it says of itself, who asked, since when, and Approve / Refuse."""
    await operator_only(request)
    return await _item_page(request, {"done": request.query.get("hecho") == "1"})


@routes.post(f"{APPROVALS}/{_KIND}/{_ID}/aprobar")
@desk_view
async def approve(request: web.Request) -> web.StreamResponse:
    return await _decide(request, approve=True)


@routes.post(f"{APPROVALS}/{_KIND}/{_ID}/rechazar")
@desk_view
async def refuse(request: web.Request) -> web.StreamResponse:
    """A refusal says why: the reason is what the people who asked read."""
    return await _decide(request, approve=False)


async def _decide(request: web.Request, *, approve: bool) -> web.StreamResponse:
    """The bot's decision; its refusals shown on the thing's page (the reason next to its field, values kept)."""
    person_id = await operator_only(request)
    kind, subject_id = DecisionKind(request.match_info["kind"]), int(request.match_info["subject_id"])
    reason = request[FORM].get("reason", "") if not approve else ""
    reason = reason if isinstance(reason, str) else ""
    try:
        await decide(kind, subject_id, approve=approve, reason=reason, by_person_id=person_id)
    except Conflict as error:  # decided already: by this same form a moment ago, or by another operator
        return await _item_page(request, {"already": refusal_words(request, error)}, status=409)
    except Invalid as error:  # the reason missing or too long
        return await _item_page(request, {"reason": reason, "errors": {"reason": refusal_words(request, error)}}, status=400)
    raise see_other(request, f"{APPROVALS}/{kind.value}/{subject_id}?hecho=1")


async def _item_page(request: web.Request, extra: dict[str, Any], *, status: int = 200) -> web.Response:
    person_id = request[PERSON].person_id
    kind, subject_id = DecisionKind(request.match_info["kind"]), int(request.match_info["subject_id"])
    thing = await get_pending(kind, subject_id, by_person_id=person_id)
    context = {
        "thing": thing, "kinds": DECISION_KINDS, "legal_forms": LEGAL_FORMS, "reason_limit": REASON_LIMIT,
        "decisions": await decisions_about(kind, subject_id, by_person_id=person_id), "reason": "", "errors": {},
        **extra,
    }
    return await render("desk/operator/item.html", request, context, status=status)
