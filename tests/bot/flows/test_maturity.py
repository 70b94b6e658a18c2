"""Maturity in the chat: Hilda, admin of the demo's coffee association, opens its maturity page, types a day she
cannot have meant and one not yet come, then declares the assembly held; the web page and the API show the level and
its reasons."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from market.models import MaturityDeclaration
from serve import build
from tests.bot.flows.conftest import REINA
from tests.market.web.pages.conftest import visible_text

AMBORO = "Asociación de Productores de Café Amboró"


@pytest.fixture
async def web(feria_settings) -> AsyncIterator[TestClient]:
    """Feria served (web, bot, outbox) against the sandbox, with a client for its pages."""
    async with TestClient(TestServer(build(feria_settings, "all"))) as client:
        yield client


async def test_an_admin_declares_an_assembly_after_a_bad_day_and_one_to_come(web, people, hilda):
    await hilda.says("/start o_cafe-amboro")
    page = await hilda.receives()
    await hilda.presses("🌱 Madurez", message=page)
    maturity = await hilda.sees_edited(page)
    await hilda.presses("🗣 Asamblea realizada", message=maturity)
    asked = await hilda.sees_edited(maturity)
    await hilda.says("el martes pasado")
    unreadable = await hilda.receives()
    await hilda.says("30/02/2026")
    impossible = await hilda.receives()
    await hilda.says("1/12/2026")
    future = await hilda.receives()
    await hilda.says("2/11/2026")
    declared = await hilda.receives()

    assert "🌱 Madurez: En consolidación" in page.text.splitlines()
    assert maturity.text.splitlines()[0] == f"🌱 Madurez · {AMBORO}"
    assert "Lo que declararon sus administradores:" in maturity.text
    assert maturity.button_texts == ["📜 Estatutos aprobados", "🗣 Asamblea realizada", "🤝 Aportes cobrados",
                                     "« Volver"]
    assert asked.text == "🗣 ¿Qué día fue la asamblea?\nEscribe el día, como 21/11/2026."
    assert unreadable.text == ("No pude leer esa fecha. Escríbela con día, mes y año, como 21/11/2026.")
    assert impossible.text == unreadable.text
    assert future.text == "Ese día todavía no llegó: escribe un día que ya pasó."
    assert "• Asamblea realizada: 2 nov 2026 (por Hilda" in declared.text
    assert await MaturityDeclaration.filter(kind="assembly", organization__slug="cafe-amboro").count() == 1


async def test_a_producer_sees_the_level_but_cannot_declare(web, people):
    reina = people.person(REINA, "Reina", language_code="es")
    await reina.says("/start o_cafe-amboro")
    page = await reina.receives()

    assert "🌱 Madurez: En consolidación" in page.text.splitlines()
    assert "🌱 Madurez" not in page.button_texts


async def test_the_web_page_and_the_api_show_the_level_what_it_rests_on_and_what_would_raise_it(web):
    text = visible_text(await (await web.get("/organizaciones/cafe-amboro", params={"lang": "es"})).text())
    api = await (await web.get("/api/v1/organizations/cafe-amboro")).json()

    assert "Se basa en:" in text and "Estatutos aprobados" in text
    assert "Para subir de nivel le falta:" in text and "Padrón de socios al día (últimos 12 meses)" in text
    assert api["maturity"] == "consolidating"
    assert api["maturity_reasons"]["met"] == ["legal_papers", "statutes", "members", "board_in_term", "sales",
                                              "fund_accounts"]
    assert "member_register" in api["maturity_reasons"]["raise_by"]
