"""/escritorio/org/{slug}/importar: products and offers from a CSV or .xlsx, all or nothing, and the templates to fill.

The page documents the columns and offers a template in the reader's language (…/plantilla.csv, …/plantilla.xlsx,
spreadsheet-safe). A file over 2 MB, one that is no spreadsheet, or one with a bad row imports nothing and says
why, row by row (400); a good one is imported in one transaction and the page says how many were made and updated.
"""

from __future__ import annotations

import io
from typing import Any

from aiohttp import web

from market import clock
from market.errors import Invalid
from market.presentation.labels import CATEGORIES, N_
from market.presentation.sheets import BOM, csv_style
from market.services.stock.imports import COLUMNS, MAX_ROWS, import_products
from market.services.stock.offers import local_today
from market.services.stock.product_fields import FieldError
from market.spreadsheet import csv_text, safe_cell
from market.web.desk.common import FORM, MAX_UPLOAD, PERSON, TOO_LARGE, desk_locale, desk_view, render, see_other
from market.web.desk.products import category_choices, field_reason, organization_of
from market.web.pages.common import translator

routes = web.RouteTableDef()

IMPORT = r"/escritorio/org/{slug:[a-z0-9-]{1,64}}/importar"
# Each column's header as the template writes it (service's COLUMNS reads these in each language), and what it holds.
HEADERS = {
    "name": N_("product"),
    "category": N_("category"),
    "unit": N_("sale unit"),
    "price": N_("price"),
    "stock": N_("quantity"),
    "order_unit": N_("order unit"),
    "pack_size": N_("pack size"),
    "valid_until": N_("valid until"),
}
MEANINGS = {
    "name": N_("The product's name. A name the organization already has updates that product."),
    "category": N_("Its category, as the catalog names it (Hortalizas, Café y cacao). Needed for a new product."),
    "unit": N_("What it is sold by: kg, g, l, unidad, docena, bolsa, frasco… Needed for a new product."),
    "price": N_("Price per unit, like 8,50. Needed for a new product."),
    "stock": N_("How much is available now, in its unit. Empty: keep what there is."),
    "order_unit": N_("For purchasing groups: how much of the unit one order is (1, 0,5). Empty: 1."),
    "pack_size": N_("For purchasing groups: how many order units make the case or sack. Empty: 1."),
    "valid_until": N_("The offer's last day, like 2026-12-31. Empty: no end."),
}
UNREADABLE = {
    "not_a_spreadsheet": N_("That file is not a CSV or .xlsx spreadsheet we can read. Nothing was imported."),
    "empty": N_("That file has no rows to import. Nothing was imported."),
    "missing_columns": N_("The file has no “product” column: use the template. Nothing was imported."),
    "too_many_rows": N_("The file has more than {max} rows: split it in parts. Nothing was imported."),
    "too_large": N_("The file is over 2 MB. Nothing was imported."),
    "no_file": N_("Choose a file to import."),
}
EXAMPLE = {"name": "Café tostado", "category": CATEGORIES["coffee_cocoa"], "unit": "kg", "price": "45.00", "stock": "20",
           "order_unit": "0.5", "pack_size": "10", "valid_until": ""}


@routes.get(IMPORT)
@desk_view
async def import_page(request: web.Request) -> web.StreamResponse:
    organization = await organization_of(request)
    done = {name: int(request.query[key]) for name, key in (("created", "creados"), ("updated", "actualizados"),
                                                              ("unchanged", "iguales"))
            if request.query.get(key, "").isdigit()}
    return await _page(request, organization, done=done or None)


@routes.post(IMPORT)
@desk_view
async def import_posted(request: web.Request) -> web.StreamResponse:
    """Import the file, or nothing: each bad row named (400)."""
    organization = await organization_of(request)
    form = request[FORM]
    upload = form.get("file")
    if TOO_LARGE in form:
        return await _page(request, organization, unreadable=("too_large", {}), status=400)
    if not isinstance(upload, tuple) or not upload[1]:
        return await _page(request, organization, unreadable=("no_file", {}), status=400)
    _, named = await category_choices(desk_locale(request))
    try:
        done = await import_products(organization, upload[1], by_person_id=request[PERSON].person_id,
                                     today=local_today(organization.time_zone, clock.now()), categories=named)
    except Invalid as refusal:
        if refusal.code == "import_unreadable":
            return await _page(request, organization, unreadable=(str(refusal.params.get("reason")),
                                                                  dict(refusal.params)), status=400)
        if refusal.code == "import_refused":
            return await _page(request, organization, rows=refusal.params["rows"], status=400)
        raise
    raise see_other(request, f"/escritorio/org/{organization.slug}/importar?creados={done.created}"
                             f"&actualizados={done.updated}&iguales={done.unchanged}")


async def _page(request: web.Request, organization: Any, *, done: dict[str, int] | None = None,
                unreadable: tuple[str, dict[str, Any]] | None = None, rows: Any = (),
                status: int = 200) -> web.Response:
    words = translator(desk_locale(request))
    problems = [{"row": r.row, "column": words.gettext(HEADERS[r.column]) if r.column in HEADERS else "",
                 "reason": field_reason(FieldError(r.column or "", r.code, r.params), words.gettext)} for r in rows]
    message = None
    if unreadable:
        reason, params = unreadable
        message = words.gettext(UNREADABLE.get(reason, UNREADABLE["not_a_spreadsheet"])).format(max=MAX_ROWS,
                                                                                                 **_no_max(params))
    return await render("desk/products/import.html", request, {
        "organization": organization, "headers": HEADERS, "meanings": MEANINGS, "done": done, "message": message,
        "problems": problems, "max_rows": MAX_ROWS, "max_mb": MAX_UPLOAD // (1024 * 1024),
    }, status=status)


def _no_max(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k not in ("max", "reason", "columns")}


def _template_rows(locale: str) -> list[list[str]]:
    _ = translator(locale).gettext
    return [[_(HEADERS[name]) for name in COLUMNS],
            [_(EXAMPLE[name]) if name == "category" else EXAMPLE[name] for name in COLUMNS]]


@routes.get(IMPORT + "/plantilla.csv")
@desk_view
async def template_csv(request: web.Request) -> web.StreamResponse:
    """The columns to fill, in the reader's language and their spreadsheet's separator, with one example row."""
    await organization_of(request)
    locale = desk_locale(request)
    separator, decimal = csv_style(locale)
    rows = _template_rows(locale)
    rows[1] = [cell.replace(".", decimal) for cell in rows[1]]
    body = BOM + csv_text(rows, separator=separator)
    return web.Response(text=body, content_type="text/csv", charset="utf-8", headers={
        "Content-Disposition": 'attachment; filename="plantilla-productos.csv"'})


@routes.get(IMPORT + "/plantilla.xlsx")
@desk_view
async def template_xlsx(request: web.Request) -> web.StreamResponse:
    """The same template as a workbook, every cell written as text (no formula can ride in it)."""
    from openpyxl import Workbook

    await organization_of(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in _template_rows(desk_locale(request)):
        sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return web.Response(body=out.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
        "Content-Disposition": 'attachment; filename="plantilla-productos.xlsx"'})
