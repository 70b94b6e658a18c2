"""What each family is owed, at an organization's desk, for its admins (the treasurer holds an admin seat): every
producer's due, paid and balance; one producer's statement (sold by month and product from their lot, the payments
made to them); a payment to a producer recorded, or one recorded by mistake taken back; the margin; and the
statements as a spreadsheet-safe CSV or .xlsx.

The bot's services and checks (bot/flows/statements.py): statements_page, member_statement, statements_sheet,
record_producer_payment (the amount typed as in the chat, "120,50", in the organization's currency),
correct_producer_payment, set_margin.

    GET  /escritorio/org/{slug}/estados                            ?desde=<offset> &hecho=margin
    POST /escritorio/org/{slug}/estados/margen                     margen
    GET  /escritorio/org/{slug}/estados.csv|.xlsx                  every producer's rows
    GET  /escritorio/org/{slug}/estados/{member_id}                ?hecho=paid|corrected
    GET  /escritorio/org/{slug}/estados/{member_id}.csv|.xlsx      one producer's rows
    POST /escritorio/org/{slug}/estados/{member_id}/pago           monto, clave
    POST /escritorio/org/{slug}/estados/{member_id}/pagos/{entry_id}/anular

A payment form carries a key drawn when it was shown (`clave`): posted again, it records nothing more. A payment
taken back twice is refused the second time (409), as in the bot.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.errors import Conflict, FeriaError, Invalid, NotFound
from market.presentation.i18n import Translator
from market.presentation.sheets import sheet_csv
from market.presentation.workbooks import XLSX, sheet_xlsx
from market.rules.orders import parse_quantity
from market.services.orders.search import OrganizationOrders
from market.services.organizations.statement_payments import (
    correct_producer_payment,
    record_producer_payment,
    set_margin,
)
from market.services.organizations.statements import (
    PAGE,
    Statement,
    member_statement,
    statement_sheet,
    statements_page,
    statements_sheet,
)
from market.spreadsheet import Sheet
from market.web.desk.common import (
    FORM,
    PERSON,
    desk_locale,
    desk_view,
    new_form_key,
    posted_key,
    refusal_words,
    render,
    see_other,
)
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import path_segment, translator

routes = web.RouteTableDef()
STATEMENTS = f"/escritorio/org/{SLUG}/estados"
STATEMENT = STATEMENTS + "/{member_id:[0-9]{1,9}}"
MONEY = frozenset({"amount", "fund", "margin", "due", "paid", "balance"})
PAID_DONE = ("paid", "corrected")


def statements_path(organization: OrganizationOrders, rest: str = "") -> str:
    return f"/escritorio/org/{path_segment(organization.slug)}/estados{rest}"


@routes.get(STATEMENTS)
@desk_view
async def statements_list(request: web.Request) -> web.StreamResponse:
    offset = request.query.get("desde", "0")
    done = request.query.get("hecho", "")
    return await _show_list(request, offset=int(offset) if offset.isdigit() and len(offset) < 7 else 0,
                            done=done == "margin")


@routes.post(STATEMENTS + "/margen")
@desk_view
async def margin(request: web.Request) -> web.StreamResponse:
    """The share of each new sale the organization keeps, typed as in the chat ("10", "7,5 %")."""
    organization = await admin_organization(request)
    text = str(request[FORM].get("margen", "")).strip()[:20]
    try:
        await set_margin(organization.id, text, by_person_id=request[PERSON].person_id)
    except Invalid as refused:
        return await _show_list(request, margin_text=text, margin_error=refusal_words(request, refused), status=400)
    raise see_other(request, statements_path(organization, "?hecho=margin"))


@routes.get(STATEMENTS + ".{kind:(csv|xlsx)}")
@desk_view
async def statements_export(request: web.Request) -> web.StreamResponse:
    """Every producer's rows, as the bot's CSV (and as a workbook)."""
    organization = await admin_organization(request)
    sheet = await statements_sheet(organization.id, by_person_id=request[PERSON].person_id)
    return _export(request, sheet, organization.country_code, f"estados-{path_segment(organization.slug)}")


@routes.get(STATEMENT)
@desk_view
async def statement_page(request: web.Request) -> web.StreamResponse:
    organization, statement = await _statement(request)
    done = request.query.get("hecho", "")
    return await _show(request, organization, statement, {}, {}, done=done if done in PAID_DONE else "")


@routes.get(STATEMENT + ".{kind:(csv|xlsx)}")
@desk_view
async def statement_export(request: web.Request) -> web.StreamResponse:
    """One producer's sold rows, payments and totals."""
    organization, statement = await _statement(request)
    return _export(request, statement_sheet(statement), organization.country_code,
                   f"estado-{path_segment(organization.slug)}-{statement.member_id}")


