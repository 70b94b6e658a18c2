"""/escritorio/org/{slug}: an organization's desk home, for its admins only (the bot's own check, lots.preview.is_admin).

What waits for the office now (orders to confirm, payments the buyers say they made), and the way to each of the
organization's desk pages.
"""

from __future__ import annotations

from aiohttp import web

from market.services.lots.preview import is_admin
from market.services.orders.search import OrganizationOrders, organization_orders
from market.services.payments.proofs import count_pending
from market.web.desk.common import PERSON, desk_view, forbidden_unless, render

routes = web.RouteTableDef()
SLUG = "{slug:[^/]{1,64}}"


async def admin_organization(request: web.Request) -> OrganizationOrders:
    """The organization the address names, if the signed-in person is one of its approved admins; else a 403."""
    organization = await organization_orders(request.match_info["slug"])
    forbidden_unless(await is_admin(organization.id, request[PERSON].person_id))
    return organization


@routes.get(f"/escritorio/org/{SLUG}")
@desk_view
async def organization_home(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    proofs = await count_pending(organization.id, viewer_id=request[PERSON].person_id)
    return await render("desk/org/home.html", request, {"organization": organization, "proofs": proofs})
