"""An edited message is not read again: Telegram delivers edits as new updates, and reading one twice
would add to a cart twice or answer a question already answered."""

from decimal import Decimal

from market.models import CartItem, OfferEvent
from tests.bot.flows.test_ordering import card_of

EDIT_NOTE = "✏️ No leo mensajes editados: envía el texto corregido como un mensaje nuevo."


async def test_editing_a_quantity_already_answered_adds_nothing_and_says_to_write_again(feria, ana):
    card = await card_of(ana, "Café tostado en grano")
    await ana.presses("✏ Otra cantidad", message=card)
    await ana.receives()
    typed = await ana.says("2")
    added = await ana.receives()

    await ana.edits(typed, "5")
    note = await ana.receives()

    assert added.text.startswith("Agregado: 2 kg de Café tostado en grano.")
    assert note.text == EDIT_NOTE
    assert [item.quantity for item in await CartItem.all()] == [Decimal(2)]


async def test_an_edited_stock_post_publishes_nothing_and_a_new_message_is_read(feria, hilda):
    post = await hilda.says("cacao 10 kg a 50")
    await hilda.receives()
    events = await OfferEvent.all().count()

    await hilda.edits(post, "cacao 900 kg a 50")
    note = await hilda.receives()
    await hilda.says("/carrito")
    cart = await hilda.receives()

    assert note.text == EDIT_NOTE
    assert await OfferEvent.all().count() == events
    assert cart.text  # the chat goes on as usual after the note
