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
