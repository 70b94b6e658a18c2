"""A price survey imported by upload at the operator's desk: the command line's importer, and its per-row report.

    GET  /escritorio/operador/precios     the form: the file, and what its columns must be
    POST /escritorio/operador/precios     the import, then its report on the same page

The same importer as `python -m market.cli prices import FILE` (market.services.prices.imports), with the same
semantics, which the page says: the good rows are imported together and each refused row is listed with its line
and reason; a file that cannot be read (not CSV, not UTF-8, a column missing) or is over 2 MB imports nothing.
Uploading the file again once its rows are corrected imports only those: the rows already in are refused as
duplicates, never counted twice.
"""

from __future__ import annotations

from aiohttp import web

from market.errors import Invalid
from market.presentation.labels import N_
from market.services.prices.imports import REQUIRED, ImportReport, import_price_csv
from market.web.desk.common import FORM, MAX_UPLOAD, TOO_LARGE, desk_locale, desk_view, refusal_words, render
from market.web.desk.operator import operator_only
from market.web.pages.common import translator

routes = web.RouteTableDef()

PRICES = "/escritorio/operador/precios"
# Why a row was refused, by the importer's reason code; {detail} is what the row says there.
ROW_REASONS = {
    "missing_field": N_("The column {detail} is empty."),
    "unknown_territory": N_("No place has the code {detail}."),
    "bad_level": N_("The market level {detail} is not local, regional or national."),
    "bad_source": N_("The source {detail} is not official or survey."),
    "bad_product": N_("The product name {detail} is empty, too long or starts like a formula."),
    "bad_price": N_("The price {detail} is not a price above 0."),
    "unknown_unit": N_("The unit {detail} is not used in that place."),
    "currency_mismatch": N_("The currency {detail} is not the place's."),
    "bad_date": N_("The date {detail} is not a past day written YYYY-MM-DD."),
    "duplicate_row": N_("The same price is on an earlier line of the file."),
    "already_imported": N_("This price of {detail} was imported already."),
}


def uploaded_file(value: object) -> tuple[str, bytes] | None:
    """The uploaded (filename, bytes), if a file was chosen."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bytes) and value[0]:
        return value[0], value[1]
    return None


@routes.get(PRICES)
@desk_view
async def prices(request: web.Request) -> web.StreamResponse:
    await operator_only(request)
    return await _page(request, {})


@routes.post(PRICES)
@desk_view
async def import_prices(request: web.Request) -> web.StreamResponse:
    """Import the file if every row is good, and show the report: a bad row, or a file that cannot be read, imports
    nothing."""
    await operator_only(request)
    form = request[FORM]
    if TOO_LARGE in form:
        return await _page(request, {"error": _words(request, N_("The file is over 2 MB: nothing was imported."))},
                           status=400)
    upload = uploaded_file(form.get("file"))
    if upload is None:
        return await _page(request, {"error": _words(request, N_("Choose the CSV file to import."))}, status=400)
    filename, content = upload
    if not filename.lower().endswith((".csv", ".txt")):
        return await _page(request, {"error": _words(request, N_(
            "Only a CSV file can be imported (save a spreadsheet as CSV, UTF-8): nothing was imported."))},
            status=400)
    try:
        report = await import_price_csv(content, all_or_nothing=True)
    except Invalid as error:
        return await _page(request, {"error": _unreadable(request, error), "filename": filename}, status=400)
    return await _page(request, {"report": _report(request, report), "filename": filename})


def _words(request: web.Request, text: str) -> str:
    return translator(desk_locale(request)).gettext(text)


def _unreadable(request: web.Request, error: Invalid) -> str:
    """Why the file could not be read at all, in words (the importer says it in English, for the command line)."""
    said = str(error.params.get("detail", ""))
    if said == "not UTF-8":
        return _words(request, N_("The file is not UTF-8 text (save the spreadsheet as CSV, UTF-8): nothing was "
                                  "imported."))
    if said == "empty":
        return _words(request, N_("The file is empty: nothing was imported."))
    if said.startswith("missing columns: "):
        return _words(request, N_("The file lacks the columns {columns}: nothing was imported.")).format(
            columns=said.removeprefix("missing columns: "))
    return refusal_words(request, error)


def _report(request: web.Request, report: ImportReport) -> dict[str, object]:
    """What was imported, and each refused row: its line and why, in words."""
    refused = []
    for row in report.refused:
        reason = _words(request, ROW_REASONS.get(row.reason_code, N_("This row cannot be read.")))
        # The importer adds the place's currency in English after a mismatched one: the words say it here.
        said = row.detail.split(" (", 1)[0] if row.reason_code == "currency_mismatch" else row.detail
        refused.append((row.row, reason.format(detail=f"«{said}»")))
    return {"accepted": report.accepted, "refused": refused, "held_back": report.held_back}


async def _page(request: web.Request, extra: dict[str, object], *, status: int = 200) -> web.Response:
    context = {"columns": REQUIRED, "limit_mb": MAX_UPLOAD // (1024 * 1024), "report": None, "error": None, **extra}
    return await render("desk/operator/prices.html", request, context, status=status)
