"""The stock card mended: Corregir takes only stock, a bag's content is converted, a foreign price is asked about,
and the card's buttons fit a phone."""

from __future__ import annotations

from decimal import Decimal

from market.models import ChatState, Offer


async def offer(name: str) -> Offer:
    return await Offer.get(product__name=name)


async def test_corregir_then_words_that_are_not_stock_keeps_the_card_and_says_what_to_write(feria, hilda):
    await hilda.says("cacao en grano 40 kg")
    card = await hilda.receives()
    await hilda.presses("✏️ Corregir", message=card)
    await hilda.receives()

    for not_stock in ("👍", "?", "hola"):
        await hilda.says(not_stock)
        answer = await hilda.receives()
        assert answer.text == ("Eso no es stock. Escribe el mensaje corregido: el producto, la cantidad y el precio, "
                               "como “tomate 20 kg a 8,50”.")
        assert answer.button_texts == ["❌ Cancelar"]
    await hilda.says("cacao en grano 45 kg")
    corrected = await hilda.receives()

    assert "✅ Cacao en grano: 45 kg" in corrected.text
    await hilda.presses("✅ Publicar", message=corrected)
    await hilda.sees_edited(corrected)
    assert (await offer("Cacao en grano")).stock == Decimal(45)


async def test_cancel_after_words_that_are_not_stock_publishes_nothing(feria, hilda):
    before = (await offer("Cacao en grano")).stock
    await hilda.says("cacao en grano 40 kg")
    card = await hilda.receives()
    await hilda.presses("✏️ Corregir", message=card)
    await hilda.receives()
    await hilda.says("👍")
    answer = await hilda.receives()

    await hilda.presses("❌ Cancelar", message=answer)

    assert (await hilda.sees_edited(answer)).text == "No se publicó nada."
    assert (await ChatState.get(chat_id=hilda.id)).data == {}
    assert (await offer("Cacao en grano")).stock == before


async def test_bags_of_another_content_are_converted_to_the_products_bags_and_shown(feria, hilda):
    await hilda.says("+12 bolsas de 500 g de café tostado molido a 50")
    card = await hilda.receives()

    assert card.text.split("\n")[2] == ("✅ Café tostado molido: +12 bolsas de 500 g = +24 bolsas de 250 g · "
                                        "Bs25,00 por bolsa")
    await hilda.presses("✅ Publicar", message=card)
    await hilda.sees_edited(card)
    coffee = await offer("Café tostado molido")
    assert (coffee.stock, coffee.price) == (Decimal(84), Decimal(25))


async def test_bags_that_make_no_whole_number_of_the_products_bags_are_asked_about_never_published(feria, hilda):
    before = (await offer("Café tostado molido")).stock
    await hilda.says("+3 bolsas de 300 g de café tostado molido")
    card = await hilda.receives()

    assert card.text.split("\n")[2] == ("❓ Café tostado molido: +3 bolsas de 300 g. Se vende en bolsas de 250 g: "
                                        "escribe la cantidad en bolsas de 250 g.")
    assert "✅ Publicar" not in card.button_texts
    assert (await offer("Café tostado molido")).stock == before


async def test_a_price_in_another_currency_is_asked_about_and_converted_at_the_rate_typed(feria, hilda):
    await hilda.says("cacao en grano 10 kg a 12 dólares")
    card = await hilda.receives()

    assert card.text.split("\n")[2] == ("❓ Cacao en grano: 10 kg · US$12,00 por kg. Aquí los precios son en Bs: "
                                        "conviértelo con el cambio de hoy, o escríbelo en Bs.")
    assert card.button_texts == ["💱 Convertir a Bs", "✏️ Escribir en Bs", "👥 Para: la organización ▾", "✏️ Corregir",
                                 "❌ Cancelar"]  # Hilda, an admin, posts on the organization's lot or a member's
    await hilda.presses("💱 Convertir a Bs", message=card)
    question = await hilda.receives()
    assert question.text == "¿Cuántos Bs vale 1 USD hoy? Escribe el cambio, como “6,96”."
    await hilda.says("siete")
    assert (await hilda.receives()).text == ("🔎 ¿Buscar «siete»?\n"  # a word where a number was asked (no trap)
                                             "Escribe el cambio como un número mayor que cero, como “6,96”.")
    await hilda.says("6,96")
    card = await hilda.receives()

    assert card.text.split("\n")[2] == "✅ Cacao en grano: 10 kg · Bs83,52 por kg (US$12,00 × 6,96)"
    await hilda.presses("✅ Publicar", message=card)
    await hilda.sees_edited(card)
    cacao = await offer("Cacao en grano")
    assert (cacao.stock, cacao.price) == (Decimal(10), Decimal("83.52"))


async def test_write_it_in_bs_asks_for_the_message_again_with_the_price_in_bs(feria, hilda):
    await hilda.says("cacao en grano 10 kg a 12 dólares")
    card = await hilda.receives()

    await hilda.presses("✏️ Escribir en Bs", message=card)

    assert (await hilda.receives()).text == "Escribe el mensaje otra vez con el precio en Bs, como “tomate 20 kg a 8,50”."
    await hilda.says("cacao en grano 10 kg a 84")
    assert "✅ Cacao en grano: 10 kg · Bs84,00 por kg" in (await hilda.receives()).text


async def test_the_cards_buttons_come_two_a_row_named_by_the_line_one_unclear_line_at_a_time(feria, hilda):
    await hilda.says("café en bolsas 10 bolsas a 30\ncafé pergamino molido 3 qq a 1800\nchocolate blanco 5 a 20")
    card = await hilda.receives()

    rows = [[text for text, _ in row] for row in card.buttons]
    assert all(len(row) <= 2 for row in rows[:-1])
    assert rows[:-1] == [["Cacao en grano", "Café pergamino"], ["Café tostado en grano"], ["🆕 Nuevo: café en bolsas"],
                         ["👥 Para: la organización ▾"]]
    assert len(card.button_texts) == len(set(card.button_texts))
    await hilda.presses("Café tostado en grano", message=card)
    card = await hilda.sees_edited(card)
    rows = [[text for text, _ in row] for row in card.buttons]
    assert rows[-3:-1] == [["🆕 Nuevo: café pergamino molido"], ["👥 Para: la organización ▾"]]
