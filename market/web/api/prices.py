"""A product's prices around a territory: the summary and the daily medians of the last 90 days."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.errors import NotFound
from market.services.catalog.directory import territory_id
from market.services.prices.summaries import price_series
from market.web.api import shapes
from market.web.api.common import PREFIX, answer
from market.web.api.params import Code, parse_query, refuse
from market.web.text import unreadable

routes = web.RouteTableDef()

SERIES_DAYS = 90
MAX_KEY = 160  # a product's name; more is not one
# Prices change when a market reports, about once a day: a client may keep an answer five minutes.
CACHE_CONTROL = "public, max-age=300"


class RequiredCode(Code):
    """A code the query must give (the document says so, and its absence is a 400)."""

    def openapi(self) -> dict[str, Any]:
        return {**super().openapi(), "required": True}


TERRITORY = RequiredCode("territory", "The territory code (see /territories) whose markets, fair price and "
                                      "currency the prices are for.")
QUERY = (TERRITORY,)


@routes.get(PREFIX + "/prices/{search_key}", name="api-prices")
async def prices(request: web.Request) -> web.Response:
    """Median prices by market level over 14 days and their trend, the fair price, the offers, and 90 days of medians."""
    params = parse_query(request.query, QUERY)
    if params["territory"] is None:
        raise refuse("territory", "missing")
    key = request.match_info["search_key"][:MAX_KEY]
    if unreadable(key):
        raise NotFound("price_product_not_found", search_key=key)
    series = await price_series(
        key, territory_id=await territory_id(params["territory"]),
        days=SERIES_DAYS,  # up to the territory's own today
    )
    response = answer(shapes.price_series(series, params["territory"]))
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
