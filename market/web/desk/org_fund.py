"""An organization's solidarity fund at its desk, for its admins: the balance, what came in by month, every use an
assembly decided (grants, investments, loans with what is paid back and what is late); a use recorded, a loan's
repayment recorded, and a repayment recorded by mistake taken back.

The bot's services and checks (bot/flows/fund.py): get_fund, borrowers, record_fund_use (its rules all at once,
use_errors, so each is said next to its field), record_loan_repayment, take_back_repayment. Amounts are typed as in
the chat ("500", "120,50", "Bs 120,50"); days as a date field posts them, or typed as in the chat (15/11/2026).

    GET  /escritorio/org/{slug}/fondo                                   ?hecho=used|repaid|taken_back
    POST /escritorio/org/{slug}/fondo/uso                               tipo, prestatario, monto, para, fecha, acta,
                                                                        cuotas, primera_cuota, clave
    POST /escritorio/org/{slug}/fondo/prestamos/{use_id}/devolucion     devuelto-{use_id}, clave
    POST /escritorio/org/{slug}/fondo/devoluciones/{entry_id}/anular

A use's and a repayment's forms carry a key drawn when they were shown (`clave`): posted again, they record nothing
more. A use above the balance is refused (409) and nothing is recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from aiohttp import web

from market import clock
from market.enums import FundUseKind
from market.errors import Conflict, FeriaError, Invalid, NotFound
from market.presentation.labels import N_
from market.rules.typed_money import parse_money
from market.services.funds import (
    Fund,
    FundView,
    UseRequest,
    borrowers,
    get_fund,
    record_fund_use,
    record_loan_repayment,
    take_back_repayment,
)
from market.services.funds.recording import TEXT_MAX, use_errors
from market.services.orders.search import OrganizationOrders
from market.web.desk.accounts import CHOOSE
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
from market.web.desk.reports import month_name
from market.web.pages.common import path_segment, translator

routes = web.RouteTableDef()
FUND = f"/escritorio/org/{SLUG}/fondo"
DONE = ("used", "repaid", "taken_back")
# The bot's names of each kind of use (bot/screens/fund.py KINDS).
KINDS = {FundUseKind.GRANT: N_("Grant"), FundUseKind.INVESTMENT: N_("Investment"), FundUseKind.LOAN: N_("Loan")}
USE_FIELDS = ("tipo", "prestatario", "monto", "para", "fecha", "acta", "cuotas", "primera_cuota", "clave")
# The form's field for each field of a UseRequest (market.services.funds.recording.use_errors).
FORM_FIELD = {"amount": "monto", "purpose": "para", "decision": "acta", "decided_on": "fecha",
              "installments": "cuotas", "first_due_on": "primera_cuota", "borrower": "prestatario"}


def fund_path(organization: OrganizationOrders, rest: str = "") -> str:
    return f"/escritorio/org/{path_segment(organization.slug)}/fondo{rest}"


@routes.get(FUND)
@desk_view
async def fund_page(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    done = request.query.get("hecho", "")
    return await _show(request, organization, done=done if done in DONE else "")


@routes.post(FUND + "/uso")
@desk_view
async def record_use(request: web.Request) -> web.StreamResponse:
    """A grant, an investment or a loan an assembly decided; every wrong field said next to it, nothing recorded."""
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    view = await get_fund(Fund(organization_id=organization.id), viewer_person_id=person_id)
    values = {name: str(request[FORM].get(name, "")).strip()[:TEXT_MAX + 50] for name in USE_FIELDS}
    use, errors = await _read_use(request, organization, view, values)
    if use is None:
        return await _show(request, organization, values=values, errors=errors, status=400)
    key = posted_key(values["clave"]) or new_form_key()
    try:
        await record_fund_use(Fund(organization_id=organization.id), use, by_person_id=person_id, key=f"desk-{key}")
    except (Invalid, Conflict, NotFound) as refused:
        field = "prestatario" if refused.code == "borrower_not_found" else "monto"
        errors[field] = _words(request, refused, view.currency, organization.country_code)
        return await _show(request, organization, values=values, errors=errors,
                           status=409 if isinstance(refused, Conflict) else 400)
    raise see_other(request, fund_path(organization, "?hecho=used"))


@routes.post(FUND + "/prestamos/{use_id:[0-9]{1,9}}/devolucion")
@desk_view
async def record_repayment(request: web.Request) -> web.StreamResponse:
    """Money back on a loan, never above what is left."""
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    view = await get_fund(Fund(organization_id=organization.id), viewer_person_id=person_id)
    use_id = int(request.match_info["use_id"])
    use = next((u for u in view.uses if u.id == use_id and u.loan is not None), None)
    if use is None:
        raise web.HTTPNotFound()  # not a loan of this organization's fund
    name = f"devuelto-{use_id}"
    values = {name: str(request[FORM].get(name, "")).strip()[:40], "clave": str(request[FORM].get("clave", ""))}
    try:
        amount = parse_money(values[name], use.currency)
        key = posted_key(values["clave"]) or new_form_key()
        await record_loan_repayment(use_id, amount, by_person_id=person_id, key=f"desk-{key}")
    except Invalid as refused:
        error = _words(request, refused, use.currency, organization.country_code)
        return await _show(request, organization, values=values, errors={name: error}, status=400)
    raise see_other(request, fund_path(organization, "?hecho=repaid"))


@routes.post(FUND + "/devoluciones/{entry_id:[0-9]{1,9}}/anular")
@desk_view
async def take_back(request: web.Request) -> web.StreamResponse:
    """A loan's latest repayment, recorded by mistake, taken back by a new entry; once."""
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    view = await get_fund(Fund(organization_id=organization.id), viewer_person_id=person_id)
    entry_id = int(request.match_info["entry_id"])
    latest = {u.loan.last_repayment.entry_id for u in view.uses if u.loan and u.loan.last_repayment}
    try:
        if entry_id not in latest:  # taken back already, or not this fund's latest: the bot offers no button
            raise Conflict("payment_already_corrected")
        await take_back_repayment(entry_id, by_person_id=person_id)
    except (Conflict, NotFound) as refused:
        return await _show(request, organization, refused=refused, status=409)
    raise see_other(request, fund_path(organization, "?hecho=taken_back"))


