"""The ferias of the coming days, by territory: /ferias, and /ferias?territorio=<code> for one place and those in it."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.errors import NotFound
from market.presentation.fair_text import fair_when
from market.presentation.labels import N_
from market.services.catalog.directory import list_territories, territory_id
from market.services.prices.fair_calendar import WINDOW_DAYS, upcoming_fairs
from market.services.prices.fairs import FairView
from market.web.pages.common import not_found, render, translator, visitor_locale
from market.web.text import unreadable

routes = web.RouteTableDef()

# The places the filter offers: those a feria is looked for in (a town's ferias show under its region too).
FILTER_LEVELS = ("country", "region")


@routes.get("/ferias", name="fairs")
async def fairs(request: web.Request) -> web.Response:
    """Each territory's ferias with their days and hours in its time zone, the place and who announces them."""
    code = request.query.get("territorio", "")[:64]
    try:
        if code and unreadable(code):
            raise NotFound("territory_not_found")
        within = await territory_id(code) if code else None
    except NotFound:
        return not_found(request, N_("We don't know that place."))
    groups = await upcoming_fairs(now=clock.now(), within_territory_id=within)
    locale = visitor_locale(request)

    def when(fair: FairView) -> str:
        return fair_when(translator(locale, fair.country_code), fair.starts_at, fair.ends_at, fair.time_zone)

    places = [t for t in await list_territories() if t.level in FILTER_LEVELS]
    return render("fairs.html", request, {"groups": groups, "days": WINDOW_DAYS, "when": when, "places": places,
                                          "chosen": code})
