"""A PGS network registered in the chat waits for an operator (the demo's), is approved, and its proposer, now its
first reviewer, names a second reviewer: a new network runs itself without the demo."""

from __future__ import annotations

from market.enums import NetworkStatus
from market.models import Decision, PgsNetwork, PgsReviewer
from market.services.catalog.directory import list_networks
from tests.bot.flows.test_rounds import button_starting, receives_with
from tests.support.clock import TODAY

OLGA = 900_000_401  # the demo's operator, named by nobody
NADIA, PEDRO = 7401, 7402
NETWORK = "Red SPG del Chaco"


async def _press(person, text: str, message):
    await person.presses(text, message=message)
    return await person.sees_edited(message)


async def test_a_network_registered_in_the_chat_is_approved_and_its_first_reviewer_names_another(feria, people):
    nadia = people.person(NADIA, "Nadia", language_code="es")
    pedro = people.person(PEDRO, "Pedro", language_code="es")
    olga = people.person(OLGA, "Olga", language_code="es")
    await pedro.says("/start")
    await pedro.receives()

    await nadia.says("/registrar_red")
    asked = await nadia.receives()
    await nadia.says("Ch")
    too_short = await nadia.receives()
    await nadia.says(NETWORK)
    await nadia.receives()
    await nadia.says("santa cruz")
    places = await nadia.receives()
    await nadia.presses(button_starting(places, "Santa Cruz"), message=places)
    await nadia.receives()
    await nadia.says("Productoras y consumidoras del Chaco cruceño que certifican juntas su miel.")
    registered = await nadia.receives()

    assert asked.text.startswith("🌱 ¿Cómo se llama la red SPG?")
    assert too_short.text == "Escribe el nombre de la red con 3 a 160 caracteres."
    assert registered.text == (f"✅ «{NETWORK}» está registrada. Espera a las personas operadoras de Feria; te aviso "
                               "su decisión.")
    network = await PgsNetwork.get(name=NETWORK)
    assert network.status == NetworkStatus.PENDING
    assert NETWORK not in {n.name for n in await list_networks(today=TODAY)}

    await olga.says("/operadores")
    home = await olga.receives()
    queue = await _press(olga, "📥 Redes SPG (2)", home)  # the demo's waiting network, and Nadia's
    item = await _press(olga, NETWORK, queue)
    approved = await _press(olga, "✅ Aprobar", item)
    told = await receives_with(nadia, NETWORK)

    assert "Lo pidió: Nadia" in item.text
    assert told.text == (f"✅ Las personas operadoras de Feria aprobaron «{NETWORK}»: eres su primera persona "
                         "revisora. Envía /redes para nombrar a las demás.")
    decision = await Decision.get(subject_id=network.id, kind="pgs_network").prefetch_related("by_person")
    assert (decision.approved, decision.by_person.telegram_user_id) == (True, OLGA)
    assert NETWORK in {n.name for n in await list_networks(today=TODAY)}
    assert approved.text.startswith(f"✅ «{NETWORK}»")

    mine = await _press(nadia, "🌱 Mis redes", told)
    await nadia.presses(f"➕ Persona revisora para {NETWORK}", message=mine)
    await nadia.receives()
    await nadia.says(str(PEDRO))
    confirm = await nadia.receives()
    added = await _press(nadia, "✅ Nombrar revisora", confirm)
    pedro_told = await receives_with(pedro, NETWORK)

    assert "Revisan: Nadia" in mine.text
    assert added.text == f"✅ Pedro ya revisa para «{NETWORK}»; se le avisó."
    assert pedro_told.text == f"🌱 Ahora revisas para la red SPG «{NETWORK}». Envía /redes para verla."
    reviewers = await PgsReviewer.filter(network=network, active=True).order_by("id").values_list(
        "person__telegram_user_id", flat=True)
    assert reviewers == [NADIA, PEDRO]


async def test_someone_who_reviews_for_no_network_cannot_name_reviewers(feria, people):
    pedro = people.person(PEDRO, "Pedro", language_code="es")

    await pedro.says("/redes")
    mine = await pedro.receives()

    assert mine.text == "🌱 Todavía no revisas para ninguna red SPG."
    assert mine.button_texts == ["➕ Registrar una red", "« Menú"]
