"""The territory chooser through the sandbox: going up a level, cancelling, and "my community is not listed" —
a place only its proposer sees until an operator approves it (then everyone does) or refuses it with a reason."""

from __future__ import annotations

from market.enums import TerritoryLevel, TerritoryStatus
from market.models import Decision, Territory
from tests.bot.flows.test_operators import LIDIA, cli, olivia  # noqa: F401  (the operator named from the CLI)
from tests.bot.flows.test_rounds import receives_with

ROSA, PEDRO = 7501, 7502


async def at_buena_vista(person):
    """The person starts registering a cooperative and reaches Buena Vista (a demo municipality) in the chooser."""
    await person.says("/register")
    await receives_with(person, "What is its name?")
    await person.says("Cooperativa Los Andes")
    form = await receives_with(person, "What kind of organization")
    await person.presses("Cooperative", message=form)
    await receives_with(person, "Where is it?")
    await person.says("Buena Vista")
    matches = await receives_with(person, "Buena Vista")
    await person.presses("Buena Vista", message=matches)
    return await person.sees_edited(matches)


async def proposes(person, page, name: str):
    await person.presses("➕ My community is not listed", message=page)
    asked = await person.receives()
    await person.says(name)
    return asked, await person.receives()


async def test_a_proposed_community_is_shown_only_to_its_proposer_until_an_operator_approves_it(
        olivia, people, feria_settings):  # noqa: F811
    rosa = people.person(ROSA, "Rosa", language_code="en")
    pedro = people.person(PEDRO, "Pedro", language_code="en")
    lidia = people.person(LIDIA, "Lidia", language_code="es")
    await lidia.says("/start")
    await lidia.receives()
    assert (await cli(feria_settings.database_url, "operators", "add", str(LIDIA)))[0] == 0
    await receives_with(lidia, "Ahora eres persona operadora")

    buena_vista = await at_buena_vista(rosa)
    asked, proposed = await proposes(rosa, buena_vista, "  Los   Ángeles ")
    await rosa.presses("Continue", message=proposed)
    rosa_sees = await rosa.sees_edited(proposed)
    pedro_sees = await at_buena_vista(pedro)

    assert buena_vista.text == "📍 Buena Vista: choose a place in it, or choose «Buena Vista» itself.\n" \
                               "No place is listed in it yet."
    assert asked.text == ("Write the name of your community in Buena Vista. Feria's operators will check it: until then "
                          "only you see it.")
    assert proposed.text == "📨 «Los Ángeles» waits for Feria's operators; you can already choose it."
    assert "Los Ángeles (waiting for approval)" in rosa_sees.button_texts
    assert not any("Los Ángeles" in text for text in pedro_sees.button_texts)
    assert "No place is listed in it yet." in pedro_sees.text

    # Each operator is told once that something waits, in their language; both open it; Olivia approves
    # first, and Lidia's approval comes too late.
    notice = await receives_with(olivia, "tu decisión")
    # (the demo's organization and network wait too)
    assert notice.text == "📥 3 cosas esperan tu decisión:\n• Organizaciones: 1\n• Redes SPG: 1\n• Lugares: 1"
    await receives_with(lidia, "tu decisión")
    for operator in (olivia, lidia):
        await operator.says("/operadores")
        home = await receives_with(operator, "🛠 Cuidar esta Feria")
        await operator.presses("📥 Lugares (1)", message=home)
        queue = await operator.sees_edited(home)
        await operator.presses("Los Ángeles", message=queue)
        operator.item = await operator.sees_edited(queue)
    assert "Lugar: Buena Vista" in olivia.item.text and "Lo pidió: Rosa" in olivia.item.text
    await olivia.presses("✅ Aprobar", message=olivia.item)
    approved = await olivia.sees_edited(olivia.item)
    told = await receives_with(rosa, "the place you proposed")
    await lidia.presses("✅ Aprobar", message=lidia.item)
    too_late = await lidia.sees_answer()

    assert approved.text.startswith("✅ «Los Ángeles» está aprobada")
    assert told.text == "✅ «Los Ángeles», the place you proposed, is on Feria's list now."
    assert too_late.text == "Otra persona operadora ya decidió sobre «Los Ángeles»: vale la primera decisión."
    place = await Territory.get(name="Los Ángeles")
    assert (place.status, place.level) == (TerritoryStatus.APPROVED, TerritoryLevel.COMMUNITY)
    assert await Decision.filter(subject_id=place.id, kind="territory").count() == 1

    # Pedro goes up to Santa Cruz and back down: the community is listed for him now.
    await pedro.presses("« Back", message=pedro_sees)
    santa_cruz = await pedro.sees_edited(pedro_sees)
    await pedro.presses("Buena Vista", message=santa_cruz)
    again = await pedro.sees_edited(santa_cruz)
    assert santa_cruz.text.startswith("📍 Santa Cruz: choose a place in it")
    assert "Los Ángeles" in again.button_texts


