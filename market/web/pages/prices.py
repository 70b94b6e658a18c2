"""A product's prices around a place: the summary, and its chart of the last 90 days as a PNG.

    /precios/{key}?territorio=<code>              the page (no territorio: a form to choose the place)
    /precios/{key}/grafico.png?territorio=<code>  the chart, drawn in a worker thread once per product,
                                                  place, day and language (see chart_cache), with an ETag
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from market import clock
from market.errors import NotFound
from market.presentation.charts import render_price_chart_async
from market.presentation.labels import N_
from market.presentation.price_text import LEVEL_LABELS, chart_labels, left_out, product_title, trend
from market.services.catalog.directory import list_territories, territory_id
from market.services.prices.summaries import PriceSeries, price_series
from market.web.pages.chart_cache import CHART_CACHE, chart_digest, matches
from market.web.pages.common import not_found, path_segment, render, translator, visitor_locale
from market.web.text import unreadable

routes = web.RouteTableDef()

CHART_DAYS = 90
MAX_KEY = 160  # a product's name; more is not one
NOT_FOUND = {
    "price_product_not_found": N_("We have no prices for that product yet."),
    "territory_not_found": N_("We don't know that place."),
}
# Prices change once a day or so: a phone may keep the chart an hour.
CHART_CACHE_CONTROL = "public, max-age=3600"


async def _series(request: web.Request) -> PriceSeries:
    key, code = request.match_info["key"][:MAX_KEY], request.query.get("territorio", "")
    if unreadable(key):
        raise NotFound("price_product_not_found")
    if unreadable(code):
        raise NotFound("territory_not_found")
    place = await territory_id(code)
    return await price_series(key, territory_id=place, days=CHART_DAYS)


@routes.get("/precios/{key}", name="prices")
async def prices(request: web.Request) -> web.Response:
    """The summary and the chart; without a place, a form to choose one."""
    if not request.query.get("territorio"):
        places = [t for t in await list_territories() if t.level in ("country", "region")]
        return render("prices_place.html", request, {"key": request.match_info["key"], "places": places})
    try:
        series = await _series(request)
    except NotFound as error:
        return not_found(request, NOT_FOUND.get(error.code, NOT_FOUND["price_product_not_found"]))
    summary = series.summary
    t = translator(visitor_locale(request), summary.country_code)
    return render("prices.html", request, {
        "summary": summary, "product": product_title(summary.product_name), "days": CHART_DAYS, "level_labels": LEVEL_LABELS,
        "trend": lambda rate: trend(rate, t), "left_out": lambda count: left_out(count, t),
        "country": summary.country_code,
        "chart_path": f"/precios/{path_segment(request.match_info['key'])}/grafico.png",
        "territory_code": request.query["territorio"],
    })


@routes.get("/precios/{key}/grafico.png", name="price_chart")
async def price_chart(request: web.Request) -> web.Response:
    """The chart of the page, in the page's language: from memory, drawn off the event loop, or a 304."""
    locale = visitor_locale(request)

    async def find() -> tuple[str, Callable[[], Awaitable[bytes]]]:
        series = await _series(request)
        labels = chart_labels(series, translator(locale, series.summary.country_code))
        digest = chart_digest(series, labels, f"{locale}-{series.summary.country_code}")
        return digest, lambda: render_price_chart_async(series, labels)

    address = (request.match_info["key"][:MAX_KEY], request.query.get("territorio", ""), clock.today(), locale)
    try:
        etag, png = await request.app[CHART_CACHE].chart(address, find)
    except NotFound:
        raise web.HTTPNotFound() from None
    headers = {"Cache-Control": CHART_CACHE_CONTROL, "Vary": "Accept-Language", "ETag": f'"{etag}"'}
    if matches(request, etag):
        return web.Response(status=304, headers=headers)
    return web.Response(body=png, content_type="image/png", headers=headers)
