"""A PGS network's committee decides in the chat: /comite lists the visits proposed to it, a member opens one and
grants, grants with conditions or denies it; the organization's admins are told. From the same desk a member
suspends and reinstates a seal and finds a condition met. The visits are made here with the models, as the visits'
own flow (another part of the work) leaves them: proposed, signed."""

from __future__ import annotations

import datetime as dt

import pytest

from market import clock
from market.enums import (
    NormAnswer,
    ReviewerRole,
    ReviewStage,
    SealEventKind,
    SealStatus,
    SignatureStatus,
    VisitProposal,
)
from market.models import (
    Organization,
    PeerReview,
    Person,
    PgsNetwork,
    Product,
    Seal,
    SealCondition,
    SealEvent,
    SealProduct,
)
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_rounds import button_starting, receives_with
from tests.market.services.seal_world import proposed_visit

CARMEN, TERESA, FELIPA = 900_000_101, 900_000_009, 900_000_005  # on the committee; OECA's admin; CORACA's admin
JUANA, VICTORIA, ELENA, ROCIO = 900_000_006, 900_000_109, 900_000_011, 900_000_301
NETWORK = "Red de Certificación Participativa de Bolivia"
AMBORO, COMARAPA = "Asociación de Productores de Café Amboró", "OECA Valles de Comarapa"
AGREED = SignatureStatus.AGREED


async def person(telegram_id: int) -> int:
    return (await Person.get(telegram_user_id=telegram_id)).id


async def visit_to(slug: str, products: tuple[str, ...], *signers: tuple[int, ReviewerRole], **options) -> PeerReview:
    """A visit led by Rocío (technician) and signed, agreed, by `signers` (Telegram id, role)."""
    network = await PgsNetwork.get(slug="red-spg-bolivia")
    organization = await Organization.get(slug=slug)
    product_ids = [(await Product.get(organization=organization, name=name)).id for name in products]
    signatures = [(await person(ROCIO), ReviewerRole.TECHNICIAN, AGREED)]
    signatures += [(await person(t), role, AGREED) for t, role in signers]
    return await proposed_visit(network.id, organization.id, product_ids, lead=await person(ROCIO),
                                signatures=signatures, **options)


OUTSIDERS = ((JUANA, ReviewerRole.PRODUCER), (VICTORIA, ReviewerRole.CONSUMER))


async def open_visit(member, organization: str):
    await member.says("/comite")
    desk = await member.receives()
    await member.presses(button_starting(desk, f"📋 {organization}"), message=desk)
    return desk, await member.sees_edited(desk)


@pytest.fixture
def carmen(people):
    return people.person(CARMEN, "Carmen", language_code="es")


async def test_a_committee_member_grants_a_visit_once_and_the_organizations_admin_is_told(feria, people, carmen):
    teresa = people.person(TERESA, "Teresa", language_code="es")
    review = await visit_to("oeca-valles-comarapa", ("Tomate", "Lechuga"), *OUTSIDERS,
                            requested_by=await person(TERESA))

    desk, record = await open_visit(carmen, COMARAPA)
    shown, stale = record.text, record.button("✅ Otorgar el sello")["callback_data"]
    await carmen.presses("✅ Otorgar el sello", message=record)
    decided = await carmen.sees_edited(record)
    told = await receives_with(teresa, "otorgó")
    # The record's message now says it was granted: its old button pressed again, as a slow network would.
    again = await people.wait_for_answer(await people.press_button(CARMEN, record, stale, forged=True))

    assert "1 visita espera una decisión." in desk.text
    assert "📷 2 fotos" in shown and "✅ Juana Condori Quispe (productor, CORACA Irupana): de acuerdo" in shown
    assert "✅ Victoria Apaza Limachi (consumidor): de acuerdo" in shown
    assert "✔ Las firmas de acuerdo alcanzan para otorgar el sello." in shown
    assert decided.text == (f"✅ Sello otorgado a {COMARAPA}; se avisó a sus administradoras y a las personas "
                            "revisoras.")
    seal = await Seal.get(organization__slug="oeca-valles-comarapa")
    until = review.visited_on.replace(year=review.visited_on.year + 1)
    assert (seal.status, seal.valid_until) == (SealStatus.GRANTED, until)
    assert told.text.startswith(f"🏅 El comité de {NETWORK} otorgó a {COMARAPA} el sello {seal.code}, válido hasta")
    scope = await Product.filter(seal_scopes__seal=seal).order_by("name").values_list("name", flat=True)
    assert scope == ["Lechuga", "Tomate"]
    assert again.text == "Esta visita ya fue decidida: vale la primera decisión."
    assert await SealEvent.filter(review_id=review.id).count() == 1


