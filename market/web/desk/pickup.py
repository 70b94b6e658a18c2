"""A closed round's pickup list at the desk: one row per member, what they take home, what they pay, whether
they paid, and a box to sign; a print view, and the same list as a spreadsheet-safe CSV or .xlsx workbook.

What each member takes home is the bot's pickup list (`pickup_list`); what they paid for the round is read
from the group's accounts (`get_group_accounts`, the payments the coordinators recorded).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from aiohttp import web

from market.presentation.sheets import sheet_csv
from market.presentation.workbooks import XLSX, sheet_xlsx
from market.services.groups.accounts import get_group_accounts
from market.services.groups.rounds.queries import PickupList, PickupMember, pickup_list
from market.services.groups.rounds.setup import GroupPlace
from market.services.groups.rounds.views import RoundView
from market.spreadsheet import Cell, Sheet
from market.web.desk.common import PERSON, desk_locale, desk_view, render
from market.web.desk.groups import ROUND_STATUS, coordinated_group, group_path, round_of_group
from market.web.desk.rounds import ROUND
from market.web.pages.common import Formats, translator

routes = web.RouteTableDef()

PICKUP_COLUMNS = ("member", "takes_home", "amount", "paid", "currency", "signature")
PICKUP_MONEY = frozenset({"amount", "paid"})


@dataclass(frozen=True)
class PickupRow:
    member: PickupMember
    paid: Decimal  # what they paid for this round so far

    @property
    def owed(self) -> Decimal:
        return max(self.member.total - self.paid, Decimal(0))


async def _pickup(request: web.Request) -> tuple[GroupPlace, RoundView, PickupList, tuple[PickupRow, ...]]:
    """The round's pickup list for one of its group's coordinators, with what each member paid for it."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    person_id = request[PERSON].person_id
    listing = await pickup_list(order_round.id, by_person_id=person_id)
    accounts = await get_group_accounts(place.group_id, viewer_person_id=person_id)
    paid: defaultdict[int, Decimal] = defaultdict(Decimal)
    for payment in accounts.payments:
        if payment.round_id == order_round.id:
            paid[payment.member_id] += payment.amount
    return place, order_round, listing, tuple(PickupRow(member, paid[member.member_id]) for member in listing.members)


@routes.get(ROUND + "/retiro")
@desk_view
async def pickup_page(request: web.Request) -> web.StreamResponse:
    place, order_round, listing, rows = await _pickup(request)
    base = group_path(request)
    context = {
        "place": place, "round": order_round, "listing": listing, "rows": rows, "statuses": ROUND_STATUS,
        "base": base, "round_path": f"{base}/rondas/{order_round.id}",
        "total": sum((row.member.total for row in rows), Decimal(0)),
    }
    return await render("desk/group/pickup.html", request, context)


@routes.get(ROUND + "/retiro.{kind:(csv|xlsx)}")
@desk_view
async def pickup_export(request: web.Request) -> web.StreamResponse:
    """The pickup list as CSV in the person's language (';' and a decimal comma in Spanish) or as .xlsx, formulas
    neutralized either way."""
    _, _, listing, rows = await _pickup(request)
    locale = desk_locale(request)
    formats, words = Formats(locale), translator(locale)
    cells: list[tuple[Cell, ...]] = [
        (row.member.name,
         ", ".join(f"{line.product_name} {formats.quantity(line.units * line.order_unit_quantity, line.unit)}"
                   for line in row.member.lines),
         row.member.total, row.paid, listing.currency, None)
        for row in rows
    ]
    sheet = Sheet(PICKUP_COLUMNS, tuple(cells))
    name = f"retiro-ronda-{listing.round_number}"
    if request.match_info["kind"] == "csv":
        return web.Response(text=sheet_csv(sheet, words), content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    body = sheet_xlsx(sheet, words, title=words.gettext("Pickup list"), money=PICKUP_MONEY)
    return web.Response(body=body, content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
