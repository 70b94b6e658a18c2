"""The home page: what is in season near the visitor, then the categories and regions to browse."""

from __future__ import annotations

from datetime import timedelta

from market import clock
from market.models import Offer
from tests.market.web.pages.conftest import page, visible_text


async def test_the_home_page_shows_what_is_in_season_in_the_region_with_most_organizations(client):
    body = await page(client, "/", lang="pt-BR")

    text = visible_text(body)
    assert "Da estação · Rio Grande do Sul" in text
    assert "Batata-doce" in text and "Café orgánico de Yungas" not in text
    assert 'href="/buscar?territorio=br-rs&amp;stock=1&amp;lang=pt_BR"' in body
    assert '<option value="br-rs" selected>' in body


async def test_a_visitor_who_chooses_their_region_sees_its_season_with_prices(client):
    body = await page(client, "/", lang="es", territorio="bo-scz")

    text = visible_text(body)
    assert "De temporada en Santa Cruz" in text
    assert "Frutilla Bs25,00 por kg" in text and "Papa nativa Bs55,00 por arroba" in text
    assert "Batata-doce" not in text
    assert '<option value="bo-scz" selected>' in body


async def test_stock_posted_over_a_month_ago_or_sold_out_is_not_in_season(client):
    strawberry = await Offer.get(product__name="Frutilla")
    tomato = await Offer.get(product__name="Tomate", product__organization__slug="oeca-valles-comarapa")
    await Offer.filter(id=strawberry.id).update(updated_at=clock.now() - timedelta(days=31))
    await Offer.filter(id=tomato.id).update(stock=0)
    try:
        text = visible_text(await page(client, "/", lang="es", territorio="bo-scz"))
    finally:  # on PostgreSQL the page tests share the demo's database
        await Offer.filter(id=strawberry.id).update(updated_at=strawberry.updated_at)
        await Offer.filter(id=tomato.id).update(stock=tomato.stock)

    assert "Frutilla" not in text and "Tomate" not in text
    assert "Cebollín Bs2,50 por atado" in text


async def test_an_unknown_region_falls_back_to_the_busiest_one(client):
    text = visible_text(await page(client, "/", lang="es", territorio="atlantis\x00"))

    assert "De temporada en Rio Grande do Sul" in text
