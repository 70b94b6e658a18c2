"""A producer's demand board: what rounds and orders want, and what people nearby searched in vain."""

from __future__ import annotations

from decimal import Decimal

from bot.callbacks import CallbackCodec
from market.models import Offer, Organization, Person, Territory
from market.services.cart import add_to_cart
from market.services.orders import place_orders
from tests.bot.flows.conftest import TOKEN
from tests.bot.flows.test_rounds import receives_with


async def board_of(people, hilda) -> str:
    """Hilda opens her organization's demand board from /organizacion."""
    await hilda.says("/organizacion")
    mine = await receives_with(hilda, "Asociación de Productores de Café Amboró")
    await hilda.presses("📋 Lo que se busca · Asociación de Productores de Café Amboró", message=mine)
    return (await hilda.sees_edited(mine)).text


async def test_a_search_that_finds_nothing_nearby_shows_on_the_producers_board(feria, people, hilda, ana):
    await ana.says("/start")
    await ana.receives()
    await Person.filter(telegram_user_id=ana.id).update(
        territory_id=(await Territory.get(code="bo-scz-comarapa")).id
    )

    for _ in range(2):
        await ana.says("Quinua roja")
        found = await receives_with(ana, "Quinua roja")
    board = await board_of(people, hilda)

    assert found.text == "Resultados para “Quinua roja”\n\nTodavía no hay nada aquí."
    assert board.splitlines()[-2:] == ["Buscado cerca y no encontrado:", "• Quinua roja (2 veces)"]


async def test_the_board_shows_what_orders_want_and_the_stock(feria, people, hilda, ana):
    await ana.says("/start")
    await ana.receives()
    rosa = await Person.get(telegram_user_id=ana.id)
    offer = await Offer.get(product__name="Café tostado en grano")
    await add_to_cart(rosa.id, offer.id, Decimal("1.5"))
    await place_orders(rosa.id, idempotency_key="demand-board")

    board = await board_of(people, hilda)

    # The demo's open round already asks for 2 order units of half a kilo of café, and 2 jars of honey.
    assert board == (
        "📋 Lo que se busca · Asociación de Productores de Café Amboró\n\n"
        "• Café tostado en grano: se piden 2,5 kg (rondas 1 kg, pedidos 1,5 kg) · en stock 38,5 kg\n"
        "• Miel de abeja: se piden 2 frascos (rondas 2 frascos, pedidos 0 frascos) · en stock 48 frascos\n\n"
        "Nadie buscó en vano cerca últimamente."
    )


async def test_someone_outside_the_organization_is_refused_the_board(feria, people, ana):
    await ana.says("/start")
    menu = await ana.receives()
    amboro = await Organization.get(slug="cafe-amboro")

    pressed = await people.press_button(ana.id, menu, CallbackCodec(TOKEN).encode(ana.id, "dm", amboro.id), forged=True)
    answer = await people.wait_for_answer(pressed)

    assert answer.text == "Solo los miembros de la organización pueden hacer eso."
