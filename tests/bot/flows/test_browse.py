"""Browsing in chat: category → region → a page of products → a product's card, and back."""

from market.models import Category, Organization, Product, Seal
from market.seal_codes import format_seal_code


async def open_coffee(ana):
    await ana.says("/start")
    menu = await ana.receives()
    await ana.presses("🧺 Ver productos", message=menu)
    categories = await ana.sees_edited(menu)
    await ana.presses("Café y cacao (8)", message=categories)
    return await ana.sees_edited(categories)


async def test_a_category_offers_its_regions_with_how_many_products_each(feria, ana):
    regions = await open_coffee(ana)

    assert regions.text == "Café y cacao: ¿de dónde?"
    assert regions.button_texts == [
        "Todas las regiones", "La Paz (2)", "Santa Cruz (4)", "Oaxaca (2)", "« Categorías",
    ]


async def test_products_come_a_page_at_a_time_forward_and_back(feria, ana):
    regions = await open_coffee(ana)
    await ana.presses("Todas las regiones", message=regions)
    first = await ana.sees_edited(regions)
    await ana.presses("Siguiente ▶", message=first)
    second = await ana.sees_edited(first)
    await ana.presses("◀ Anterior", message=second)
    again = await ana.sees_edited(second)

    assert first.button_texts[:5] == [
        "Cacao en grano", "Café de altura tostado", "Café orgánico de Yungas", "Café pergamino",
        "Café tostado en grano",
    ]
    assert "Siguiente ▶" in first.button_texts and "◀ Anterior" not in first.button_texts
    assert second.button_texts[:3] == ["Café tostado molido", "Chocolate amargo", "Chocolate de mesa"]
    assert "◀ Anterior" in second.button_texts and "Siguiente ▶" not in second.button_texts
    assert "• Café orgánico de Yungas ✅ — Bs110,00 por kg" in first.text
    assert "• Café tostado en grano — Bs95,00 por kg" in first.text  # its seal expired
    assert again.text == first.text


async def test_a_product_card_shows_price_stock_seal_and_fair_price_in_the_persons_format(feria, ana):
    regions = await open_coffee(ana)
    await ana.presses("La Paz (2)", message=regions)
    page = await ana.sees_edited(regions)
    await ana.presses("Café orgánico de Yungas", message=page)
    card = await ana.sees_edited(page)

    lines = card.text.split("\n")
    assert lines[:5] == [
        "Café orgánico de Yungas", "CORACA Irupana · Irupana", "", "💲 Bs110,00 por kg", "📦 Disponible: 60 kg",
    ]
    assert lines[5].startswith("✅ Sello participativo de Red de Certificación Participativa de Bolivia: Vigente hasta ")
    seal = await Seal.get(organization__slug="coraca-irupana")
    assert lines[5].endswith(f"(código {format_seal_code(seal.code)})")  # in two groups, as on the web and labels
    assert lines[6] == "⚖ Precio justo en La Paz: Bs110,00 por kg"
    assert card.button_texts[:4] == ["+1 kg", "+2 kg", "+5 kg", "✏ Otra cantidad"]


async def test_back_from_a_card_returns_to_the_page_it_came_from(feria, ana):
    regions = await open_coffee(ana)
    await ana.presses("Santa Cruz (4)", message=regions)
    page = await ana.sees_edited(regions)
    await ana.presses("Café pergamino", message=page)
    card = await ana.sees_edited(page)
    await ana.presses("« Volver", message=card)
    back = await ana.sees_edited(card)

    assert back.text == page.text


async def test_a_typed_word_searches_without_accents_or_capitals(feria, ana):
    await ana.says("CAFE organico")

    results = await ana.receives()

    assert results.text.startswith("Resultados para “CAFE organico”")
    assert "Café orgánico de Yungas" in results.button_texts


async def test_a_deep_link_opens_a_product_card(feria, ana):
    product = await Product.get(name="Café tostado en grano")

    await ana.says(f"/start p_{product.id}")

    card = await ana.receives()
    assert card.text.startswith("Café tostado en grano\nAsociación de Productores de Café Amboró · Buena Vista")


async def test_a_deep_link_to_a_seal_code_tells_what_the_seal_says_today(feria, ana):
    organization = await Organization.get(slug="coraca-irupana")
    seal = await Seal.get(organization=organization)

    await ana.says(f"/start s_{seal.code}")

    answer = await ana.receives()
    assert answer.text.startswith(f"✅ Sello {format_seal_code(seal.code)}: ")
    assert "Titular: CORACA Irupana" in answer.text


async def test_a_product_with_a_photo_shows_its_card_as_the_photos_caption(feria, ana):
    from tests.bot.sandbox.images import PNG_2x3

    sent = await ana.sends_photo(PNG_2x3)
    product = await Product.get(name="Café tostado en grano")
    product.photo_file_id = sent.photo[-1]["file_id"]
    await product.save()

    await ana.says(f"/start p_{product.id}")

    card = await ana.receives()
    assert card.photo and card.photo[-1]["file_id"] == product.photo_file_id
    assert card.caption.startswith("Café tostado en grano\nAsociación de Productores de Café Amboró")
    assert "+1 kg" in card.button_texts


async def test_a_page_is_titled_with_the_name_an_operator_stored_for_its_category(feria, ana):
    regions = await open_coffee(ana)
    code = (await Product.get(name="Café tostado en grano").prefetch_related("category")).category.code
    await Category.filter(code=code).update(name_es="Café, cacao y yerba")
    await ana.presses("Todas las regiones", message=regions)
    page = await ana.sees_edited(regions)

    assert page.text.startswith("Café, cacao y yerba"), page.text
