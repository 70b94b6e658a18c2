"""A closed round's totals at the desk, for its group's coordinators: per product and per producer, what the members
pay, what the producers are owed and the solidarity fund's part, with a chart and each table as CSV and .xlsx.

    GET /escritorio/grupo/{slug}/rondas/{id}/totales
    GET /escritorio/grupo/{slug}/rondas/{id}/totales.png                               members' amount by producer
    GET /escritorio/grupo/{slug}/rondas/{id}/totales-producto.csv|.xlsx
    GET /escritorio/grupo/{slug}/rondas/{id}/totales-productor.csv|.xlsx

The figures are the bulk orders the bot sends (get_bulk_orders): after what arrived was recorded, what is handed out
now. An open or cancelled round has no totals yet (409, as its pickup list). Exports go through the spreadsheet-safe
writers of the organization's reports (market.presentation.sheets, .workbooks): a product named "=cmd()" is text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aiohttp import web

from market.presentation.charts import SalesChartLabels, render_sales_chart_async
from market.presentation.labels import N_
from market.presentation.sheets import sheet_csv
from market.presentation.workbooks import XLSX, sheet_xlsx
from market.services.groups.rounds.bills import BulkOrder, get_bulk_orders
from market.services.groups.rounds.setup import GroupPlace, organization_names
from market.services.groups.rounds.views import RoundView
from market.spreadsheet import Cell, Sheet, Unit, Word
from market.web.desk.common import PERSON, desk_locale, desk_view, render
from market.web.desk.groups import ROUND_STATUS, coordinated_group, group_path, round_of_group
from market.web.desk.rounds import ROUND
from market.web.pages.common import translator

routes = web.RouteTableDef()

TOTALS = ROUND + "/totales"
MONEY = frozenset({"producer_amount", "members_amount", "fund"})
EXPORTS = {
    "totales-producto": (N_("Round totals by product"),
                         ("producer", "product", "packs", "quantity", "unit", "producer_amount", "members_amount",
                          "fund", "currency")),
    "totales-productor": (N_("Round totals by producer"),
                          ("producer", "packs", "producer_amount", "members_amount", "fund", "currency")),
}


@dataclass(frozen=True)
class Totals:
    place: GroupPlace
    round: RoundView
    orders: tuple[BulkOrder, ...]
    names: dict[int, str]  # the producers' names, by organization id
    currency: str

    def total(self, attribute: str) -> Decimal:
        return sum((getattr(order, attribute) for order in self.orders), Decimal(0))


async def _totals(request: web.Request) -> Totals:
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    orders = await get_bulk_orders(order_round.id, viewer_person_id=request[PERSON].person_id)
    names = await organization_names([o.organization_id for o in orders])
    currency = order_round.offers[0].currency if order_round.offers else ""
    return Totals(place, order_round, tuple(sorted(orders, key=lambda o: names.get(o.organization_id, ""))),
                  names, currency)


@routes.get(TOTALS)
@desk_view
async def totals_page(request: web.Request) -> web.StreamResponse:
    totals = await _totals(request)
    base = group_path(request)
    context = {
        "place": totals.place, "round": totals.round, "statuses": ROUND_STATUS, "base": base,
        "round_path": f"{base}/rondas/{totals.round.id}", "totals": totals,
        "offers": {o.id: o for o in totals.round.offers}, "exports": EXPORTS,
    }
    return await render("desk/group/totals.html", request, context)


@routes.get(TOTALS + ".png")
@desk_view
async def totals_chart(request: web.Request) -> web.StreamResponse:
    """What the members pay for each producer's goods, as bars, drawn off the event loop; private like its page."""
    totals = await _totals(request)
    words = translator(desk_locale(request), totals.place.country_code)
    labels = SalesChartLabels(
        title=words.gettext("What members pay, by producer"), y_axis=totals.currency,
        months=tuple(totals.names.get(o.organization_id, "") for o in totals.orders),
        number=lambda y: words.number(Decimal(str(round(y, 2)))))
    png = await render_sales_chart_async(tuple(float(o.members_total) for o in totals.orders), labels)
    return web.Response(body=png, content_type="image/png")


@routes.get(ROUND + "/{report:(totales-producto|totales-productor)}.{kind:(csv|xlsx)}")
@desk_view
async def export(request: web.Request) -> web.StreamResponse:
    """One table as CSV (the person's language: ';' and a decimal comma in Spanish) or .xlsx; formulas neutralized."""
    report = request.match_info["report"]
    totals = await _totals(request)
    words = translator(desk_locale(request), totals.place.country_code)
    title, columns = EXPORTS[report]
    sheet = Sheet(columns, _by_product(totals) if report == "totales-producto" else _by_producer(totals))
    name = f"{report}-ronda-{totals.round.number}"
    if request.match_info["kind"] == "csv":
        return web.Response(text=sheet_csv(sheet, words), content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    body = sheet_xlsx(sheet, words, title=words.gettext(title), money=MONEY)
    return web.Response(body=body, content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def _by_product(totals: Totals) -> tuple[tuple[Cell, ...], ...]:
    offers = {o.id: o for o in totals.round.offers}
    rows: list[tuple[Cell, ...]] = [
        (totals.names.get(order.organization_id, ""), line.product_name, line.packs,
         line.units * offers[line.round_offer_id].order_unit_quantity, Unit(offers[line.round_offer_id].unit),
         line.producer_amount, line.members_amount, line.fund_amount, totals.currency)
        for order in totals.orders for line in order.lines
    ]
    rows.append((Word("total"), None, sum(line.packs for order in totals.orders for line in order.lines), None, None,
                 totals.total("producer_total"), totals.total("members_total"), totals.total("fund_total"),
                 totals.currency))
    return tuple(rows)


def _by_producer(totals: Totals) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = [
        (totals.names.get(order.organization_id, ""), sum(line.packs for line in order.lines), order.producer_total,
         order.members_total, order.fund_total, totals.currency)
        for order in totals.orders
    ]
    rows.append((Word("total"), sum(line.packs for order in totals.orders for line in order.lines),
                 totals.total("producer_total"), totals.total("members_total"), totals.total("fund_total"),
                 totals.currency))
    return tuple(rows)
