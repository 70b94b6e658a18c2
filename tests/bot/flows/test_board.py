"""The board in the chat: Hilda, who presides the demo's coffee association, names Reina admin, hands her the
presidency and steps down, and the web page shows the new board; the last admin hands her seat over before
deleting her data."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from market.enums import MemberRole
from market.models import BoardRecord, Member, Person
from serve import build
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_rounds import receives_with
from tests.market.web.pages.conftest import visible_text

AMBORO = "Asociación de Productores de Café Amboró"


@pytest.fixture
async def web(feria_settings) -> AsyncIterator[TestClient]:
    """Feria served (web, bot, outbox) against the sandbox, with a client for its pages."""
    async with TestClient(TestServer(build(feria_settings, "all"))) as client:
        yield client


async def test_the_president_names_a_producer_admin_hands_her_the_presidency_and_steps_down(web, people, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    await reina.says("/start")
    await reina.receives()

    await hilda.says("/start o_cafe-amboro")
    page = await hilda.receives()
    await hilda.presses("👥 Junta directiva", message=page)
    board = await hilda.sees_edited(page)
    await hilda.presses("➕ Nombrar en la administración", message=board)
    producers = await hilda.sees_edited(board)
    await hilda.presses("Reina", message=producers)
    asked = await hilda.sees_edited(producers)
    await hilda.presses("✅ Sí", message=asked)
    named = await hilda.sees_edited(asked)
    reina_named = await receives_with(reina, "te dio un lugar")

    assert page.text.splitlines()[:9] == [
        f"🏢 {AMBORO}", "Asociación de productores · Buena Vista", "",
        "Familias cafetaleras de la zona de amortiguamiento del Parque Amboró. Café bajo sombra, tostado en Buena "
        "Vista, y miel de sus apiarios.",
        "Retira en: Tienda de la asociación, plaza principal de Buena Vista (lunes a sábado)", "",
        "👥 Junta directiva:",
        "• Hilda — Presidencia, desde el 5 may 2026",
        "Renovada el 5 may 2026; un periodo dura 12 meses: este termina el 5 may 2027.",
    ]
    assert page.text.splitlines()[9:11] == ["", "🌱 Madurez: En consolidación"]
    assert page.button_texts == ["🛒 Productos (6)", "👥 Junta directiva", "🌱 Madurez", "« Menú"]
    assert board.button_texts == ["➕ Nombrar en la administración", "🤝 Pasar la presidencia", "🤝 Dar la tesorería",
                                  "🔁 Pasar mi lugar", "🚪 Dejar la junta", "✅ Reelegida tal cual",
                                  "🗓 Periodo: 12 meses", f"« {AMBORO}"]
    assert producers.button_texts == ["Marcelino Flores Arteaga", "Norma Añez Cuéllar", "Reina", "« Volver"]
    assert asked.text == f"¿Nombrar a Reina en la administración de {AMBORO}? La llevará contigo."
    assert "• Reina — Administración, desde el 21 nov 2026" in named.text.splitlines()
    assert reina_named.text == (f"👥 Hilda te dio un lugar en la junta directiva de {AMBORO}: "
                                "Administración.")
    assert reina_named.button_texts == ["👥 Junta directiva"]

    await hilda.presses("🤝 Pasar la presidencia", message=named)
    members = await hilda.sees_edited(named)
    await hilda.presses("Reina (Administración)", message=members)
    asked = await hilda.sees_edited(members)
    await hilda.presses("✅ Sí", message=asked)
    handed = await hilda.sees_edited(asked)
    reina_presides = await receives_with(reina, "Presidencia")
    await hilda.presses("🚪 Dejar la junta", message=handed)
    leaving = await hilda.sees_edited(handed)
    await hilda.presses("🚪 Sí, dejarla", message=leaving)
    left = await hilda.sees_edited(leaving)
    response = await web.get("/organizaciones/cafe-amboro", params={"lang": "es"})
    text = visible_text(await response.text())

    assert asked.text == f"¿Pasar la presidencia de {AMBORO} a Reina? Sigues en la junta directiva."
    assert handed.text.splitlines()[2:4] == ["• Reina — Presidencia, desde el 21 nov 2026",
                                             "• Hilda — Administración, desde el 21 nov 2026"]
    assert "🤝 Pasar la presidencia" not in handed.button_texts and "🤝 Dar la presidencia" not in handed.button_texts
    assert reina_presides.text.endswith(f"la junta directiva de {AMBORO}: Presidencia.")
    assert leaving.text == f"¿Dejar la junta directiva de {AMBORO}? Sigues en la organización como productora o productor."
    assert left.text == (f"🚪 Dejaste la junta directiva de {AMBORO}. Sigues en la organización como productora o "
                         "productor.")
    assert response.status == 200
    assert "Reina: Presidencia, desde el 21 nov 2026" in text and "Hilda" not in text
    assert "Renovada el 21 nov 2026; un periodo dura 12 meses, hasta el 21 nov 2027." in text
    hilda_member = await Member.get(person__telegram_user_id=HILDA)
    assert hilda_member.role == MemberRole.PRODUCER
    assert await BoardRecord.filter(organization_id=hilda_member.organization_id).count() == 4  # each seat held, dated


async def test_the_last_admin_is_told_where_to_hand_over_and_once_she_did_she_deletes_her_data(web, people, hilda):
    await hilda.says("/misdatos")
    mine = await hilda.receives()
    await hilda.presses("🗑 Borrar mis datos", message=mine)
    asked = await hilda.sees_edited(mine)
    await hilda.presses("Sí, borrar", message=asked)
    refused = await hilda.sees_answer()

    await hilda.says("/organizacion")
    organizations = await hilda.receives()
    await hilda.presses("👥 Junta directiva", message=organizations)
    board = await hilda.sees_edited(organizations)
    await hilda.presses("🚪 Dejar la junta", message=board)
    leaving = await hilda.sees_edited(board)
    await hilda.presses("🚪 Sí, dejarla", message=leaving)
    last = await hilda.sees_answer()
    await hilda.presses("« Volver", message=leaving)
    board = await hilda.sees_edited(leaving)
    await hilda.presses("🔁 Pasar mi lugar", message=board)
    producers = await hilda.sees_edited(board)
    await hilda.presses("Norma Añez Cuéllar", message=producers)
    asked_seat = await hilda.sees_edited(producers)
    await hilda.presses("✅ Sí", message=asked_seat)
    handed = await hilda.sees_edited(asked_seat)
    await hilda.presses("Sí, borrar", message=asked)
    deleted = await hilda.sees_edited(asked)

    assert refused.show_alert and refused.text == (
        f"Eres la última persona en la administración de {AMBORO}: primero pasa tu lugar (/organizacion, "
        "👥 Junta directiva, 🔁 Pasar mi lugar).")
    assert last.show_alert and last.text == (
        "Eres la última persona en la administración: en vez de dejar la junta, pasa tu lugar a una productora o "
        "productor (🔁 Pasar mi lugar).")
    assert asked_seat.text.startswith(f"¿Pasar tu lugar en la junta directiva de {AMBORO} a Norma Añez Cuéllar?")
    assert handed.text.splitlines()[:4] == [
        f"🔁 Pasaste tu lugar y dejaste la junta directiva de {AMBORO}.", "", "👥 Junta directiva:",
        "• Norma Añez Cuéllar — Presidencia, desde el 21 nov 2026"]
    assert deleted.text.startswith("🗑 Tus datos fueron borrados.")
    assert not await Person.filter(telegram_user_id=HILDA).exists()
