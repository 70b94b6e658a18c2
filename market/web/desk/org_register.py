"""The member register at the desk, as the bot's admins read it (market.services.organizations.register_views): the
members and their entries, the totals, and the register as a spreadsheet; and, as in /miregistro, the admin's own
entry, written through the member's own services (register.write_entry: each part checked as the bot's step checks
it, all or nothing).

    GET  /escritorio/org/{slug}/registro                  ?ver=pendientes (stale or never written) &pagina=2
    GET  /escritorio/org/{slug}/registro.csv|.xlsx        the register, a row per product, spreadsheet-safe
    GET  /escritorio/org/{slug}/registro/mio              the admin's own entry, to write
    POST /escritorio/org/{slug}/registro/mio              comunidad, produccion, familia, genero
    POST /escritorio/org/{slug}/registro/mio/sigue-igual  "still right": it counts as updated today

One member's entry, and the form to write it for them, is market.web.desk.org_register_member.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from market import clock
from market.enums import Gender
from market.presentation.labels import N_
from market.presentation.sheets import sheet_csv
from market.presentation.workbooks import XLSX, sheet_xlsx
from market.rules.register import ProductionLine, parse_production
from market.services.organizations.register import (
    Entry,
    EntryNotWritten,
    community_choices,
    confirm_entry,
    my_entry,
    write_entry,
)
from market.services.organizations.register_views import register_page, register_sheet, register_totals
from market.stock_messages.tokens import read_number
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import Formats, path_segment, translator

routes = web.RouteTableDef()
REGISTER = f"/escritorio/org/{SLUG}/registro"
MINE = REGISTER + "/mio"
FIELDS = ("comunidad", "produccion", "familia", "genero")
GENDERS = {Gender.WOMAN: N_("Woman"), Gender.MAN: N_("Man"), Gender.ANOTHER: N_("Another"),
           Gender.UNDISCLOSED: N_("Prefer not to say")}
SHOWN_FIELD = {"community": "comunidad", "production": "produccion", "family_size": "familia"}
MAX_COMMUNITIES = 500  # the places below an organization's offered to choose from (the rest are typed)


def register_path(request: web.Request) -> str:
    return f"/escritorio/org/{path_segment(request.match_info['slug'])}/registro"


@routes.get(REGISTER)
@desk_view
async def register_list(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    stale_only = request.query.get("ver") == "pendientes"
    number = request.query.get("pagina", "1")
    page = await register_page(organization.id, by_person_id=person_id, stale_only=stale_only,
                               page=int(number) - 1 if number.isdigit() and len(number) < 6 else 0)
    totals = await register_totals(organization.id, by_person_id=person_id)
    return await render("desk/org/register.html", request, {
        "organization": organization, "page": page, "totals": totals, "base": register_path(request),
        "view": {"ver": "pendientes"} if stale_only else {},
    })


@routes.get(REGISTER + ".{kind:(csv|xlsx)}")
@desk_view
async def register_export(request: web.Request) -> web.StreamResponse:
    """The register as CSV in the reader's language (';' and a decimal comma in Spanish) or .xlsx; no gender."""
    organization = await admin_organization(request)
    sheet = await register_sheet(organization.id, by_person_id=request[PERSON].person_id)
    words = translator(desk_locale(request), organization.country_code)
    name = f"registro-{organization.slug}-{clock.today(organization.time_zone).isoformat()}"
    if request.match_info["kind"] == "csv":
        return web.Response(text=sheet_csv(sheet, words), content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    body = sheet_xlsx(sheet, words, title=words.gettext("Member register"))
    return web.Response(body=body, content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@routes.get(MINE)
@desk_view
async def my_entry_form(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    entry = await my_entry(organization.id, person_id=request[PERSON].person_id)
    done = request.query.get("hecho", "")
    return await _form(request, entry, written(entry, desk_locale(request)), {},
                       done=done if done in ("saved", "confirmed") else "")


@routes.post(MINE)
@desk_view
async def my_entry_saved(request: web.Request) -> web.StreamResponse:
    """Every part written, or none: each refused part named next to its field (400)."""
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    entry = await my_entry(organization.id, person_id=person_id)
    form = {name: str(request[FORM].get(name, ""))[:4000] for name in FIELDS}
    parts, errors = read_parts(form, written(entry, desk_locale(request)), desk_locale(request))
    if not errors:
        try:
            await write_entry(organization.id, person_id=person_id, **parts)
        except EntryNotWritten as refusal:
            errors = {SHOWN_FIELD[name]: refusal_words(request, error) for name, error in refusal.refused.items()}
    if errors:
        return await _form(request, entry, form, errors, status=400)
    raise see_other(request, f"{register_path(request)}/mio?hecho=saved")


@routes.post(MINE + "/sigue-igual")
@desk_view
async def my_entry_confirmed(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    await confirm_entry(organization.id, person_id=request[PERSON].person_id)
    raise see_other(request, f"{register_path(request)}/mio?hecho=confirmed")


def read_parts(form: Mapping[str, str], before: Mapping[str, str], locale: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The parts to write: a field left blank that was blank is skipped (the bot's "Skip"); any other goes to the
    service, which checks it. A family that is no whole number, or a gender not offered, is named here."""
    words = translator(locale)
    parts: dict[str, Any] = {"locale": locale}
    errors: dict[str, str] = {}
    for field, part in (("comunidad", "community"), ("produccion", "production")):
        if form[field].strip() or before[field]:
            parts[part] = form[field]
    if form["familia"].strip() or before["familia"]:
        number = read_number(form["familia"].strip())
        if number is None or number != number.to_integral_value():
            errors["familia"] = words.gettext("Write a whole number of people, like 5.")
        else:
            parts["family_size"] = int(number) if abs(number) < 1000 else 0
    if form["genero"]:
        if form["genero"] not in set(Gender):
            errors["genero"] = words.gettext("Choose one of the answers.")
        else:
            parts["gender"] = Gender(form["genero"])
    return parts, errors


def written(entry: Entry, locale: str) -> dict[str, str]:
    """The entry as its form shows it: production one product a line, as the bot asks it written."""
    return {
        "comunidad": entry.community, "produccion": "\n".join(production_text(line, locale) for line in entry.production),
        "familia": "" if entry.family_size is None else str(entry.family_size),
        "genero": entry.gender.value if entry.gender else "",
    }


def production_text(line: ProductionLine, locale: str) -> str:
    """A product's line as the member would write it, in their words; with the unit's code where their word for it
    reads back as another unit (Portuguese "saco" is a bag, and reads as a sack)."""
    season = f", {line.season}" if line.season else ""
    text = f"{line.product} {Formats(locale).quantity(line.quantity, line.unit)}{season}"
    if parse_production(text, locale) == [line]:
        return text
    return f"{line.product} {translator(locale).number(line.quantity)} {line.unit}{season}"


async def _form(request: web.Request, entry: Entry, form: Mapping[str, str], errors: Mapping[str, str], *,
                done: str = "", status: int = 200) -> web.Response:
    organization = await admin_organization(request)
    places = await community_choices(organization.id, person_id=request[PERSON].person_id, limit=MAX_COMMUNITIES)
    words = translator(desk_locale(request))
    return await render("desk/org/register_mine.html", request, {
        "organization": organization, "entry": entry, "form": form, "errors": errors, "done": done,
        "places": [place.name for place in places.items], "base": register_path(request), "mine": True,
        "genders": [(gender.value, words.gettext(label)) for gender, label in GENDERS.items()],
    }, status=status)
