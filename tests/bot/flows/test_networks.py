"""A PGS network registered in the chat waits for an operator (the demo's), is approved, and its proposer, now on its
committee, admits reviewers with their role and organization and writes its checklist: a new network runs itself
without the demo's networks."""

from __future__ import annotations

from market.enums import DecisionKind, NetworkStatus, ReviewerRole
from market.models import Decision, Person, PgsChecklist, PgsNetwork, PgsNorm, PgsReviewer, Territory
from market.services.catalog.directory import list_networks
from market.services.operators.decisions import decide
from market.services.seals.committee import admit_reviewer
from market.services.seals.networks import register_network
from tests.bot.flows.test_rounds import button_starting, receives_with
from tests.support.clock import TODAY

OLGA = 900_000_401  # the demo's operator, named by nobody
REINA = 900_000_002  # a producer of the demo's Asociación de Productores de Café Amboró
AMBORO = "Asociación de Productores de Café Amboró"
NADIA, PEDRO = 7401, 7402
NETWORK = "Red SPG del Chaco"


async def _press(person, text: str, message):
    await person.presses(text, message=message)
    return await person.sees_edited(message)


async def _approved_network(nadia, *reviewers: tuple[int, ReviewerRole]) -> int:
    """Nadia's network, registered and approved through the services; she sits on its committee."""
    await nadia.says("/start")
    await nadia.receives()
    nadia_id = (await Person.get(telegram_user_id=NADIA)).id
    santa_cruz = await Territory.get(code="bo-scz")
    network = await register_network(by_person_id=nadia_id, name=NETWORK, territory_id=santa_cruz.id)
    await decide(DecisionKind.PGS_NETWORK, network.id, approve=True,
                 by_person_id=(await Person.get(telegram_user_id=OLGA)).id)
    await receives_with(nadia, NETWORK)
    for telegram_id, role in reviewers:
        person = await Person.get(telegram_user_id=telegram_id)
        await admit_reviewer(network.id, person.id, role=role, organization_id=None, by_person_id=nadia_id)
    return network.id


async def _network_screen(person):
    await person.says("/redes")
    mine = await person.receives()
    return await _press(person, f"🌱 {NETWORK}", mine)


