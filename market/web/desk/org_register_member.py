"""One member's entry at the admins' desk, and the form to write it for them, as "✏️ Write this entry" does in the
bot (market.services.organizations.register_by_admin): community, production and family, each checked as the
member's own step checks it, all or nothing; never the gender, which only the member declares. The member is told
in the bot what was written, and the entry names the admin until the member changes it.

    GET  /escritorio/org/{slug}/registro/{member_id}      the entry (no gender: only ever counted) and the form
    POST /escritorio/org/{slug}/registro/{member_id}      comunidad, produccion, familia, version

The form carries the entry's version it was shown: posted again (or after a change meanwhile) it is refused (409)
and nothing is written twice.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from market.errors import Conflict, Forbidden, NotFound
from market.services.organizations.register import Entry, EntryNotWritten, community_choices
from market.services.organizations.register_by_admin import write_member_entry
from market.services.organizations.register_views import register_entry
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.org_register import (
    MAX_COMMUNITIES,
    REGISTER,
    SHOWN_FIELD,
    read_parts,
    register_path,
    written,
)
from market.web.desk.organization import admin_organization

routes = web.RouteTableDef()
MEMBER = REGISTER + "/{member_id:[0-9]{1,9}}"
FIELDS = ("comunidad", "produccion", "familia")


async def _entry(request: web.Request) -> Entry:
    """The member's entry, for an admin of this organization (403 for another's); another organization's member
    is not found in this register."""
    organization = await admin_organization(request)
    try:
        entry = await register_entry(int(request.match_info["member_id"]), by_person_id=request[PERSON].person_id)
    except (NotFound, Forbidden):
        raise web.HTTPNotFound() from None
    if entry.organization_id != organization.id:
        raise web.HTTPNotFound()
    return entry


@routes.get(MEMBER)
@desk_view
async def member_entry(request: web.Request) -> web.StreamResponse:
    entry = await _entry(request)
    form = {**written(entry, desk_locale(request)), "version": str(entry.version)}
    return await _page(request, entry, form, {}, done=request.query.get("hecho", ""))


@routes.post(MEMBER)
@desk_view
async def member_entry_written(request: web.Request) -> web.StreamResponse:
    """Every part written, or none: each refused part named next to its field (400); a form shown before the
    entry's last change (409)."""
    entry = await _entry(request)
    locale = desk_locale(request)
    form = {name: str(request[FORM].get(name, ""))[:4000] for name in (*FIELDS, "version")}
    parts, errors = read_parts({**form, "genero": ""}, written(entry, locale), locale)
    if not errors and parts.keys() == {"locale"}:  # every field blank, as it was: nothing to write, nobody told
        raise see_other(request, f"{register_path(request)}/{entry.member_id}?hecho=nothing")
    if not errors:
        version = form["version"]
        try:
            await write_member_entry(entry.member_id, by_person_id=request[PERSON].person_id,
                                     version=int(version) if version.isdigit() and len(version) < 10 else -1, **parts)
        except EntryNotWritten as refusal:
            errors = {SHOWN_FIELD[name]: refusal_words(request, error) for name, error in refusal.refused.items()}
        except Conflict as refused:
            return await _page(request, await _entry(request), form, {}, conflict=refusal_words(request, refused),
                               status=409)
    if errors:
        return await _page(request, entry, form, errors, status=400)
    raise see_other(request, f"{register_path(request)}/{entry.member_id}?hecho=saved")


async def _page(request: web.Request, entry: Entry, form: Mapping[str, str], errors: Mapping[str, str], *,
                done: str = "", conflict: str = "", status: int = 200) -> web.Response:
    organization = await admin_organization(request)
    places = await community_choices(organization.id, person_id=request[PERSON].person_id, limit=MAX_COMMUNITIES)
    return await render("desk/org/register_entry.html", request, {
        "organization": organization, "entry": entry, "form": form, "errors": errors, "done": done,
        "conflict": conflict, "places": [place.name for place in places.items], "base": register_path(request),
    }, status=status)
