"""The catalog's directory: territories, categories and PGS networks."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.enums import TerritoryLevel
from market.services.catalog.browse import list_categories
from market.services.catalog.directory import list_networks, list_territories
from market.web.api import shapes
from market.web.api.common import PREFIX, answer, request_translator
from market.web.api.params import Boolean, Choice, Code, parse_query

routes = web.RouteTableDef()

TERRITORIES = (
    Choice("level", "Only territories of this level.", choices=tuple(t.value for t in TerritoryLevel)),
    Code("country", "Only territories of this country (ISO 3166 code, upper case).", pattern="[A-Z]{2}"),
)
CATEGORIES = (
    Code("territory", "Count only products made in this territory or any place below it."),
    Boolean("in_stock", "Count only products with stock on offer."),
)


@routes.get(PREFIX + "/territories", name="api-territories")
async def territories(request: web.Request) -> web.Response:
    """Every territory, each right after its parent (a tree read top-down), with its currency and time zone."""
    params = parse_query(request.query, TERRITORIES)
    entries = await list_territories(level=params["level"], country_code=params["country"])
    return answer({"items": [shapes.territory_entry(entry) for entry in entries]})


@routes.get(PREFIX + "/categories", name="api-categories")
async def categories(request: web.Request) -> web.Response:
    """The categories that hold products, with their names in the asked language and how many products."""
    params = parse_query(request.query, CATEGORIES)
    found = await list_categories(territory=params["territory"], in_stock_only=params["in_stock"])
    translated = request_translator(request)
    items = [shapes.category_summary(c, translated) for c in found]
    return answer({"items": items}, translated=translated)


@routes.get(PREFIX + "/networks", name="api-networks")
async def networks(request: web.Request) -> web.Response:
    """The PGS networks, with their reviewers and the seals they hold valid today."""
    found = await list_networks(today=clock.today())
    return answer({"items": [shapes.network_summary(n) for n in found]})
