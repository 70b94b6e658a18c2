"""Municipalities and communities imported by upload at the operator's desk: the command line's importer, all or
nothing, with its report per line.

    GET  /escritorio/operador/territorios     the form: the file, its columns, and a time zone when one is needed
    POST /escritorio/operador/territorios     the import, then its report on the same page

The same importer as `python -m market.cli territories import FILE` (market.services.territories.imports): a file
with any wrong line stores nothing and each wrong line is listed with its line and why; a file that cannot be read
(not CSV, not UTF-8, a column missing) or is over 2 MB imports nothing. Uploading the same file again stores nothing
twice: its codes are taken, and each line says so.
"""

from __future__ import annotations

from aiohttp import web

from market.enums import TerritoryLevel
from market.errors import Invalid
from market.presentation.labels import N_
from market.services.territories.imports import ImportReport, import_territories
from market.web.desk.common import FORM, MAX_UPLOAD, TOO_LARGE, desk_view, refusal_words, render
from market.web.desk.operator import operator_only
from market.web.desk.operator_prices import uploaded_file
from market.web.desk.role_common import words

routes = web.RouteTableDef()

TERRITORIES = "/escritorio/operador/territorios"
ZONE_LIMIT = 64
# Why a line was refused, by the importer's problem code; {detail} is what the line says there.
PROBLEMS = {
    "code_invalid": N_("The code {detail} must be letters, digits, «.», «-» or «_», without spaces, and not a "
                       "country's ISO code."),
    "code_repeated": N_("The code is on an earlier line too: {detail}."),
    "code_taken": N_("The code {detail} is already a place (imported before?)."),
    "level_unknown": N_("The level {detail} is not region, municipality or community."),
    "level_not_below": N_("Its level must be below its parent's ({detail})."),
    "name_length": N_("The name {detail} must have 2 to 80 characters."),
    "name_unsafe": N_("The name {detail} starts like a spreadsheet formula (=, +, -, @) or holds a control "
                      "character."),
    "name_repeated": N_("{detail} is already a place with the same parent."),
    "parent_missing": N_("The parent code is empty: write the code of a line of the file, a stored code or an ISO "
                         "code such as BO-S."),
    "parent_unknown": N_("The parent {detail} is neither a line of the file, a stored code nor an ISO code such as "
                         "BO-S."),
    "parent_cycle": N_("Its parents lead back to it: {detail}."),
    "time_zone_needed": N_("Its parent's country has several time zones: write one of {detail} in the time zone "
                           "field."),
}
LEVELS = {TerritoryLevel.REGION: N_("Regions"), TerritoryLevel.MUNICIPALITY: N_("Municipalities"),
          TerritoryLevel.COMMUNITY: N_("Communities")}


@routes.get(TERRITORIES)
@desk_view
async def territories(request: web.Request) -> web.StreamResponse:
    await operator_only(request)
    return await _page(request, {})


@routes.post(TERRITORIES)
@desk_view
async def import_places(request: web.Request) -> web.StreamResponse:
    """Store every line if every line is good, and show the report; else nothing, and each wrong line."""
    await operator_only(request)
    form = request[FORM]
    zone = str(form.get("time_zone", "")).strip()
    if TOO_LARGE in form:
        return await _refused(request, N_("The file is over 2 MB: nothing was imported."), zone)
    upload = uploaded_file(form.get("file"))
    if upload is None:
        return await _refused(request, N_("Choose the CSV file to import."), zone)
    filename, content = upload
    if not filename.lower().endswith((".csv", ".txt")):
        return await _refused(request, N_("Only a CSV file can be imported (save a spreadsheet as CSV, UTF-8): "
                                          "nothing was imported."), zone)
    if len(zone) > ZONE_LIMIT or any(c.isspace() for c in zone):
        return await _page(request, {"errors": {"time_zone": words(request, N_(
            "Write a time zone like America/Sao_Paulo, or leave it empty."))}, "time_zone": zone}, status=400)
    try:
        report = await import_territories(content, zone or None)
    except Invalid as error:
        return await _page(request, {"errors": {"file": _unreadable(request, error)}, "time_zone": zone},
                           status=400)
    return await _page(request, {"report": _report(request, report), "filename": filename, "time_zone": zone})


async def _refused(request: web.Request, text: str, zone: str) -> web.Response:
    return await _page(request, {"errors": {"file": words(request, text)}, "time_zone": zone}, status=400)


def _unreadable(request: web.Request, error: Invalid) -> str:
    """Why the file could not be read at all, in words (the importer says it in English, for the command line)."""
    said = str(error.params.get("detail", ""))
    if said.startswith("not UTF-8"):
        return words(request, N_("The file is not UTF-8 text (save the spreadsheet as CSV, UTF-8): nothing was "
                                 "imported."))
    if said == "empty":
        return words(request, N_("The file is empty: nothing was imported."))
    if said.startswith("missing columns: "):
        return words(request, N_("The file lacks the columns {columns}: nothing was imported.")).format(
            columns=said.removeprefix("missing columns: "))
    return refusal_words(request, error)


def _report(request: web.Request, report: ImportReport) -> dict[str, object]:
    """What was stored, by level, and each wrong line: its number and why, in words."""
    refused = [(p.line, words(request, PROBLEMS.get(p.code, N_("This line cannot be read."))).format(
        detail=f"«{p.detail}»")) for p in report.problems]
    added = [(n, words(request, LEVELS[level])) for level, n in report.by_level]
    return {"added": report.added, "by_level": added, "refused": refused,
            "wrong_lines": len({p.line for p in report.problems})}


async def _page(request: web.Request, extra: dict[str, object], *, status: int = 200) -> web.Response:
    context = {"limit_mb": MAX_UPLOAD // (1024 * 1024), "report": None, "errors": {}, "time_zone": "", **extra}
    return await render("desk/operator/territories.html", request, context, status=status)