async def test_a_network_registered_in_the_chat_is_approved_and_its_committee_admits_reviewers(feria, people):
    nadia = people.person(NADIA, "Nadia", language_code="es")
    pedro = people.person(PEDRO, "Pedro", language_code="es")
    olga = people.person(OLGA, "Olga", language_code="es")
    reina = people.person(REINA, "Reina", language_code="es")
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
    norms_asked = await nadia.receives()
    await nadia.says("x" * 2001)
    too_long = await nadia.receives()
    await nadia.says("https://example.org/normas-spg-chaco.pdf")
    registered = await nadia.receives()

    assert asked.text.startswith("🌱 ¿Cómo se llama la red SPG?")
    assert too_short.text == "Escribe el nombre de la red con 3 a 160 caracteres."
    assert norms_asked.text.startswith("📄 ¿La red tiene un documento de normas")
    assert too_long.text == ("Es demasiado largo: envía el documento de normas en 2000 caracteres como máximo, o un "
                             "enlace a él.")
    assert registered.text == (f"✅ «{NETWORK}» está registrada. Espera a las personas operadoras de Feria; te aviso "
                               "su decisión.")
    network = await PgsNetwork.get(name=NETWORK)
    assert (network.status, network.norms) == (NetworkStatus.PENDING, "https://example.org/normas-spg-chaco.pdf")
    assert NETWORK not in {n.name for n in await list_networks(today=TODAY)}

    await olga.says("/operadores")
    home = await olga.receives()
    queue = await _press(olga, "📥 Redes SPG (2)", home)  # the demo's waiting network, and Nadia's
    item = await _press(olga, NETWORK, queue)
    approved = await _press(olga, "✅ Aprobar", item)
    told = await receives_with(nadia, NETWORK)

    assert "Lo pidió: Nadia" in item.text
    assert "Documento de normas: https://example.org/normas-spg-chaco.pdf" in item.text
    decision = await Decision.get(subject_id=network.id, kind="pgs_network").prefetch_related("by_person")
    assert (decision.approved, decision.by_person.telegram_user_id) == (True, OLGA)
    assert approved.text.startswith(f"✅ «{NETWORK}»")

    mine = await _press(nadia, "🌱 Mis redes", told)
    page = await _press(nadia, f"🌱 {NETWORK}", mine)
    listed = await _press(nadia, "👥 Personas revisoras", page)
    await nadia.presses("➕ Admitir una persona revisora", message=listed)
    await nadia.receives()
    await nadia.says(str(REINA))
    roles = await nadia.receives()
    organizations = await _press(nadia, "🧑‍🌾 Productor", roles)
    confirm = await _press(nadia, AMBORO, organizations)
    added = await _press(nadia, "✅ Admitir", confirm)
    reina_told = await receives_with(reina, NETWORK)

    assert page.text.splitlines()[:5] == [
        f"🌱 {NETWORK} (Santa Cruz de la Sierra)", "✅ Aprobada por las personas operadoras de Feria",
        "📄 Normas: https://example.org/normas-spg-chaco.pdf", "Tú: sin rol todavía · comité", "Comité: Nadia"]
    assert organizations.button_texts == [AMBORO, "Ninguna organización", "« Volver"]
    assert added.text == f"✅ Reina Suárez Vaca ya revisa para «{NETWORK}», como productor, {AMBORO}; se le avisó."
    assert reina_told.text.startswith(f"🌱 Ahora revisas para la red SPG «{NETWORK}», como productor, {AMBORO}.")
    assert reina_told.button_texts == ["✅ Sí, mostrar mi nombre", "No, solo mi rol"]

    await nadia.presses("👥 Personas revisoras", message=added)
    listed = await nadia.sees_edited(added)
    await nadia.presses("➕ Admitir una persona revisora", message=listed)
    await nadia.receives()
    await nadia.says(str(PEDRO))
    roles = await nadia.receives()
    organizations = await _press(nadia, "🛒 Consumidor", roles)
    confirm = await _press(nadia, "Ninguna organización", organizations)
    await _press(nadia, "✅ Admitir", confirm)
    pedro_told = await receives_with(pedro, NETWORK)
    answered = await _press(pedro, "✅ Sí, mostrar mi nombre", pedro_told)

    assert answered.text.startswith("✅ Las páginas de los sellos mostrarán tu nombre.")
    assert "Consumidores (1): Pedro" in answered.text
    rows = await PgsReviewer.filter(network=network, active=True).order_by("id").values_list(
        "person__telegram_user_id", "role", "organization__name", "committee", "named_publicly")
    assert rows == [(NADIA, None, None, True, False), (REINA, ReviewerRole.PRODUCER, AMBORO, False, False),
                    (PEDRO, ReviewerRole.CONSUMER, None, False, True)]


async def test_a_producer_without_an_organization_is_refused_and_nothing_is_written(feria, people):
    nadia = people.person(NADIA, "Nadia", language_code="es")
    pedro = people.person(PEDRO, "Pedro", language_code="es")
    await pedro.says("/start")
    await pedro.receives()
    network_id = await _approved_network(nadia)
    page = await _network_screen(nadia)
    listed = await _press(nadia, "👥 Personas revisoras", page)
    await nadia.presses("➕ Admitir una persona revisora", message=listed)
    await nadia.receives()
    await nadia.says(str(PEDRO))
    roles = await nadia.receives()
    organizations = await _press(nadia, "🧑‍🌾 Productor", roles)

    await nadia.presses("Ninguna organización", message=organizations)
    refused = await nadia.sees_answer()

    assert refused.text.startswith("Una persona productora revisa desde su organización")
    assert not await PgsReviewer.exists(network_id=network_id, person__telegram_user_id=PEDRO)


