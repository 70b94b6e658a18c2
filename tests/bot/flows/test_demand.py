"""A producer's demand board: what rounds and orders want, and what people nearby searched in vain."""

from __future__ import annotations

from decimal import Decimal

from bot.callbacks import CallbackCodec
from market.models import Offer, Organization, Person, Territory
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from tests.bot.flows.conftest import TOKEN
from tests.bot.flows.test_rounds import receives_with


async def board_of(people, hilda) -> str:
    """Hilda opens her organization's demand board from /organizacion."""
    await hilda.says("/organizacion")
    mine = await receives_with(hilda, "Asociación de Productores de Café Amboró")
    await hilda.presses("📋 Lo que se busca · Asociación de Productores de Café Amboró", message=mine)
    return (await hilda.sees_edited(mine)).text


async def search_from_comarapa(person, text: str):
    """The person, placed near Comarapa, writes `text` (twice: the board counts people, not searches)."""
    await person.says("/start")
    await person.receives()
    comarapa = (await Territory.get(code="bo-scz-comarapa")).id
    await Person.filter(telegram_user_id=person.id).update(territory_id=comarapa)
    for _ in range(2):
        await person.says(text)
        found = await receives_with(person, f"“{text}”")  # its results, or that nothing is called so
    return found


async def test_a_product_three_people_nearby_searched_in_vain_shows_on_the_producers_board(feria, people, hilda, ana):
    others = [people.person(5100 + n, name, language_code="es") for n, name in enumerate(("Beto", "Ceci"))]
    found = await search_from_comarapa(ana, "Quinua roja")
    two = await board_of(people, hilda)
    for person in others:
        await search_from_comarapa(person, "quinua  ROJA")

    board = await board_of(people, hilda)

    assert found.text.startswith("Todavía ningún producto se llama “Quinua roja”: el catálogo tiene otras cosas")
    assert two.splitlines()[-1] == "Nadie buscó en vano cerca últimamente."  # two people are not enough
    assert board.splitlines()[-2:] == ["Buscado cerca y no encontrado:", "• quinua roja (3 personas)"]


async def test_what_people_write_to_the_bot_never_reaches_the_board_and_goes_with_their_data(feria, people, hilda):
    writers = [people.person(5100 + n, name, language_code="es") for n, name in enumerate(("Beto", "Ceci", "Dora"))]
    for person in writers:
        await search_from_comarapa(person, "hola buenas tardes, mañana llevo lo de siempre")
        await search_from_comarapa(person, "Gabriela Roca cel 71234567 Av Banzer 44")
        await search_from_comarapa(person, "Tamarindo")
    full = await board_of(people, hilda)
    dora = writers[-1]
    await dora.says("/misdatos")
    mine = await receives_with(dora, "Lo que Feria guarda de ti")
    assert "1 búsqueda sin resultados (solo las palabras del producto)" in mine.text
    await dora.presses("🗑 Borrar mis datos", message=mine)
    asked = await dora.sees_edited(mine)
    await dora.presses("Sí, borrar", message=asked)
    await dora.sees_edited(asked)

    board = await board_of(people, hilda)

    assert full.splitlines()[-2:] == ["Buscado cerca y no encontrado:", "• tamarindo (3 personas)"]
    assert board.splitlines()[-1] == "Nadie buscó en vano cerca últimamente."  # Dora's search went with her


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
