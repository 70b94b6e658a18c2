"""A producer writes their stock in the chat, confirms the card, and the catalog shows it."""

from __future__ import annotations

from decimal import Decimal

from market import clock
from market.enums import OfferEventKind
from market.models import Offer, OfferEvent, Product
from tests.bot.flows.conftest import HILDA

MESSAGE = """Cacao en grano 250 kg a 58
café pergamino 2 qq 1900 Bs c/u
mieles 30 frascos
achachayru agotado
tomate 1,2,3 kg"""


async def offer(name: str) -> Offer:
    return await Offer.get(product__name=name)


async def test_a_stock_message_is_confirmed_on_a_card_and_published_with_one_press(feria, people, hilda):
    await hilda.says(MESSAGE)
    card = await hilda.receives()

    assert card.text.split("\n") == [
        "📦 Para publicar · Asociación de Productores de Café Amboró:", "",
        "✅ Cacao en grano: 250 kg · Bs58,00 por kg",
        "   Lote de la organización: 200 → 250 kg · En venta: 200 → 250 kg",
        "✅ Café pergamino: 2 quintales · Bs1.900,00 por quintal",
        "   Lote de la organización: 12 → 2 quintales · En venta: 12 → 2 quintales",
        "❓ “mieles”: 30 frascos. ¿Qué producto es?",
        "❓ “achachayru”: agotado. ¿Qué producto es?",
        "⚠️ Línea 5: la cantidad debe ser un número de cero o más, como “tomate 20 kg”.",
    ]
    assert "✅ Publicar" not in card.button_texts  # two lines still ask which product they are

    await hilda.presses("Miel de abeja", message=card)
    card = await hilda.sees_edited(card)
    await hilda.presses("Achachairú", message=card)
    card = await hilda.sees_edited(card)
    publish = card.button("✅ Publicar")["callback_data"]
    await hilda.presses("✅ Publicar", message=card)
    done = await hilda.sees_edited(card)

    assert done.text.split("\n") == [
        "✅ Publicado. El catálogo ya lo muestra:",
        "• Cacao en grano: 250 kg · Bs58,00 por kg",
        "• Café pergamino: 2 quintales · Bs1.900,00 por quintal",
        "• Miel de abeja: 30 frascos · Bs45,00 por frasco",
        "• Achachairú: agotado · Bs10,00 por docena",
    ]
    cacao = await offer("Cacao en grano")
    assert (cacao.stock, cacao.price) == (Decimal(250), Decimal(58))
    assert (await offer("Achachairú")).stock == 0
    kinds = await OfferEvent.filter(by_person__telegram_user_id=HILDA).values_list("kind", flat=True)
    assert sorted(kinds) == sorted([OfferEventKind.NEW_STOCK, OfferEventKind.PRICE_CHANGE, OfferEventKind.PRICE_CHANGE,
                                    OfferEventKind.SOLD_OUT])

    # The same card's button again (a slow network): nothing more is published.
    again = await people.press_button(HILDA, card.message_id, publish, chat_id=HILDA, forged=True)
    assert (await people.wait_for_answer(again)).text.startswith("Este botón ya no vale")
    assert await OfferEvent.filter(by_person__telegram_user_id=HILDA).count() == 4


async def test_a_new_product_goes_in_the_category_chosen_and_a_consumer_typing_numbers_just_searches(feria, people, hilda):
    await hilda.says("copoazú 20 kg a 15")
    card = await hilda.receives()
    await hilda.presses("🆕 Nuevo: copoazú", message=card)
    categories = await hilda.sees_edited(card)
    await hilda.presses("Frutas", message=categories)
    card = await hilda.sees_edited(categories)
    assert "🆕 Copoazú (Frutas): 20 kg · Bs15,00 por kg" in card.text
    await hilda.presses("✅ Publicar", message=card)
    await hilda.sees_edited(card)

    product = await Product.get(name="Copoazú")
    assert (await offer("Copoazú")).stock == Decimal(20)

    ana = people.person(5001, "Ana", language_code="es")
    await ana.says("copoazú 2")
    answer = await ana.receives()
    assert not answer.text.startswith("📦")  # a consumer's words with a number are a search, not stock
    assert product.active


async def test_the_catalog_shows_what_was_published_and_a_photo_with_a_caption_becomes_the_products(feria, hilda):

    from market.services.catalog.card import get_product_card
    from tests.bot.sandbox.images import PNG_2x3

    sent = await hilda.sends_photo(PNG_2x3, caption="miel de abeja 40 frascos a 47")
    card = await hilda.receives()
    assert card.text.split("\n")[2] == "✅ Miel de abeja: 40 frascos · Bs47,00 por frasco"
    await hilda.presses("✅ Publicar", message=card)
    await hilda.sees_edited(card)

    honey = await Product.get(name="Miel de abeja")
    shown = await get_product_card(honey.id, today=clock.today())
    assert (shown.offer.stock, shown.offer.price) == (Decimal(40), Decimal(47))
    assert honey.photo_file_id == sent.photo[-1]["file_id"]


