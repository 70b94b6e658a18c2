"""A PGS network's committee at the desk: its seals.

    GET /escritorio/red/{slug}/sellos          the network's seals, status as they read today, validity

One seal's page, and acting on it, are in market.web.desk.network_seal; the reviewers in .network_reviewers; the
checklist in .network_checklist.
"""

from __future__ import annotations

from aiohttp import web

from market.services.seals.desk import network_seals
from market.web.desk.committee import NETWORK, committee_of, show
from market.web.desk.common import PERSON, desk_view

routes = web.RouteTableDef()


@routes.get(NETWORK + "/sellos")
@desk_view
async def seals(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    listed = await network_seals(network.id, by_person_id=request[PERSON].person_id)
    return await show("desk/network/seals.html", request, network, {"seals": listed.seals})