async def test_a_refused_proposal_is_told_to_its_proposer_with_the_reason_and_leaves_the_list(
        olivia, people):  # noqa: F811
    rosa = people.person(ROSA, "Rosa", language_code="en")
    buena_vista = await at_buena_vista(rosa)
    await proposes(rosa, buena_vista, "Los Angeles")

    await olivia.says("/operadores")
    home = await receives_with(olivia, "🛠 Cuidar esta Feria")
    await olivia.presses("📥 Lugares (1)", message=home)
    queue = await olivia.sees_edited(home)
    await olivia.presses("Los Angeles", message=queue)
    item = await olivia.sees_edited(queue)
    await olivia.presses("❌ Rechazar", message=item)
    await receives_with(olivia, "¿Por qué")
    await olivia.says("Ya está como Los Ángeles de Buena Vista, pídelo con tilde")
    told = await receives_with(rosa, "the place you proposed")
    await rosa.presses("Continue")
    after = await rosa.sees_edited(rosa.messages[-2])

    assert told.text == ("❌ «Los Angeles», the place you proposed, was not added. The operators' reason: Ya está como "
                         "Los Ángeles de Buena Vista, pídelo con tilde")
    assert (await Territory.get(name="Los Angeles")).status == TerritoryStatus.REFUSED
    assert not any("Los Angeles" in text for text in after.button_texts)


async def test_back_goes_one_level_up_and_cancel_tells_the_registration_which_keeps_nothing(feria, people):
    rosa = people.person(ROSA, "Rosa", language_code="en")
    page = await at_buena_vista(rosa)

    titles = []
    for _ in range(3):
        await rosa.presses("« Back", message=page)
        page = await rosa.sees_edited(page)
        titles.append(page.text.split(":")[0])
    first_page = rosa.messages[-2]  # the chooser's first message, still showing its buttons
    await rosa.presses("✖ Cancel", message=page)
    cancelled = await rosa.sees_edited(page)
    await rosa.presses("✖ Cancel", message=first_page)
    again = await rosa.sees_answer()

    assert titles == ["📍 Santa Cruz", "📍 Bolivia", "📍 Where is it? Choose the country, or write the name of the place."]
    assert "« Back" not in page.button_texts  # the countries are the top
    assert cancelled.text == "Registration cancelled: nothing was kept. Send /registrar to start again."
    assert again.text == "This button has expired. Send /start to see the menu again."


async def test_a_community_can_be_proposed_in_a_department_nobody_chose_yet(feria, people):
    rosa = people.person(ROSA, "Rosa", language_code="en")
    await rosa.says("/register")
    await receives_with(rosa, "What is its name?")
    await rosa.says("Cooperativa del Valle")
    form = await receives_with(rosa, "What kind of organization")
    await rosa.presses("Cooperative", message=form)
    await receives_with(rosa, "Where is it?")
    await rosa.says("Cochabamba")
    matches = await receives_with(rosa, "Cochabamba (Bolivia)")
    await rosa.presses("Cochabamba (Bolivia)", message=matches)
    cochabamba = await rosa.sees_edited(matches)

    _, proposed = await proposes(rosa, cochabamba, "Sacaba")

    assert proposed.text == "📨 «Sacaba» waits for Feria's operators; you can already choose it."
    sacaba = await Territory.get(name="Sacaba").prefetch_related("parent")
    assert (sacaba.parent.iso_code, sacaba.level, sacaba.status, sacaba.time_zone) == (
        "BO-C", TerritoryLevel.MUNICIPALITY, TerritoryStatus.PENDING, "America/La_Paz")
