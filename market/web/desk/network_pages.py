"""A PGS network's committee at the desk, read only: its seals and each one's history, its reviewers, its checklist.

    GET /escritorio/red/{slug}/sellos          the network's seals, status as they read today, validity
    GET /escritorio/red/{slug}/sellos/{id}     one seal: products, conditions, every event (who, why), every visit
    GET /escritorio/red/{slug}/revisores       every reviewer admitted: role, organization, committee seat, active
    GET /escritorio/red/{slug}/lista           every version of the checklist with its norms

Acting on a seal (suspend, reinstate, revoke, a condition met) and admitting reviewers stay in the bot's /comite
and /redes for now.
"""

from __future__ import annotations

from aiohttp import web

from market.services.seals.committee_pages import (
    network_checklists,
    network_reviewers,
    network_seal,
)
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


@routes.get(NETWORK + "/sellos/{seal_id:[0-9]{1,9}}")
@desk_view
async def seal(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    record = await network_seal(network.id, int(request.match_info["seal_id"]),
                                by_person_id=request[PERSON].person_id)
    return await show("desk/network/seal.html", request, network, {"record": record})


@routes.get(NETWORK + "/revisores")
@desk_view
async def reviewers(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    lines = await network_reviewers(network.id, by_person_id=request[PERSON].person_id)
    return await show("desk/network/reviewers.html", request, network, {"reviewers": lines})


@routes.get(NETWORK + "/lista")
@desk_view
async def checklist(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    versions = await network_checklists(network.id, by_person_id=request[PERSON].person_id)
    return await show("desk/network/checklist.html", request, network, {"versions": versions})
