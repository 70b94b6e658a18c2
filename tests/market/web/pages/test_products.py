"""The product page: who makes it and where, the price for the visitor's language, seals, and the bot."""

from tests.market.web.pages.conftest import BOT, page, visible_text


async def test_a_product_page_shows_its_maker_price_stock_and_a_link_to_order_in_telegram(client, demo):
    product_id = demo.product_ids["Café tostado en grano"]

    body = await page(client, f"/productos/{product_id}", lang="es-BO")

    text = visible_text(body)
    assert "Café tostado en grano Café y cacao Asociación de Productores de Café Amboró · Buena Vista" in text
    assert "Bs95,00 por kg" in text and "📦 Disponible: 40 kg" in text
    # Its seal expired: it must not read as certified.
    assert "Sin sello participativo vigente" in text and '<li class="valid">' not in body
    assert f'href="https://t.me/{BOT}?start=p_{product_id}"' in body
    assert 'href="/organizaciones/cafe-amboro?lang=es"' in body


async def test_a_sealed_product_shows_its_seal_and_fair_price_in_portuguese(client, demo):
    product_id = demo.product_ids["Café orgánico de Yungas"]
    code = demo.seal_codes["coraca-irupana"]

    body = await page(client, f"/productos/{product_id}", lang="pt-BR")

    text = visible_text(body)
    assert f"{code} · Vigente Rede: Red de Certificación Participativa de Bolivia Período: de" in text
    assert f'href="/sellos/{code}?lang=pt_BR"' in body
    # Portuguese has no Bolivian variant in CLDR: the currency shows as its code.
    assert "⚖ Preço justo · La Paz: BOB 110,00 por kg" in text


async def test_the_same_price_reads_the_way_each_language_writes_it(client, demo):
    product_id = demo.product_ids["Quinua real"]

    spanish = visible_text(await page(client, f"/productos/{product_id}", lang="es"))
    english = visible_text(await page(client, f"/productos/{product_id}", lang="en"))

    assert "Bs22,00 por kg" in spanish
    assert "BOB22.00 per kg" in english


async def test_an_unknown_product_is_a_translated_404(client):
    spanish = await page(client, "/productos/999999", lang="es", status=404)
    portuguese = await page(client, "/productos/999999999", lang="pt-BR", status=404)
    not_a_number = await page(client, "/productos/cafe", lang="es", status=404)

    assert "Ese producto ya no está en oferta." in spanish
    assert "Esse produto não está mais à venda." in portuguese
    assert "No encontramos esa página." in not_a_number