async def test_a_caption_with_control_characters_is_read_as_spaces(feria, hilda):
    """A NUL (which PostgreSQL refuses in text) or a tab in a caption reads like a space, as in a message."""
    from tests.bot.sandbox.images import PNG_2x3

    await hilda.sends_photo(PNG_2x3, caption="miel de abeja\x0040 frascos\ta 47")
    card = await hilda.receives()

    assert card.text.split("\n")[2] == "✅ Miel de abeja: 40 frascos · Bs47,00 por frasco"


async def test_a_member_of_two_organizations_chooses_one_and_a_corrected_message_replaces_the_card(feria, people, hilda):
    from market.enums import MemberRole
    from market.models import Member, Organization, Person

    irupana = await Organization.get(slug="coraca-irupana")
    await Member.create(organization=irupana, person=await Person.get(telegram_user_id=HILDA), role=MemberRole.PRODUCER)

    await hilda.says("quinua real 100 kg a 23")
    which = await hilda.receives()
    await hilda.presses("CORACA Irupana", message=which)
    card = await hilda.sees_edited(which)
    stale_publish = card.button("✅ Publicar")["callback_data"]
    await hilda.presses("✏️ Corregir", message=card)
    await hilda.receives()
    await hilda.says("quinua real 120 kg a 23")
    corrected = await hilda.receives()

    assert which.text == "¿Para qué organización es este stock?"
    assert card.text.startswith("📦 Para publicar · CORACA Irupana:")
    assert "✅ Quinua real: 120 kg · Bs23,00 por kg" in corrected.text
    stale = await people.press_button(HILDA, card.message_id, stale_publish, chat_id=HILDA, forged=True)
    assert (await people.wait_for_answer(stale)).text.startswith("Este botón ya no vale")
    await hilda.presses("❌ Cancelar", message=corrected)
    assert (await hilda.sees_edited(corrected)).text == "No se publicó nada."
    assert (await offer("Quinua real")).stock == Decimal(500)


async def test_a_card_naming_one_product_twice_says_which_lines_and_cannot_be_published(feria, people, hilda):
    before = (await offer("Cacao en grano")).price

    await hilda.says("Cacao en grano 250 kg a 58\nmieles 30 frascos\ncacao en grano 10 kg a 5")
    card = await hilda.receives()

    assert card.text.split("\n")[2:] == [
        "✅ Cacao en grano: 250 kg · Bs58,00 por kg",
        "   Lote de la organización: 200 → 250 kg · En venta: 200 → 250 kg",
        "❓ “mieles”: 30 frascos. ¿Qué producto es?",
        "⚠️ Línea 3: Cacao en grano ya está en la línea 1. Escribe cada producto una sola vez, en una línea.",
    ]
    await hilda.presses("Miel de abeja", message=card)
    card = await hilda.sees_edited(card)
    assert "✅ Publicar" not in card.button_texts
    assert (await offer("Cacao en grano")).price == before


async def test_a_product_named_like_a_spreadsheet_formula_is_refused_on_its_line(feria, people, hilda):
    await hilda.says('Cacao en grano 250 kg a 58\n=HYPERLINK("http://evil.example/","Factura") 20 kg a 8')
    card = await hilda.receives()

    assert card.text.split("\n")[2:] == [
        "✅ Cacao en grano: 250 kg · Bs58,00 por kg",
        "   Lote de la organización: 200 → 250 kg · En venta: 200 → 250 kg",
        ("⚠️ Línea 2: el nombre de un producto no puede empezar con =, +, - o @. Escribe solo el nombre, como "
         "“tomate 20 kg”."),
    ]
    assert not [text for text in card.button_texts if text.startswith("🆕")]


async def test_a_line_that_turns_out_to_be_a_product_already_on_the_card_is_told_and_not_published(feria, hilda):
    await hilda.says("Cacao en grano 250 kg a 58\ncacao en grno 10 kg a 5")
    card = await hilda.receives()
    await hilda.presses("Cacao en grano", message=card)

    card = await hilda.sees_edited(card)

    assert card.text.split("\n")[2:] == [
        "✅ Cacao en grano: 250 kg · Bs58,00 por kg",
        "   Lote de la organización: 200 → 250 kg · En venta: 200 → 250 kg",
        "⚠️ Línea 2: Cacao en grano ya está en la línea 1. Escribe cada producto una sola vez, en una línea.",
    ]
    assert "✅ Publicar" not in card.button_texts
