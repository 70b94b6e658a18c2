"""An organization's reports at the desk, for its admins: sales by month (with a chart), by product, by buyer, by
the buyer's place, and the solidarity fund by month; each as a spreadsheet-safe CSV and an .xlsx workbook.

    GET /escritorio/org/{slug}/informes                        ?desde=2026-01&hasta=2026-12 (months, both in)
    GET /escritorio/org/{slug}/informes/ventas.png             the sales by month, drawn (the page's table says it)
    GET /escritorio/org/{slug}/informes/{report}.csv|.xlsx     report: ventas-mes, ventas-producto,
                                                               ventas-comprador, ventas-lugar, fondo

The period is the last twelve months by default (this month included, on the organization's calendar); a month
that is not one, or a last month before the first, is said next to its field (400) and the default shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from aiohttp import web
from babel.dates import format_date

from market import clock
from market.presentation.charts import SalesChartLabels, render_sales_chart_async
from market.presentation.i18n import Translator
from market.presentation.sheets import sheet_csv
from market.presentation.workbooks import XLSX, sheet_xlsx
from market.services.funds.reports import FundMonths, fund_months
from market.services.funds.views import Fund
from market.services.orders.reports import LONGEST, SalesReport, month_span, sales_report
from market.services.orders.search import OrganizationOrders
from market.spreadsheet import Cell, Sheet, Unit, Word
from market.web.desk.common import PERSON, desk_locale, desk_view, render
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import translator

routes = web.RouteTableDef()
REPORTS = f"/escritorio/org/{SLUG}/informes"
MONTH_FORMATS = ("%Y-%m", "%m/%Y")
MONEY = frozenset({"amount", "fund", "came_in", "repaid", "went_out", "balance"})
# Each export: its file's name, its columns, and the report it comes from.
EXPORTS = {
    "ventas-mes": ("month", "orders", "amount", "fund", "currency"),
    "ventas-producto": ("product", "quantity", "unit", "amount", "currency"),
    "ventas-comprador": ("buyer", "orders", "amount", "currency"),
    "ventas-lugar": ("territory", "orders", "amount", "currency"),
    "fondo": ("month", "came_in", "repaid", "went_out", "balance", "currency"),
}


def _month(text: str) -> date | None:
    text = text.strip()[:10]
    for form in MONTH_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def period(request: web.Request, organization: OrganizationOrders) -> tuple[date, date, dict[str, str]]:
    """The period asked for (first days of its first and last months), and what was wrong with it, by field."""
    this_month = clock.today(organization.time_zone).replace(day=1)
    default_first = date(this_month.year - 1 + (this_month.month == 12), this_month.month % 12 + 1, 1)
    errors: dict[str, str] = {}
    first, last = default_first, this_month
    for name in ("desde", "hasta"):
        text = request.query.get(name, "").strip()
        if not text:
            continue
        month = _month(text)
        if month is None:
            errors[name] = "not_a_month"
        elif name == "desde":
            first = month
        else:
            last = month
    if last < first:
        errors["hasta"] = "last_before_first"
        first, last = default_first, this_month
    elif len(month_span(first, last)) > LONGEST:
        errors["desde"] = "too_long"
        first, last = default_first, this_month
    return first, last, errors


async def _reports(request: web.Request) -> tuple[OrganizationOrders, SalesReport, FundMonths, dict[str, str]]:
    organization = await admin_organization(request)
    first, last, errors = period(request, organization)
    person_id = request[PERSON].person_id
    sales = await sales_report(organization.id, viewer_person_id=person_id, first=first, last=last)
    fund = await fund_months(Fund(organization_id=organization.id), viewer_person_id=person_id,
                             months=tuple(m.month for m in sales.months))
    return organization, sales, fund, errors


def month_name(locale: str) -> Callable[[date], str]:
    return lambda month: format_date(month, "MMM y", locale=locale)


@routes.get(REPORTS)
@desk_view
async def reports_page(request: web.Request) -> web.StreamResponse:
    organization, sales, fund, errors = await _reports(request)
    locale = desk_locale(request)
    words = translator(locale)
    messages = {
        "not_a_month": words.gettext("That is not a month: write it like 2026-09."),
        "last_before_first": words.gettext("This month is before the first month."),
        "too_long": words.gettext("A report spans three years at most."),
    }
    shown = {name: request.query.get(name, "")[:10] for name in ("desde", "hasta")}
    if not errors:
        shown = {"desde": sales.first.strftime("%Y-%m"), "hasta": sales.last.strftime("%Y-%m")}
    context = {
        "organization": organization, "sales": sales, "fund": fund, "month_name": month_name(locale),
        "filter": shown, "errors": {name: messages[code] for name, code in errors.items()},
        "query": {"desde": sales.first.strftime("%Y-%m"), "hasta": sales.last.strftime("%Y-%m")},
        "exports": tuple(EXPORTS),
    }
    return await render("desk/org/reports.html", request, context, status=400 if errors else 200)


@routes.get(REPORTS + "/ventas.png")
@desk_view
async def sales_chart(request: web.Request) -> web.StreamResponse:
    """The sales by month as a bar chart, drawn off the event loop; private like the page it sits on."""
    _, sales, _, _ = await _reports(request)
    locale = desk_locale(request)
    words = translator(locale, sales.country_code)
    labels = SalesChartLabels(
        title=words.gettext("Sales by month"), y_axis=sales.currency,
        months=tuple(month_name(locale)(m.month) for m in sales.months), number=lambda y: words.number(Decimal(str(round(y, 2)))))
    png = await render_sales_chart_async(tuple(float(m.amount) for m in sales.months), labels)
    return web.Response(body=png, content_type="image/png")


@routes.get(REPORTS + "/{report:[a-z-]{1,20}}.{kind:(csv|xlsx)}")
@desk_view
async def export(request: web.Request) -> web.StreamResponse:
    """One report as CSV (the person's language: ';' and a decimal comma in Spanish) or .xlsx; formulas neutralized."""
    report = request.match_info["report"]
    if report not in EXPORTS:
        raise web.HTTPNotFound()
    _, sales, fund, _ = await _reports(request)
    locale = desk_locale(request)
    words = translator(locale, sales.country_code)
    sheet = Sheet(EXPORTS[report], _rows(report, sales, fund))
    name = f"{report}-{sales.first:%Y-%m}-{sales.last:%Y-%m}"
    if request.match_info["kind"] == "csv":
        return web.Response(text=sheet_csv(sheet, words), content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    body = sheet_xlsx(sheet, words, title=_title(report, words), money=MONEY)
    return web.Response(body=body, content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def _title(report: str, words: Translator) -> str:
    return {
        "ventas-mes": words.gettext("Sales by month"), "ventas-producto": words.gettext("Sales by product"),
        "ventas-comprador": words.gettext("Sales by buyer"), "ventas-lugar": words.gettext("Sales by buyer's place"),
        "fondo": words.gettext("Solidarity fund by month"),
    }[report]


def _rows(report: str, sales: SalesReport, fund: FundMonths) -> tuple[tuple[Cell, ...], ...]:
    currency = sales.currency
    rows: list[tuple[Cell, ...]]
    if report == "ventas-mes":
        rows = [(f"{m.month:%Y-%m}", m.orders, m.amount, m.fund, currency) for m in sales.months]
        rows.append((Word("total"), sales.orders, sales.amount, sales.fund, currency))
    elif report == "ventas-producto":
        rows = [(p.product, p.quantity, Unit(p.unit), p.amount, currency) for p in sales.products]
    elif report == "ventas-comprador":
        rows = [(b.name or Word("former_member"), b.orders, b.amount, currency) for b in sales.buyers]
    elif report == "ventas-lugar":
        rows = [(t.name or Word("no_place"), t.orders, t.amount, currency) for t in sales.territories]
    else:
        rows = [(f"{m.month:%Y-%m}", m.came_in, m.repaid, m.went_out, m.balance, fund.currency) for m in fund.months]
    return tuple(rows)
