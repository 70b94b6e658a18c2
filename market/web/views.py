"""Web views: each parses the request, calls one service, renders the answer."""

from aiohttp import web

from market import clock
from market.db import database_reachable
from market.services.catalog.browse import get_catalog_overview
from market.services.catalog.season import SEASON_DAYS, in_season_near
from market.web.pages.common import render
from market.web.text import unreadable

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
async def home(request: web.Request) -> web.Response:
    """The catalog's front page: what is in season near the visitor, then categories and regions.

    "Near" is the region the visitor chose (?territorio=), else the one with most organizations: the
    page knows no one, and a phone's position would need a script and a permission.
    """
    overview = await get_catalog_overview()
    chosen = request.query.get("territorio", "")[:64]
    code = chosen if chosen and not unreadable(chosen) else None
    if code is None and overview.regions:
        code = max(overview.regions, key=lambda region: region.organization_count).code
    season = await in_season_near(code, now=clock.now(), today=clock.today()) if code else None
    return render("home.html", request, {"overview": overview, "season": season, "season_days": SEASON_DAYS})
