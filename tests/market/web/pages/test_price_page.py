"""The price page of a product around a place, its chart, and the product page's link to it."""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal

from bot.sandbox.media import image_size
from market import clock
from market.enums import MarketLevel, PriceSource
from market.models import PriceObservation, Territory
from market.web.pages.chart_cache import CHART_CACHE
from tests.market.web.pages.conftest import page, visible_text


async def test_the_product_page_links_to_its_prices_where_it_is_made(client, demo):
    body = await page(client, f"/productos/{demo.product_ids['Quinua real']}", lang="en")

    assert ('<a href="/precios/quinua%20real?territorio=bo-lpz-irupana&amp;lang=en">Market prices of Quinua real</a>'
            in body)


async def test_a_product_without_market_prices_links_to_no_price_page(client, demo):
    # No market records honey's price in Irupana: the price page would be a 404 (or three times "no prices").
    body = await page(client, f"/productos/{demo.product_ids['Miel de abeja de Yungas']}", lang="en")

    assert "/precios/" not in body and "Market prices" not in body


async def test_the_page_shows_medians_by_market_the_fair_price_and_the_offers_in_the_place_currency(client):
    body = await page(client, "/precios/tomate", lang="en", territorio="bo-scz-comarapa")

    text = visible_text(body)
    assert "📊 Tomate in Comarapa" in text
    for level in ("Local", "Regional", "National"):
        assert re.search(rf"{level} market BOB\d+\.\d\d per kg \([+-]?\d+%\)", text), level
    assert ("Fair price BOB7.50 per kg For the producer BOB6.00 Transport BOB0.70 Solidarity fund BOB0.40 "
            "Other costs BOB0.40 Declared by") in text
    assert "🛒 Catalog offers: BOB7.50 per kg (1 offer)" in text
    assert '<img class="chart" src="/precios/tomate/grafico.png?territorio=bo-scz-comarapa&amp;lang=en"' in body
    assert "<script" not in body


async def test_the_chart_is_a_png_the_phone_may_keep_for_an_hour(client):
    response = await client.get("/precios/tomate/grafico.png", params={"territorio": "bo-scz-comarapa", "lang": "es"})
    png = await response.read()

    assert response.status == 200 and response.content_type == "image/png"
    assert image_size(png) == ("image/png", 800, 500)
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    # Its page, with the chart, stays under 100 KB on a phone's slow network (it weighed 104 KB alone).
    assert len(png) < 40_000


async def test_without_a_place_the_page_asks_where(client):
    body = await page(client, "/precios/tomate", lang="en")

    assert "Where?" in visible_text(body)
    assert '<option value="bo-scz">Santa Cruz</option>' in body and 'name="territorio"' in body


async def test_an_unknown_product_or_place_is_a_404(client):
    product = await page(client, "/precios/unobtainium", lang="en", status=404, territorio="bo-scz-comarapa")
    place = await page(client, "/precios/tomate", lang="en", status=404, territorio="atlantis")
    chart = await client.get("/precios/unobtainium/grafico.png", params={"territorio": "bo"})

    assert "We have no prices for that product yet." in visible_text(product)
    assert "We don't know that place." in visible_text(place)
    assert chart.status == 404


async def test_the_page_says_how_many_producer_prices_far_from_the_market_it_left_out(client):
    comarapa = await Territory.get(code="bo-scz-comarapa")
    far = [await PriceObservation.create(  # two producers' prices, one far above and one far below the fair's
        search_key="tomate", product_name="tomate", territory=comarapa, market_level=MarketLevel.LOCAL, price=price,
        currency="BOB", unit="kg", source=PriceSource.PRODUCER, observed_at=clock.now()) for price in ("50", "0.50")]
    try:
        english = visible_text(await page(client, "/precios/tomate", lang="en", territorio="bo-scz-comarapa"))
        spanish = visible_text(await page(client, "/precios/tomate", lang="es", territorio="bo-scz-comarapa"))
    finally:  # the demo database may be shared (see conftest)
        await PriceObservation.filter(id__in=[o.id for o in far]).delete()

    assert re.search(r"Local market BOB\d+\.\d\d per kg \([+-]?\d+%\) "
                     r"2 producer prices left out: far from the market price Regional market", english)
    assert "2 precios de productores dejados fuera: lejos del precio del mercado" in spanish


CHART = "/precios/tomate/grafico.png"
COMARAPA = {"territorio": "bo-scz-comarapa"}


async def test_a_chart_asked_many_times_at_once_is_drawn_once_per_language(client):
    cache = client.app[CHART_CACHE]

    spanish = await asyncio.gather(*(client.get(CHART, params={**COMARAPA, "lang": "es"}) for _ in range(6)))
    again = await client.get(CHART, params={**COMARAPA, "lang": "es"})
    english = await client.get(CHART, params={**COMARAPA, "lang": "en"})

    bodies = {await response.read() for response in [*spanish, again]}
    assert len(bodies) == 1 and {r.status for r in [*spanish, again]} == {200}
    assert len({r.headers["ETag"] for r in [*spanish, again]}) == 1
    assert english.headers["ETag"] != again.headers["ETag"] and await english.read() not in bodies
    assert cache.drawn == 2


async def test_a_phone_holding_the_chart_gets_a_304_without_it(client):
    first = await client.get(CHART, params=COMARAPA)
    etag = first.headers["ETag"]

    kept = await client.get(CHART, params=COMARAPA, headers={"If-None-Match": etag})
    other = await client.get(CHART, params=COMARAPA, headers={"If-None-Match": '"0123456789abcdef"'})

    assert (kept.status, await kept.read()) == (304, b"")
    assert kept.headers["ETag"] == etag and kept.headers["Cache-Control"] == "public, max-age=3600"
    assert other.status == 200 and await other.read() == await first.read()


async def test_a_price_recorded_today_is_on_the_chart_within_a_minute(client):
    cache = client.app[CHART_CACHE]
    now = [1000.0]
    cache.clock = lambda: now[0]
    before = await client.get(CHART, params=COMARAPA)
    comarapa = await Territory.get(code="bo-scz-comarapa")
    seen = await PriceObservation.create(
        search_key="tomate", product_name="Tomate", territory=comarapa, market_level=MarketLevel.LOCAL,
        price=Decimal("19.00"), currency="BOB", unit="kg", source=PriceSource.SURVEY, observed_at=clock.now(),
    )
    try:
        now[0] += 59
        within = await client.get(CHART, params=COMARAPA)
        now[0] += 2
        after = await client.get(CHART, params=COMARAPA, headers={"If-None-Match": before.headers["ETag"]})
        png = await after.read()
    finally:
        await seen.delete()  # the page tests share the demo database on PostgreSQL

    assert within.headers["ETag"] == before.headers["ETag"]  # as the page beside it, kept a minute
    assert after.status == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert png != await before.read() and cache.drawn == 2


async def test_a_minute_later_an_unchanged_chart_is_not_drawn_again(client):
    cache = client.app[CHART_CACHE]
    now = [1000.0]
    cache.clock = lambda: now[0]
    first = await client.get(CHART, params=COMARAPA)

    now[0] += 3600
    later = await client.get(CHART, params=COMARAPA)

    assert later.headers["ETag"] == first.headers["ETag"] and await later.read() == await first.read()
    assert cache.drawn == 1
