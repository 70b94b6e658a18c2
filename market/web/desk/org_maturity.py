"""An organization's maturity at the desk, for its admins, as the bot shows it (bot/flows/maturity.py): the level,
what it rests on and what the next level still needs, what the admins declared; and declaring with a day what only
people can say (statutes approved, an assembly held, members' contributions collected), through the bot's service
(market.services.organizations.maturity_declarations.declare: the level is recomputed at once).

    GET  /escritorio/org/{slug}/madurez          ?desde=8 (the next declarations) &hecho=declared
    POST /escritorio/org/{slug}/madurez          tipo=statutes|assembly|contributions, dia=2026-03-15, ultima=...

A day is read as a date field sends it or as the person types days; one unread, still to come or too long ago is
said next to the field (400), nothing declared. The form carries the latest declaration it saw (`ultima`): sent
twice, the second changes nothing and says so (409).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import DeclarationKind, Maturity
from market.errors import Invalid
from market.presentation.labels import DECLARATION_KINDS, MATURITY, MATURITY_CRITERIA
from market.services.organizations.maturity_declarations import DeclarationsPage, declarations_page, declare
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import path_segment, translator

routes = web.RouteTableDef()
MATURITY_PAGE = f"/escritorio/org/{SLUG}/madurez"
NEXT_LEVEL = {Maturity.EMBRYONIC: Maturity.CONSOLIDATING, Maturity.CONSOLIDATING: Maturity.CONSOLIDATED}


def maturity_path(request: web.Request) -> str:
    return f"/escritorio/org/{path_segment(request.match_info['slug'])}/madurez"


def latest(page: DeclarationsPage) -> str:
    """The latest declaration (the first page's first), as a form carries it: another one since means the form
    is old."""
    if not page.items:
        return ""
    first = page.items[0]
    return f"{first.kind.value}:{first.happened_on.isoformat()}:{first.declared_on.isoformat()}"


@routes.get(MATURITY_PAGE)
@desk_view
async def maturity_view(request: web.Request) -> web.StreamResponse:
    offset = request.query.get("desde", "0")
    done = request.query.get("hecho", "") == "declared"
    return await _page(request, offset=int(offset) if offset.isdigit() and len(offset) < 7 else 0, done=done)


@routes.post(MATURITY_PAGE)
@desk_view
async def declared(request: web.Request) -> web.StreamResponse:
    """Record the declaration; the level is recomputed at once, as in the bot."""
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    form = {name: str(request[FORM].get(name, ""))[:40] for name in ("tipo", "dia", "ultima")}
    words = translator(desk_locale(request))
    page = await declarations_page(organization.id, by_person_id=person_id)
    if form["ultima"] != latest(page):
        return await _page(request, form=form, refusal=words.gettext(
            "This was recorded already, or another admin declared meanwhile: look at the list again."), status=409)
    errors: dict[str, str] = {}
    if form["tipo"] not in set(DeclarationKind):
        errors["tipo"] = words.gettext("Choose one of the answers.")
    day = words.parse_date(form["dia"])
    if day is None:
        errors["dia"] = words.gettext("I could not read that day. Write it with the day, the month and the year, "
                                      "like {example}.").format(example=words.date_as_typed(page.today))
    if not errors and day is not None:
        try:
            await declare(organization.id, DeclarationKind(form["tipo"]), day, by_person_id=person_id)
        except Invalid as refused:
            errors["dia"] = refusal_words(request, refused)
    if errors:
        return await _page(request, form=form, errors=errors, status=400)
    raise see_other(request, f"{maturity_path(request)}?hecho=declared")


async def _page(request: web.Request, *, offset: int = 0, done: bool = False, form: dict[str, str] | None = None,
                errors: dict[str, str] | None = None, refusal: str = "", status: int = 200) -> web.Response:
    organization = await admin_organization(request)
    page = await declarations_page(organization.id, by_person_id=request[PERSON].person_id, offset=offset)
    words = translator(desk_locale(request))
    view = page.maturity
    context: dict[str, Any] = {
        "organization": organization, "page": page, "level": words.gettext(MATURITY[view.level]),
        "met": [words.gettext(MATURITY_CRITERIA[c]) for c in view.met],
        "raise_by": [words.gettext(MATURITY_CRITERIA[c]) for c in view.raise_by],
        "next_level": words.gettext(MATURITY[NEXT_LEVEL[view.level]]).lower() if view.level in NEXT_LEVEL else "",
        "kinds": [(kind.value, words.gettext(DECLARATION_KINDS[kind])) for kind in DeclarationKind],
        "kind_names": {kind.value: words.gettext(DECLARATION_KINDS[kind]) for kind in DeclarationKind},
        "form": form or {"tipo": "", "dia": ""}, "errors": errors or {}, "refusal": refusal, "done": done,
        "latest": latest(page) if offset == 0 else latest(await declarations_page(
            organization.id, by_person_id=request[PERSON].person_id)),
        "base": maturity_path(request), "example": words.date_as_typed(page.today),
    }
    return await render("desk/org/maturity.html", request, context, status=status)
