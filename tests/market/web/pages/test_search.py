"""The search page: results in the visitor's language, filters, keyset paging, and bad addresses."""

import html
import re

from market.web.pages.search_form import PAGE_SIZE
from tests.market.web.pages.conftest import page, visible_text

NAME_LINK = re.compile(r'class="name" href="/productos/(\d+)\?')


def products_on(body: str) -> list[int]:
    return [int(id_) for id_ in NAME_LINK.findall(body)]


def paging_link(body: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', body)
    return html.unescape(found.group(1)) if found else None


async def test_searching_cafe_finds_every_coffee_with_its_price_in_spanish(client):
    body = await page(client, "/buscar", lang="es-BO,es;q=0.9", q="cafe")

    text = visible_text(body)
    assert "Resultados para “cafe”" in text
    assert "Café tostado en grano Bs95,00 por kg Asociación de Productores de Café Amboró · Buena Vista" in text
    assert "Café orgánico de Yungas" in text and "Bs110,00 por kg" in text
    assert "Quinua" not in text


async def test_the_results_speak_portuguese_and_show_reais(client):
    body = await page(client, "/buscar", lang="pt-BR,pt;q=0.9", q="mel")

    text = visible_text(body)
    assert '<html lang="pt-BR">' in body
    assert "Resultados para “mel”" in text and "Todas as regiões" in text
    # The honey of Nova Petrópolis in reais (visible_text turns the no-break space after R$ into a space).
    assert re.search(r"\bMel\b.{0,40} R\$ 38,00 por pote Cooperativa de Agricultores Familiares Nova Petrópolis", text)


async def test_paging_forward_visits_every_product_once_and_paging_back_returns_the_same_pages(client, demo):
    pages, address = [], "/buscar?lang=es"
    while address:
        body = await page(client, address)
        pages.append(products_on(body))
        address = paging_link(body, "next")

    backward, address = [], paging_link(body, "prev")
    while address:
        body = await page(client, address)
        backward.append(products_on(body))
        address = paging_link(body, "prev")

    seen = [id_ for ids in pages for id_ in ids]
    assert len(pages) > 2 and all(len(ids) == PAGE_SIZE for ids in pages[:-1])
    assert len(seen) == len(set(seen)) == demo.active_product_count
    assert backward == pages[-2::-1]


async def test_filters_narrow_the_results_and_the_form_keeps_them_chosen(client):
    body = await page(
        client, "/buscar", lang="es", categoria="coffee_cocoa", territorio="bo", sello="1", stock="1"
    )

    names = re.findall(r'class="name" href="[^"]+">([^<]+)<', body)
    assert names == ["Café orgánico de Yungas"]  # Amboró's coffee is in Bolivia too, but its seal expired
    assert '<option value="coffee_cocoa" selected>Café y cacao</option>' in body
    assert 'name="sello" value="1" checked' in body and 'name="stock" value="1" checked' in body


async def test_a_search_by_organization_shows_only_its_products_and_a_way_back_to_all(client, demo):
    body = await page(client, "/buscar", lang="es", organizacion="coraca-irupana")

    assert set(re.findall(r"/organizaciones/([\w-]+)\?", body)) == {"coraca-irupana"}
    assert "CORACA Irupana" in visible_text(body)
    assert 'href="/buscar?lang=es"' in body


async def test_a_search_that_finds_nothing_says_so_and_opens_the_filters(client):
    body = await page(client, "/buscar", lang="en", q="zzzz")

    assert "No product matches “zzzz” yet: the catalog has other things" in visible_text(body)
    assert '<details class="filters" open>' in body


async def test_a_page_cursor_whose_product_is_gone_starts_again_at_the_first_page(client):
    first = await page(client, "/buscar", lang="es")

    gone = await page(client, "/buscar", lang="es", despues="999999")

    assert products_on(gone) == products_on(first)


BAD_QUERIES = [
    {"sello": "maybe"}, {"stock": "2"}, {"despues": "abc"}, {"antes": "-3"}, {"despues": "1", "antes": "2"},
    {"forma": "bank"}, {"categoria": "x" * 500}, {"territorio": "bo\x00"}, {"despues": "9" * 30},
]


async def test_a_bad_address_gets_a_friendly_translated_page_with_the_form_not_an_error(client):
    for query in BAD_QUERIES:
        body = await page(client, "/buscar", lang="es", status=400, **query)

        text = visible_text(body)
        assert '<html lang="es">' in body and 'role="alert"' in body, query
        assert 'action="/buscar"' in body and "Todas las regiones" in text, query
        assert "Traceback" not in body and "Error" not in text, query


async def test_a_search_too_long_says_how_long_it_may_be(client):
    body = await page(client, "/buscar", lang="pt-BR", status=400, q="palavra " * 40)

    assert "Está longo demais: no máximo 200 caracteres, por favor." in visible_text(body)


async def test_the_language_switch_keeps_the_search(client):
    body = await page(client, "/buscar", lang="es", q="miel", categoria="honey_preserves")

    assert 'href="?q=miel&amp;categoria=honey_preserves&amp;lang=pt_BR"' in body


async def test_the_home_pages_categories_and_territories_lead_to_their_search_results(client):
    home = await page(client, "/", lang="es")
    category = await page(client, "/buscar", categoria="coffee_cocoa", lang="es")
    region = await page(client, "/buscar", territorio="bo-scz", lang="es")

    assert 'href="/buscar?categoria=coffee_cocoa&amp;lang=es">Café y cacao</a>' in home
    assert 'href="/buscar?territorio=bo-scz&amp;lang=es">Santa Cruz</a>' in home
    assert "Café tostado en grano" in category and "Quinua real" not in category
    assert "Asociación de Productores de Café Amboró" in region and "CORACA Irupana" not in region