async def test_a_reviewer_off_the_committee_cannot_admit_reviewers(feria, people):
    nadia = people.person(NADIA, "Nadia", language_code="es")
    pedro = people.person(PEDRO, "Pedro", language_code="es")
    await pedro.says("/start")
    await pedro.receives()
    network_id = await _approved_network(nadia, (PEDRO, ReviewerRole.CONSUMER))
    await receives_with(pedro, NETWORK)
    seats = await _press(nadia, "👥 Personas revisoras", await _network_screen(nadia))
    pedro_card = await _press(nadia, "Pedro", seats)
    origin = await _press(nadia, "🔧 Técnico", pedro_card)
    changed = await _press(nadia, "Ninguna organización", origin)
    seated = await _press(nadia, "⭐ Sentar en el comité", changed)
    pedro_page = await _network_screen(pedro)
    pedro_list = await _press(pedro, "👥 Personas revisoras", pedro_page)
    pedro_card = await _press(nadia, "Pedro", await _press(nadia, "👥 Personas revisoras",
                                                               await _network_screen(nadia)))
    await _press(nadia, "Sacar del comité", pedro_card)

    await pedro.presses("➕ Admitir una persona revisora", message=pedro_list)
    refused = await pedro.sees_answer()
    again = await _network_screen(pedro)

    assert changed.text.splitlines()[:3] == ["✅ Guardado.", "", f"Pedro en «{NETWORK}»: técnico"]
    assert seated.text.splitlines()[2] == f"Pedro en «{NETWORK}»: técnico · comité"
    assert refused.text == "Solo el comité de la red puede hacer eso."
    assert "👥 Personas revisoras" not in again.button_texts
    assert "📋 Lista de verificación" in again.button_texts
    assert await PgsReviewer.filter(network_id=network_id, committee=True).values_list(
        "person__telegram_user_id", flat=True) == [NADIA]
    assert await PgsReviewer.filter(network_id=network_id, person__telegram_user_id=PEDRO).values_list(
        "role", flat=True) == [ReviewerRole.TECHNICIAN]


async def test_the_committee_writes_checklist_versions_and_an_old_version_stays_as_it_was(feria, people):
    nadia = people.person(NADIA, "Nadia", language_code="es")
    network_id = await _approved_network(nadia)
    checklist = await _press(nadia, "📋 Lista de verificación", await _network_screen(nadia))
    await nadia.presses("✏️ Nueva versión", message=checklist)
    asked = await nadia.receives()

    await nadia.says("-\n2.")
    empty = await nadia.receives()
    await nadia.says("Semillas propias o de intercambio\nAb")
    short = await nadia.receives()
    await nadia.says("\n".join(f"Norma número {n}" for n in range(1, 62)))
    too_many = await nadia.receives()
    nothing_yet = await PgsChecklist.filter(network_id=network_id).count()
    await nadia.says("1. Sin agrotóxicos sintéticos en los últimos 3 años\n2. Semillas propias o de intercambio\n"
                     "3. Fuente de agua protegida")
    preview = await nadia.receives()
    saved = await _press(nadia, "✅ Guardar la versión 1", preview)

    assert asked.text.startswith("✏️ Versión 1 de la lista de verificación")
    assert empty.text == "Escribe de 1 a 60 normas, una por línea. No se guardó nada."
    assert short.text == "La norma 2 debe tener de 3 a 300 caracteres. Envía la lista entera otra vez; no se guardó nada."
    assert too_many.text == empty.text
    assert nothing_yet == 0
    assert preview.text.splitlines()[1:4] == ["1. Sin agrotóxicos sintéticos en los últimos 3 años",
                                              "2. Semillas propias o de intercambio", "3. Fuente de agua protegida"]
    assert saved.text.splitlines()[0] == "✅ La versión 1 de la lista de verificación está guardada."

    await nadia.presses("✏️ Nueva versión", message=saved)
    await nadia.receives()
    await nadia.says("Sin agrotóxicos sintéticos en los últimos 3 años\nRotación y asociación de cultivos")
    preview = await nadia.receives()
    second = await _press(nadia, "✅ Guardar la versión 2", preview)
    page = await _network_screen(nadia)

    assert second.text.splitlines()[2:5] == [f"📋 Lista de verificación de «{NETWORK}», versión 2",
                                             "1. Sin agrotóxicos sintéticos en los últimos 3 años",
                                             "2. Rotación y asociación de cultivos"]
    assert "📋 Lista de verificación: versión 2, 2 normas" in page.text
    versions = await PgsChecklist.filter(network_id=network_id).order_by("version").values_list("id", "version")
    assert [v for _, v in versions] == [1, 2]
    assert await PgsNorm.filter(checklist_id=versions[0][0]).order_by("position").values_list("text", flat=True) == [
        "Sin agrotóxicos sintéticos en los últimos 3 años", "Semillas propias o de intercambio",
        "Fuente de agua protegida"]


async def test_someone_who_reviews_for_no_network_is_offered_only_to_register_one(feria, people):
    pedro = people.person(PEDRO, "Pedro", language_code="es")

    await pedro.says("/redes")
    mine = await pedro.receives()

    assert mine.text == "🌱 Todavía no revisas para ninguna red SPG."
    assert mine.button_texts == ["➕ Registrar una red", "« Menú"]
