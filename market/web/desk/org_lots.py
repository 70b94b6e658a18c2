"""/escritorio/org/{slug}/lotes: whose stock the organization holds, for its admins (market.services.lots.views).

Each product with stock and, under it, each producer's lot (linked to what the producer is owed) and the
organization's own, with how much and since when. Read-only: stock moves by posting (the chat or the products
page), by sales and by refunds.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from aiohttp import web

from market.services.lots.views import organization_lots
from market.web.desk.common import PERSON, desk_view, render
from market.web.desk.organization import SLUG, admin_organization

routes = web.RouteTableDef()


@routes.get(f"/escritorio/org/{SLUG}/lotes")
@desk_view
async def lots_page(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    lines = await organization_lots(organization.id, by_person_id=request[PERSON].person_id)
    products = [(key, list(group)) for key, group in groupby(lines, key=lambda line: (line.product_id,
                                                                                       line.product_name, line.unit))]
    zone = ZoneInfo(organization.time_zone)

    def since(moment: datetime | None) -> date | None:
        """The day a lot last filled from empty, where the organization is."""
        return moment.astimezone(zone).date() if moment else None

    return await render("desk/org/lots.html", request, {
        "organization": organization, "products": products, "since": since})
