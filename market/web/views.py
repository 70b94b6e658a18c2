"""Web views: each parses the request, calls one service, renders the answer."""

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from market.db import database_reachable
from market.services.catalog.browse import get_catalog_overview

routes = web.RouteTableDef()


@routes.get("/healthz", name="healthz")
async def healthz(request: web.Request) -> web.Response:
    """Say whether the service can reach its database (503 when it cannot)."""
    reachable = await database_reachable()
    return web.json_response(
        {"status": "ok" if reachable else "degraded", "database": "reachable" if reachable else "unreachable"},
        status=200 if reachable else 503,
    )


@routes.get("/", name="home")
@aiohttp_jinja2.template("home.html")
async def home(request: web.Request) -> dict[str, Any]:
    """The catalog's front page: categories and regions with what they offer."""
    return {"overview": await get_catalog_overview()}
