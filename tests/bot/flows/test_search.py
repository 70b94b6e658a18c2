"""Searching in chat as people write: plurals, synonyms, a sentence, a typo; the nearest first once the place is
known (asked once, under the first results); money of another country that says whose it is."""

from __future__ import annotations

from market.models import Person, Territory
from tests.bot.flows.test_operators import cli
from tests.bot.flows.test_rounds import receives_with


async def chooses_la_paz(person, results):
    """From the button under the results, the person chooses La Paz (a demo region) in the chooser."""
    await person.presses("📍 Elegir mi lugar", message=results)
    await receives_with(person, "¿Dónde está?")
    await person.says("La Paz")
    matches = await receives_with(person, "La Paz")
    await person.presses("La Paz", message=matches)
    place = await person.sees_edited(matches)
    await person.presses("✅ Elegir La Paz", message=place)
    await receives_with(person, "📍 Tu lugar: La Paz")
    return await person.receives()  # the last search again, from there


async def test_a_plural_finds_the_product_and_namesakes_are_told_apart_by_country(feria, ana):
    await ana.says("tomates")

    results = await ana.receives()

    assert results.text.startswith("Resultados para “tomates”\n📍 ¿Dónde estás? Elige tu lugar")
    assert {"Tomate · Bolivia", "Tomate · Brasil"} <= set(results.button_texts)
    assert "📍 Elegir mi lugar" in results.button_texts


async def test_the_place_is_asked_once(feria, ana):
    await ana.says("papas")
    first = await ana.receives()
    await ana.says("naranjas")

    second = await ana.receives()

    assert "¿Dónde estás?" in first.text and "Papa nativa" in first.button_texts
    assert "¿Dónde estás?" not in second.text and "Naranja" in second.button_texts
    assert "📍 Elegir mi lugar" in second.button_texts  # still there to choose, unasked


async def test_a_person_in_la_paz_sees_bolivian_coffee_first_and_mexican_pesos_as_such(feria, ana):
    await ana.says("cafe")
    results = await chooses_la_paz(ana, await ana.receives())

    lines = results.text.splitlines()
    products = [line for line in lines if line.startswith("• ")]
    places = [line for line in lines if line.startswith("  ")]
    assert results.text.startswith("Resultados para “cafe”")
    assert "Café orgánico de Yungas" in products[0]  # made in Irupana, La Paz
    assert "Bs" in products[0] and "en otro país" not in places[0]
    assert "📍 Cerca de La Paz · cambiar" in results.button_texts
    assert products[-1].startswith("• Café de altura tostado — MX$") and "$" not in products[-1].split("MX$")[1]
    assert places[-1].endswith("· en otro país") and "Sierra Norte" in places[-1]
    assert (await Person.get(telegram_user_id=5001).values_list("territory__code", flat=True)) == "bo-lpz-la-paz"


async def test_synonyms_and_a_sentence_find_the_product(feria, ana):
    for typed in ("quinoa", "quiero 2 kg de quinua"):
        await ana.says(typed)

        results = await ana.receives()

        assert "Quinua real" in results.button_texts, typed


async def test_a_typo_finds_the_product_and_says_what_was_searched(feria, ana):
    await ana.says("naranaj")

    results = await ana.receives()

    assert results.text.startswith("Nada se llama “naranaj”. ¿Quisiste decir “naranja”?")
    assert "Naranja" in results.button_texts


async def test_nothing_found_does_not_read_as_an_empty_shop_and_offers_the_nearest_names(feria, ana):
    await ana.says("quinua negra de altura")
    results = await ana.receives()

    assert results.text.startswith("Todavía ningún producto se llama “quinua negra de altura”")
    assert "Todavía no hay nada aquí" not in results.text
    assert "🔎 Quinua real" in results.button_texts
    await ana.presses("🔎 Quinua real", message=results)
    again = await ana.receives()
    assert "Quinua real" in again.button_texts


async def test_a_price_question_finds_the_longer_name_prices_are_known_by(feria, people):
    joana = people.person(5301, "Joana", language_code="pt-br")

    await joana.says("/preco queijo")

    summary, chart = await joana.receives_many(2)
    assert summary.text.startswith("📊 Queijo colonial")
    assert chart.photo


async def test_a_price_question_with_a_plural_and_a_typo_finds_the_product(feria, people):
    joana = people.person(5302, "Joana", language_code="pt-br")

    await joana.says("/preco queijso")

    summary, _ = await joana.receives_many(2)
    assert summary.text.startswith("📊 Queijo colonial")


async def test_a_synonym_an_operator_adds_from_the_command_line_finds_the_product_in_the_chat(
        feria, ana, feria_settings):
    await ana.says("kinwa")
    before = await ana.receives()

    added = await cli(feria_settings.database_url, "synonyms", "add", "es", "quinua", "Kinwa")
    listed = await cli(feria_settings.database_url, "synonyms", "list")
    phrase = await cli(feria_settings.database_url, "synonyms", "add", "es", "quinua", "kinwa de altura")
    await ana.says("kinwa")
    after = await ana.receives()

    assert "Quinua real" not in before.button_texts
    assert added[0] == 0 and "“Kinwa” now find “quinua”" in added[1]
    assert listed[:2] == (0, "es\tquinua\tkinwa\n")
    assert phrase[0] == 1 and "refused: the value given for synonym is not valid" in phrase[2]
    assert "Quinua real" in after.button_texts


async def test_the_place_is_changed_from_the_menu(feria, ana):
    await ana.says("/start")
    menu = await ana.receives()
    await ana.presses("📍 Mi lugar", message=menu)
    await receives_with(ana, "¿Dónde está?")
    await ana.says("Irupana")
    matches = await receives_with(ana, "Irupana")
    await ana.presses("Irupana", message=matches)
    place = await ana.sees_edited(matches)
    await ana.presses("✅ Elegir Irupana", message=place)
    told = await receives_with(ana, "📍 Tu lugar: Irupana")
    await ana.says("miel")

    results = await ana.receives()

    assert told.text.startswith("📍 Tu lugar: Irupana. Las búsquedas muestran primero")
    assert results.text.splitlines()[2].startswith("• Miel de abeja de Yungas")  # made in Irupana
    assert "📍 Cerca de Irupana · cambiar" in results.button_texts


async def test_a_category_lists_the_nearest_first_for_a_person_with_a_place(feria, ana):
    await ana.says("/start")
    menu = await ana.receives()
    irupana = (await Territory.get(code="bo-lpz-irupana")).id
    await Person.filter(telegram_user_id=ana.id).update(territory_id=irupana)
    await ana.presses("🧺 Ver productos", message=menu)
    categories = await ana.sees_edited(menu)
    await ana.presses("Café y cacao (8)", message=categories)
    regions = await ana.sees_edited(categories)
    await ana.presses("Todas las regiones", message=regions)

    listed = await ana.sees_edited(regions)

    assert listed.text.splitlines()[2].startswith("• Café orgánico de Yungas")  # Irupana's, before A-Z
    assert listed.text.splitlines()[3] == "  CORACA Irupana, Irupana"
