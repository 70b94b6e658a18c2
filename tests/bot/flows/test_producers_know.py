"""Producers know they can post stock by writing: their menu says how, a message that looks like stock gets
its readable form instead of search results, and /ayuda explains each role the person holds."""

from __future__ import annotations

from market.models import Offer, OfferEvent
from tests.bot.flows.conftest import HILDA, REINA

CARMEN = 900_000_101  # coordinates a purchasing group of Santa Cruz and reviews for a PGS network (demo data)
OLGA = 900_000_401  # the demo's operator


async def test_a_producers_menu_starts_with_publish_stock_and_shows_how_with_a_bolivian_example(feria, people, ana):
    reina = people.person(REINA, "Reina", language_code="es")

    await reina.says("/start")
    menu = await reina.receives()
    await reina.presses("📦 Publicar stock", message=menu)
    how = await reina.sees_edited(menu)
    await ana.says("/start")
    consumers = await ana.receives()

    assert menu.button_texts[0] == "📦 Publicar stock"
    assert how.text.split("\n")[:2] == ["📦 Para publicar stock, escríbemelo en un mensaje, un producto por línea:",
                                        "“papa 20 qq a 150”"]
    assert "✅ Publicar" in how.text
    assert "📦 Publicar stock" not in consumers.button_texts


async def test_stock_a_producer_wrote_so_that_it_cannot_be_read_gets_its_readable_form_and_publishes_nothing(
        feria, people):
    reina = people.person(REINA, "Reina", language_code="es")
    offers_before = await Offer.all().values_list("id", "stock")

    await reina.says("tomate veinte kilos")
    spelled = await reina.receives()
    await reina.says("20 kg")
    no_product = await reina.receives()
    await reina.says("tomate 20 kilso")
    misspelt = await reina.receives()
    await reina.says("cacao en grano 80 kg a 52\nveinte kilos")
    second_line = await reina.receives()

    assert spelled.text.split("\n") == ["Escribe la cantidad con números:", "“tomate 20 kilos”",
                                        "Escríbelo otra vez así y te lo mostraré antes de publicar."]
    assert no_product.text.split("\n")[:2] == ["Escribe qué producto es y luego la cantidad:", "“papa 20 kg”"]
    assert misspelt.text.split("\n")[:2] == ["No conozco esa unidad. ¿Quisiste decir:", "“tomate 20 kilos”"]
    assert second_line.text.split("\n")[:2] == ["Línea 2: Escribe la cantidad con números:", "“20 kilos”"]
    assert all(not m.buttons for m in (spelled, no_product, misspelt, second_line))  # no card to publish
    assert await Offer.all().values_list("id", "stock") == offers_before
    assert not await OfferEvent.filter(by_person__telegram_user_id=REINA).exists()


async def test_a_consumers_words_that_look_like_stock_are_still_a_search(feria, ana):
    await ana.says("tomate veinte kilos")
    answer = await ana.receives()
    await ana.says("20 kg")
    numbers = await ana.receives()

    assert "“tomate 20 kilos”" not in answer.text and "Escribe la cantidad" not in answer.text
    assert "Escribe qué producto" not in numbers.text


async def test_help_explains_only_the_roles_the_person_holds(feria, people, ana):
    reina = people.person(REINA, "Reina", language_code="es")
    hilda = people.person(HILDA, "Hilda", language_code="es")
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    olga = people.person(OLGA, "Olga", language_code="es")
    said = {}
    for name, person in (("ana", ana), ("reina", reina), ("hilda", hilda), ("carmen", carmen), ("olga", olga)):
        await person.says("/ayuda")
        said[name] = [part.split(":")[0] for part in (await person.receives()).text.split("\n\n")]

    assert said["ana"] == ["🧺 Comprar", "/start el menú, /idioma tu idioma, /misdatos lo que Feria guarda de ti."]
    assert said["reina"][:3] == ["🧺 Comprar", "🧑‍🌾 Producir", "🌱 Revisar"]  # she reviews for a PGS network too
    assert said["hilda"][:3] == ["🧺 Comprar", "🧑‍🌾 Producir", "🏛 Llevar tu organización"]
    assert "👥 Coordinar" in said["carmen"] and "🧑‍🌾 Producir" not in said["carmen"]
    assert "🛠 Operar" in said["olga"]
    assert "💰 Fondo solidario" in said["hilda"] and "💰 Fondo solidario" in said["carmen"]
    assert "💰 Fondo solidario" not in said["ana"]
    assert not any("🛠 Operar" in parts for name, parts in said.items() if name != "olga")


async def test_help_in_portuguese_and_english_names_the_commands_of_that_language(feria, people):
    joao = people.person(5002, "João", language_code="pt-br")
    reina = people.person(REINA, "Reina", language_code="es")

    await joao.says("/ajuda")
    portuguese = await joao.receives()
    await reina.says("/idioma")
    picker = await reina.receives()
    await reina.presses("English", message=picker)
    await reina.sees_edited(picker)
    await reina.says("/help")
    english = await reina.receives()

    assert portuguese.text.startswith("🧺 Comprar:") and "/carrinho" in portuguese.text
    assert "🧑‍🌾 Producing: write your stock in a message, like “potatoes 20 qq at 150”" in english.text
    assert "/organization" in english.text and "/cart" in english.text
