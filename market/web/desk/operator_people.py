"""The operators at the operator's desk: who they are, naming one, and ending one's role, as the bot's /operadores.

    GET  /escritorio/operador/operadores                         the operators, who named them and when; the form
    POST /escritorio/operador/operadores/nuevo                   who (Telegram id or @username): shown to confirm
    POST /escritorio/operador/operadores/nombrar                 named (told in the chat), once
    GET  /escritorio/operador/operadores/{person}/quitar         the confirmation
    POST the same address                                        the role ends (kept as history)

The bot's services (market.services.operators.roles: add_operator, remove_operator, list_operators) and their check:
operators only (403). Naming someone who is an operator already changes nothing and tells nobody again; removing
someone who is no longer one, or the last operator, is refused (409).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.errors import Conflict, Invalid, NotFound
from market.services.operators.roles import (
    PersonRef,
    add_operator,
    get_person_ref,
    is_operator,
    list_operators,
    remove_operator,
)
from market.web.desk.common import FORM, desk_view, refusal_words, render, see_other
from market.web.desk.operator import operator_only
from market.web.desk.role_common import typed_person

routes = web.RouteTableDef()

OPERATORS = "/escritorio/operador/operadores"
_PERSON = "{person_id:[0-9]{1,9}}"


@routes.get(OPERATORS)
@desk_view
async def operators(request: web.Request) -> web.StreamResponse:
    person_id = await operator_only(request)
    return await operators_view(request, person_id, {})


async def operators_view(request: web.Request, person_id: int, extra: dict[str, Any], *,
                         status: int = 200) -> web.Response:
    after = request.query.get("despues", "")
    page = await list_operators(by=person_id, after=int(after) if after.isdecimal() and len(after) <= 9 else None)
    shown = request.query.get("quien", "")
    named = await _named(shown)
    context = {"page": page, "me": person_id, "person": "", "errors": {}, "error": None, "named": named,
               "done": request.query.get("hecho", ""), **extra}
    return await render("desk/operator/operators.html", request, context, status=status)


async def _named(shown: str) -> PersonRef | None:
    """The person the last action was about, for the page's note (nobody when they are gone)."""
    try:
        return await get_person_ref(int(shown)) if shown.isdecimal() and len(shown) <= 9 else None
    except NotFound:
        return None


@routes.post(OPERATORS + "/nuevo")
@desk_view
async def new_operator(request: web.Request) -> web.StreamResponse:
    """Who: shown with their name and handle before they are named (a mistyped id names nobody)."""
    person_id = await operator_only(request)
    typed = str(request[FORM].get("person", ""))
    try:
        candidate = await typed_person(typed)
    except (Invalid, NotFound) as refused:
        return await operators_view(request, person_id, {"person": typed, "errors": {"person": refusal_words(request, refused)}},
                                    status=400)
    return await render("desk/operator/operator_name.html", request, {"candidate": candidate})


@routes.post(OPERATORS + "/nombrar")
@desk_view
async def name(request: web.Request) -> web.StreamResponse:
    """Name them, once: a second post finds them an operator and tells nobody again."""
    person_id = await operator_only(request)
    candidate = str(request[FORM].get("person_id", ""))
    if not candidate.isdecimal() or len(candidate) > 9:
        raise web.HTTPBadRequest()
    role = await add_operator(int(candidate), by=person_id)
    done = "nombrado" if role.named_now else "ya"
    raise see_other(request, f"{OPERATORS}?hecho={done}&quien={role.person.id}")


@routes.get(OPERATORS + "/" + _PERSON + "/quitar")
@desk_view
async def remove_page(request: web.Request) -> web.StreamResponse:
    await operator_only(request)
    candidate = await get_person_ref(int(request.match_info["person_id"]))
    if not await is_operator(candidate.id):
        raise NotFound("operator_not_found")
    return await render("desk/operator/operator_remove.html", request, {"candidate": candidate})


@routes.post(OPERATORS + "/" + _PERSON + "/quitar")
@desk_view
async def remove(request: web.Request) -> web.StreamResponse:
    """The role ends, once; the last operator is never removed (409, as a second post is)."""
    person_id = await operator_only(request)
    removed = int(request.match_info["person_id"])
    try:
        await remove_operator(removed, by=person_id)
    except (NotFound, Conflict) as refused:
        return await operators_view(request, person_id, {"error": refusal_words(request, refused)}, status=409)
    if removed == person_id:  # they removed themselves: the operators' pages are no longer theirs
        raise see_other(request, "/escritorio")
    raise see_other(request, f"{OPERATORS}?hecho=quitado&quien={removed}")