async def test_a_visit_signed_only_by_producers_is_not_granted_and_the_answer_names_the_missing_consumer(
        feria, carmen):
    review = await visit_to("cafe-amboro", ("Café pergamino",), (JUANA, ReviewerRole.PRODUCER),
                            (ELENA, ReviewerRole.PRODUCER))

    _, record = await open_visit(carmen, AMBORO)
    await carmen.presses("🔁 Renovar el sello", message=record)  # Café Amboró's seal has expired: a grant renews it
    refused = await carmen.sees_answer()

    missing = "la firma de una consumidora de fuera de la organización"
    assert f"⚠ Las firmas no alcanzan para otorgar el sello: falta {missing}." in record.text
    assert refused.text == f"Estas firmas todavía no alcanzan para otorgar el sello. Falta: {missing}."
    assert (await PeerReview.get(id=review.id)).stage == ReviewStage.PROPOSED


async def test_a_grant_with_conditions_typed_by_the_committee_and_a_condition_met_later(feria, people, carmen):
    hilda = people.person(HILDA, "Hilda", language_code="es")
    await visit_to("cafe-amboro", ("Miel de abeja",), *OUTSIDERS, answers=(NormAnswer.YES, NormAnswer.NO),
                   proposal=VisitProposal.CONDITIONS,
                   conditions=(("Registro de colmenas", clock.today() + dt.timedelta(days=60)),))

    _, record = await open_visit(carmen, AMBORO)
    shown = record.text
    await carmen.presses("🔁 Renovar el sello", message=record)
    plain = await carmen.sees_answer()
    await carmen.presses("📝 Otorgar con condiciones", message=record)
    proposed = await carmen.sees_edited(record)
    await carmen.presses("✏️ Escribir otras condiciones", message=proposed)
    await carmen.receives()
    await carmen.says("Cerco vivo en el lindero")
    no_date = await carmen.receives()
    await carmen.says("Cerco vivo en el lindero 15/03/2027\nRegistro escrito de colmenas - 30/04/2027")
    confirm = await carmen.receives()
    await carmen.presses("✅ Otorgar con estas condiciones", message=confirm)
    decided = await carmen.sees_edited(confirm)
    told = await receives_with(hilda, "renovó")

    assert "❌ 2. Sin agroquímicos de síntesis — Falta barrera viva" in shown
    assert plain.text == "Una norma tiene «no»: otorga con condiciones, o niega."
    assert "1. Registro de colmenas (hasta el" in proposed.text
    assert no_date.text.startswith("La línea 1 no termina con una fecha")
    assert decided.text.startswith("🔁 Sello de Asociación de Productores de Café Amboró renovado")
    assert "Condiciones a cumplir:\n1. Cerco vivo en el lindero (hasta el 15 mar 2027)" in told.text
    seal = await Seal.get(organization__slug="cafe-amboro")
    conditions = await SealCondition.filter(seal=seal).order_by("position").values_list("text", "due_on")
    assert conditions == [("Cerco vivo en el lindero", dt.date(2027, 3, 15)),
                          ("Registro escrito de colmenas", dt.date(2027, 4, 30))]
    assert await SealProduct.filter(seal=seal).count() == 1

    await carmen.says("/comite")
    desk = await carmen.receives()
    await carmen.presses(button_starting(desk, "🏅 Sellos de"), message=desk)
    seals = await carmen.sees_edited(desk)
    await carmen.presses(button_starting(seals, AMBORO), message=seals)
    page = await carmen.sees_edited(seals)
    await carmen.presses("✔ Condición 1 cumplida", message=page)
    met = await carmen.sees_edited(page)
    told_met = await receives_with(hilda, "cumplida")

    assert "1. Cerco vivo en el lindero (hasta el 15 mar 2027) ✅ cumplida el" in met.text
    assert told_met.text == (f"✅ El comité de {NETWORK} dio por cumplida una condición del sello {seal.code} de "
                             f"{AMBORO}.\nCondición: Cerco vivo en el lindero")


