"""The price page of a product around a place, its chart, and the product page's link to it."""

from __future__ import annotations

import re

from bot.sandbox.media import image_size
from market import clock
from market.models import PriceObservation, Territory
from market.models.enums import MarketLevel, PriceSource
from tests.market.web.pages.conftest import page, visible_text


async def test_the_product_page_links_to_its_prices_where_it_is_made(client, demo):
    body = await page(client, f"/productos/{demo.product_ids['Quinua real']}", lang="en")

    assert '<a href="/precios/quinua%20real?territorio=bo-lpz-irupana&amp;lang=en">Prices</a>' in body


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