async def _read_use(request: web.Request, organization: OrganizationOrders, view: FundView,
                    values: dict[str, str]) -> tuple[UseRequest | None, dict[str, str]]:
    """The use the form describes, or None and what is wrong, by field (the bot's questions' rules)."""
    words = translator(desk_locale(request), organization.country_code)
    today = clock.today(organization.time_zone)
    errors: dict[str, str] = {}
    kind = next((k for k in KINDS if k.value == values["tipo"]), None)
    if kind is None:
        errors["tipo"] = words.gettext(CHOOSE)
    loan = kind is FundUseKind.LOAN
    borrower = int(values["prestatario"]) if values["prestatario"].isdigit() and len(values["prestatario"]) < 10 else 0
    if loan and borrower not in dict(await borrowers(view.fund, by_person_id=request[PERSON].person_id)):
        errors["prestatario"] = words.gettext(CHOOSE)
    amount = Decimal(1)  # in place of one that could not be read: its error is said already
    try:
        amount = parse_money(values["monto"], view.currency)
    except Invalid as refused:
        errors["monto"] = _words(request, refused, view.currency, organization.country_code)
    if not values["acta"]:  # the bot asks for it, and takes no empty answer
        errors["acta"] = refusal_words(request, Invalid("fund_text_length", max=TEXT_MAX))
    days = {}
    for name in ("fecha", "primera_cuota") if loan else ("fecha",):
        days[name] = words.parse_date(values[name])
        if days[name] is None:
            errors[name] = refusal_words(request, Invalid("bad_date", example=words.date_as_typed(today)))
    installments = int(values["cuotas"]) if loan and values["cuotas"].isdigit() and len(values["cuotas"]) < 4 else 0
    use = UseRequest(kind or FundUseKind.GRANT, amount, values["para"], days["fecha"] or today, values["acta"],
                     borrower if loan else None, installments if loan else 1, days.get("primera_cuota"))
    for field, rule in use_errors(use, view.currency, today).items():
        if field == "first_due_on" and "fecha" in errors:
            continue  # compared with a day that could not be read
        errors.setdefault(FORM_FIELD[field], _words(request, rule, view.currency, organization.country_code))
    return (None if errors else use), errors


def _words(request: web.Request, refused: FeriaError, currency: str, country_code: str) -> str:
    """A refusal in the person's words, its sums of money written as money (the fund's balance, what is left)."""
    words = translator(desk_locale(request), country_code)
    money = {name: words.money(value, currency) for name, value in refused.params.items() if isinstance(value, Decimal)}
    return refusal_words(request, refused, **money)


async def _show(request: web.Request, organization: OrganizationOrders, *, values: dict[str, str] | None = None,
                errors: dict[str, str] | None = None, done: str = "", refused: FeriaError | None = None,
                status: int = 200) -> web.Response:
    person_id = request[PERSON].person_id
    view = await get_fund(Fund(organization_id=organization.id), viewer_person_id=person_id)
    values = dict(values or {})
    if not posted_key(values.get("clave")):
        values["clave"] = new_form_key()
    today = clock.today(organization.time_zone)
    context: dict[str, Any] = {
        "organization": organization, "view": view, "values": values, "errors": errors or {}, "done": done,
        "refusal": _words(request, refused, view.currency, organization.country_code) if refused else "",
        "kinds": KINDS, "loan_kind": FundUseKind.LOAN, "base": fund_path(organization), "today": today.isoformat(),
        "borrower_options": await borrowers(view.fund, by_person_id=person_id),
        "kinds_options": [(kind.value, translator(desk_locale(request)).gettext(name)) for kind, name in KINDS.items()],
        "months": [(month_name(desk_locale(request))(date(m.year, m.month, 1)), m.amount) for m in view.months],
    }
    return await render("desk/org/fund.html", request, context, status=status)