async def test_a_denial_with_its_reason_is_told_to_the_admin(feria, people, carmen):
    hilda = people.person(HILDA, "Hilda", language_code="es")
    review = await visit_to("cafe-amboro", ("Café pergamino",), *OUTSIDERS)

    _, record = await open_visit(carmen, AMBORO)
    await carmen.presses("❌ Negar", message=record)
    await carmen.receives()
    await carmen.says("Quemas recientes junto a los cafetales")
    decided = await carmen.receives()
    told = await receives_with(hilda, "negó")

    assert decided.text == (f"❌ Sello negado a {AMBORO}; se avisó a sus administradoras y a las personas revisoras.")
    assert told.text.endswith("Motivos: Quemas recientes junto a los cafetales")
    assert (await PeerReview.get(id=review.id)).decision_reason == "Quemas recientes junto a los cafetales"


async def test_a_seal_is_suspended_and_reinstated_from_buttons_and_its_admin_told(feria, people, carmen):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    seal = await Seal.get(organization__slug="coraca-irupana")

    await carmen.says("/comite")
    desk = await carmen.receives()
    await carmen.presses(button_starting(desk, "🏅 Sellos de"), message=desk)
    seals = await carmen.sees_edited(desk)
    await carmen.presses(button_starting(seals, "CORACA Irupana"), message=seals)
    page = await carmen.sees_edited(seals)
    await carmen.presses("⏸ Suspender", message=page)
    await carmen.receives()
    await carmen.says("Uso de herbicida en la parcela de quinua")
    suspended = await carmen.receives()
    told = await receives_with(felipa, "suspendió")
    await carmen.presses("▶ Rehabilitar", message=suspended)
    reinstated = await carmen.sees_edited(suspended)
    told_again = await receives_with(felipa, "rehabilitó")

    assert "Estado: Suspendido" in suspended.text and "Motivo: Uso de herbicida" in suspended.text
    assert told.text == (f"⏸ El comité de {NETWORK} suspendió el sello {seal.code} de CORACA Irupana.\n"
                         "Motivo: Uso de herbicida en la parcela de quinua")
    assert "Estado: Vigente" in reinstated.text
    assert told_again.text.startswith("▶ El comité")
    assert (await Seal.get(id=seal.id)).status == SealStatus.GRANTED
    assert await SealEvent.filter(seal=seal).order_by("id").values_list("kind", flat=True) == [
        SealEventKind.GRANTED, SealEventKind.RENEWED, SealEventKind.SUSPENDED, SealEventKind.REINSTATED]


async def test_a_committee_member_of_the_visited_organization_is_refused(feria, people):
    reina = people.person(REINA, "Reina", language_code="es")
    review = await visit_to("cafe-amboro", ("Café pergamino",), *OUTSIDERS)

    await reina.says("/comite")
    desk = await reina.receives()
    await reina.presses(button_starting(desk, f"📋 {AMBORO}"), message=desk)
    refused = await reina.sees_answer()

    assert refused.text == ("Reina es parte de esa organización: no puede participar en sus visitas ni decidir "
                            "sobre su sello.")
    assert (await PeerReview.get(id=review.id)).stage == ReviewStage.PROPOSED