@routes.post(STATEMENT + "/pago")
@desk_view
async def record(request: web.Request) -> web.StreamResponse:
    """Record money paid to the producer; a bad amount is said next to its field and nothing is recorded."""
    organization, statement = await _statement(request)
    form = request[FORM]
    values = {name: str(form.get(name, "")).strip()[:40] for name in ("monto", "clave")}
    try:
        amount = parse_quantity(values["monto"])
        await record_producer_payment(organization.id, statement.member_id, amount,
                                      by_person_id=request[PERSON].person_id,
                                      key="desk-" + posted_key(values["clave"]))
    except Invalid as refused:
        return await _show(request, organization, statement, values, {"monto": refusal_words(request, refused)},
                           status=400)
    raise see_other(request, statements_path(organization, f"/{statement.member_id}?hecho=paid"))


@routes.post(STATEMENT + "/pagos/{entry_id:[0-9]{1,9}}/anular")
@desk_view
async def take_back(request: web.Request) -> web.StreamResponse:
    """A payment recorded by mistake, taken back by a new entry of the opposite amount; once."""
    organization, statement = await _statement(request)
    entry_id = int(request.match_info["entry_id"])
    if entry_id not in {p.id for p in statement.payments}:
        raise web.HTTPNotFound()  # another producer's payment, or another organization's
    try:
        await correct_producer_payment(entry_id, by_person_id=request[PERSON].person_id)
    except (Conflict, NotFound) as refused:
        return await _show(request, organization, statement, {}, {}, refused=refused, status=409)
    raise see_other(request, statements_path(organization, f"/{statement.member_id}?hecho=corrected"))


async def _statement(request: web.Request) -> tuple[OrganizationOrders, Statement]:
    """The organization (its admins only: 403) and the producer's statement (not its member: 404)."""
    organization = await admin_organization(request)
    try:
        statement = await member_statement(organization.id, int(request.match_info["member_id"]),
                                           by_person_id=request[PERSON].person_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    return organization, statement


def _export(request: web.Request, sheet: Sheet, country_code: str, name: str) -> web.Response:
    """The sheet as CSV in the person's language (';' and a decimal comma in Spanish) or .xlsx; formulas neutralized."""
    words = translator(desk_locale(request), country_code)
    if request.match_info["kind"] == "csv":
        return web.Response(text=sheet_csv(sheet, words), content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    body = sheet_xlsx(sheet, words, title=_title(words), money=MONEY)
    return web.Response(body=body, content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def _title(words: Translator) -> str:
    return words.gettext("Producers' statements")


async def _show_list(request: web.Request, *, offset: int = 0, done: bool = False, margin_text: str = "",
                     margin_error: str = "", status: int = 200) -> web.Response:
    organization = await admin_organization(request)
    page = await statements_page(organization.id, by_person_id=request[PERSON].person_id, offset=offset)
    context: dict[str, Any] = {
        "organization": organization, "page": page, "done": done, "base": statements_path(organization),
        "previous": max(page.offset - PAGE, 0),
        "values": {"margen": margin_text or str((page.margin_rate * 100).normalize())},
        "errors": {"margen": margin_error} if margin_error else {},
    }
    return await render("desk/org/statements.html", request, context, status=status)


async def _show(request: web.Request, organization: OrganizationOrders, statement: Statement,
                values: dict[str, str], errors: dict[str, str], *, done: str = "",
                refused: FeriaError | None = None, status: int = 200) -> web.Response:
    if not values.get("clave"):
        values = {**values, "clave": new_form_key()}
    corrected = {p.corrects_id for p in statement.payments}
    context: dict[str, Any] = {
        "organization": organization, "s": statement, "values": values, "errors": errors, "done": done,
        "refusal": refusal_words(request, refused) if refused else "", "list": statements_path(organization),
        "base": statements_path(organization, f"/{statement.member_id}"),
        # A payment may be taken back once, by a new entry; a taking back is not itself taken back.
        "may_take_back": {p.id for p in statement.payments
                          if p.amount > 0 and p.corrects_id is None and p.id not in corrected},
    }
    return await render("desk/org/statement.html", request, context, status=status)
