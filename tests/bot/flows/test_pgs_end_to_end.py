"""Issue 20's check, whole, through the Bot API server and the web: Café Amboró's admin asks for a visit; Juana, a
producer-reviewer of another organization, takes it and answers the checklist; she invites Carmen, a
consumer-reviewer, who signs in her own chat; Juana sends it to the committee; Rocío, on the committee, renews the
organization's expired seal; the admin is told; the seal's public page shows the visit with its two signatures and
the checklist version."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from market.enums import ReviewStage, SealStatus
from market.models import PeerReview, PgsChecklist, Seal
from serve import build
from tests.bot.flows.test_committee import open_visit
from tests.bot.flows.test_rounds import receives_with
from tests.bot.flows.test_visits import CARMEN, JUANA, NETWORK, ROCIO, VISITED, _press, ask_for_a_visit, checklist
from tests.market.web.pages.conftest import visible_text

AMBORO = "Asociación de Productores de Café Amboró"
__all__ = ["checklist"]  # the fixture, used by name


async def test_a_visit_asked_in_the_chat_ends_in_a_seal_whose_page_shows_who_signed(feria, people, checklist,
                                                                                     feria_settings):
    juana = people.person(JUANA, "Juana", language_code="es")
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    rocio = people.person(ROCIO, "Rocío", language_code="es")
    for person in (juana, carmen, rocio):
        await person.says("/start")
        await person.receives()

    hilda, _, _ = await ask_for_a_visit(people)
    asked = await receives_with(juana, "pide visita")
    page = await _press(juana, "🌱 Visitas", asked)
    await juana.presses(next(t for t in page.button_texts if t.startswith("🙋 Tomar")), message=page)
    await juana.receives()
    await juana.says(f"{VISITED:%d/%m/%Y}")
    products = await juana.receives()
    norm = await _press(juana, "Seguir »", products)
    for _ in range(2):  # both norms met, no observation
        await _press(juana, "✅ Sí", norm)
        await juana.presses("Omitir »")
        norm = await juana.receives()
    await juana.presses("Listo »", message=norm)  # no photos
    await juana.receives()
    await juana.says("Todo en orden.")
    await juana.receives()
    await juana.says(str(CARMEN))
    invited = await juana.receives()
    await juana.presses("Listo »", message=invited)
    proposal = await juana.receives()
    card = await _press(juana, "Otorgar el sello", proposal)
    await _press(juana, "✍️ Enviar a firmar", card)
    to_sign = await receives_with(carmen, "te invita a firmar")
    await _press(carmen, "✅ Estuve en esta visita y estoy de acuerdo", to_sign)
    lead_told = await receives_with(juana, "Carmen")
    await _press(juana, "📨 Enviar al comité", lead_told)
    await receives_with(rocio, "espera al comité")
    _, record = await open_visit(rocio, AMBORO)
    await _press(rocio, "🔁 Renovar el sello", record)  # the demo's seal of Café Amboró has expired
    told = await receives_with(hilda, "renovó")
    seal = await Seal.get(organization__slug="cafe-amboro", network__slug="red-spg-bolivia")
    version = await PgsChecklist.filter(network_id=checklist.id).order_by("-version").first()
    review = await PeerReview.filter(seal_id=seal.id, stage=ReviewStage.DECIDED).order_by("-id").first()
    async with TestClient(TestServer(build(feria_settings, "all"))) as web:  # it closes the database when done
        html = await (await web.get(f"/sellos/{seal.code}", headers={"Accept-Language": "es"})).text()
    public = visible_text(html)

    assert version is not None and review is not None
    assert review.checklist_id == version.id
    assert seal.status == SealStatus.GRANTED
    assert told.text.startswith(f"🔁 El comité de {NETWORK} renovó el sello {seal.code} de {AMBORO}, válido hasta")
    assert f"Lista de verificación versión {version.version}: 2 normas verificadas" in public
    # The newest visit first: its checklist version, and the two who signed (named: they agreed to be).
    assert public.index("sello renovado") < public.index("sello otorgado")
    assert (f"Lista de verificación versión {version.version}: 2 normas verificadas "
            "Firmada por: Juana, productor/a de CORACA Irupana Carmen, consumidor/a") in public
    assert "Todo en orden." not in public  # the findings stay with the network
