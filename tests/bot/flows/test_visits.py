"""A visit in the chat: Café Amboró's admin asks the demo network for a visit; Juana, a producer-reviewer of another
organization, takes it, answers the checklist, sends a photo and invites Carmen, a consumer-reviewer, who agrees in
her own chat; Juana sends it to the committee, and Rocío, on the committee, is told. Reina, of Café Amboró, can
neither take nor sign it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from market.enums import ReviewerRole, ReviewStage, SignatureStatus, VisitProposal
from market.models import (
    Notification,
    Organization,
    PeerReview,
    PeerReviewPhoto,
    PeerReviewSignature,
    PgsChecklist,
    PgsNetwork,
    PgsNorm,
    PgsReviewer,
)
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_rounds import receives_with
from tests.bot.sandbox.images import PNG_2x3
from tests.support.clock import TODAY

JUANA, CARMEN, ROCIO = 900_000_006, 900_000_101, 900_000_301  # the demo's reviewers of red-spg-bolivia
NETWORK = "Red de Certificación Participativa de Bolivia"
VISITED = TODAY - timedelta(days=3)
NORMS = ("Sin agroquímicos de síntesis en los últimos 3 años", "Fuente de agua protegida")


@pytest.fixture
async def checklist(feria):
    """The network's committee has given roles and a checklist (helper A's chat flows do it in the chat)."""
    network = await PgsNetwork.get(slug="red-spg-bolivia")
    irupana = await Organization.filter(slug__contains="irupana").first()
    roles = {JUANA: ReviewerRole.PRODUCER, CARMEN: ReviewerRole.CONSUMER, ROCIO: ReviewerRole.TECHNICIAN,
             REINA: ReviewerRole.PRODUCER}
    for telegram_user_id, role in roles.items():
        await PgsReviewer.filter(network=network, person__telegram_user_id=telegram_user_id).update(
            role=role, committee=telegram_user_id == ROCIO,
            organization_id=irupana.id if telegram_user_id == JUANA and irupana else None)
    # A version after the demo's: the visit answers the newest.
    made = await PgsChecklist.create(network=network, version=await PgsChecklist.filter(network=network).count() + 1)
    for position, text in enumerate(NORMS, 1):
        await PgsNorm.create(checklist=made, position=position, text=text)
    return network


async def _press(person, text: str, message):
    await person.presses(text, message=message)
    return await person.sees_edited(message)


async def ask_for_a_visit(people):
    hilda = people.person(HILDA, "Hilda", language_code="es")
    await hilda.says("/sello")
    home = await hilda.receives()
    networks = await _press(hilda, "📝 Pedir visita", home)
    products = await _press(hilda, NETWORK, networks)
    done = await _press(hilda, "✅ Pedir la visita", products)
    return hilda, home, done


async def test_a_visit_asked_taken_filled_signed_in_each_chat_and_sent_to_the_committee(feria, people, checklist):
    juana = people.person(JUANA, "Juana", language_code="es")
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    rocio = people.person(ROCIO, "Rocío", language_code="es")
    for person in (juana, carmen, rocio):
        await person.says("/start")
        await person.receives()

    hilda, home, done = await ask_for_a_visit(people)
    told = await receives_with(juana, "pide visita")
    await juana.presses("🌱 Visitas", message=told)
    page = await juana.sees_edited(told)
    await juana.presses(next(t for t in page.button_texts if t.startswith("🙋 Tomar")), message=page)
    asked_day = await juana.receives()
    taken = await receives_with(hilda, "toma tu solicitud")
    await juana.says("mañana")
    unreadable = await juana.receives()
    await juana.says(f"{VISITED:%d/%m/%Y}")
    products = await juana.receives()
    first_norm = await _press(juana, "Seguir »", products)
    observation = await _press(juana, "✅ Sí", first_norm)
    await juana.says("Parcelas con abono de la propia finca")
    second_norm = await juana.receives()
    await _press(juana, "❌ No", second_norm)
    await juana.presses("Omitir »")
    photos = await juana.receives()
    await juana.sends_photo(PNG_2x3)
    kept = await juana.receives()
    await juana.presses("Listo »", message=kept)
    await juana.receives()  # the findings, asked
    await juana.says("La vertiente no tiene cerco; el café crece bajo sombra.")
    co = await juana.receives()
    await juana.says(str(REINA))
    member_refused = await juana.receives()
    await juana.says(str(CARMEN))
    invited = await juana.receives()
    await juana.presses("Listo »", message=invited)
    proposal = await juana.receives()
    conditions = await _press(juana, "Otorgar con condiciones", proposal)
    await juana.says("Cercar la vertiente")
    await juana.receives()
    await juana.says(f"{TODAY + timedelta(days=90):%d/%m/%Y}")
    more = await juana.receives()
    card = await _press(juana, "Listo »", more)
    signing = await _press(juana, "✍️ Enviar a firmar", card)
    to_sign = await receives_with(carmen, "te invita a firmar")
    agree = to_sign.button("✅ Estuve en esta visita y estoy de acuerdo")
    assert agree is not None
    await asyncio.gather(*[people.press_button(CARMEN, to_sign, agree["callback_data"]) for _ in range(2)])  # twice
    signed = await carmen.sees_edited(to_sign)
    lead_told = await receives_with(juana, "Carmen")
    proposed = await _press(juana, "📨 Enviar al comité", lead_told)
    committee = await receives_with(rocio, "espera al comité")

    assert "Productos:" not in done.text and done.text.startswith(f"✅ Pediste visita a «{NETWORK}»")
    assert taken.text.startswith("🌱 Juana, persona revisora de «")
    assert asked_day.text.startswith("📅 ¿Qué día fue la visita")
    assert unreadable.text.startswith("No entiendo ese día")
    assert "☑️" in products.text or any(t.startswith("☑️") for t in products.button_texts)
    assert first_norm.text == f"📋 Norma 1 de 2: {NORMS[0]}"
    assert "¿Alguna observación?" in observation.text
    assert photos.text.startswith("📷 Envía fotos")
    assert kept.text.startswith("📷 Guardada. 1 foto guardada.")
    assert "¿Quién más estuvo en la visita?" in co.text
    assert "Reina Suárez Vaca es parte de esa organización: no puede participar en sus visitas" in member_refused.text
    assert invited.text.startswith("✅ Carmen (consumidor) está invitada.")
    assert "Otorgar el sello" not in proposal.button_texts  # a "no" was answered
    assert conditions.text.startswith("Escribe una condición")
    assert "Cercar la vertiente — hasta el" in card.text and "❌ 2. Fuente de agua protegida" in card.text
    assert "Falta: la firma de una consumidora" not in card.text  # Carmen is invited
    assert "(esperando firmas)" in signing.text
    assert "Falta: la firma de una consumidora de fuera de la organización." in signing.text
    assert await Notification.filter(template="visit_signed").count() == 1
    assert signed.text == "✅ Firmaste la visita a Asociación de Productores de Café Amboró."
    assert "• ✅ Carmen (consumidor): de acuerdo" in lead_told.text
    assert "✅ Las firmas alcanzan para otorgar el sello." in lead_told.text
    assert "(en el comité)" in proposed.text
    assert committee.text.startswith("⚖️ La visita a Asociación de Productores de Café Amboró espera al comité")
    review = await PeerReview.get(recorded_by__telegram_user_id=JUANA)
    assert (review.stage, review.proposal) == (ReviewStage.PROPOSED, VisitProposal.CONDITIONS)
    assert await PeerReviewPhoto.filter(review=review).count() == 1
    assert await PeerReviewSignature.filter(review=review, status=SignatureStatus.AGREED).count() == 2


async def test_a_member_of_the_visited_organization_cannot_take_the_visit(feria, people, checklist):
    reina = people.person(REINA, "Reina", language_code="es")
    await ask_for_a_visit(people)

    await reina.says("/visitas")
    page = await reina.receives()

    assert not any(t.startswith("🙋 Tomar") for t in page.button_texts)
    assert "Asociación de Productores de Café Amboró pide" not in page.text
