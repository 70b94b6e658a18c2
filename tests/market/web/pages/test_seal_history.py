"""The seal page's history: each visit that granted or renewed the seal, who signed it as the network publishes
them, its checklist and conditions, and what befell the seal since; never what the network kept for itself."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import load_settings
from market.enums import SealStatus
from market.models import Organization, PgsNetwork, Seal
from market.seal_codes import new_seal_code
from market.web import create_app
from market.web.pages.common import Formats
from tests.market.services.seal_world import NETWORK
from tests.market.web.pages.conftest import BOT, PUBLIC_URL, page, visible_text
from tests.market.web.seal_history_world import CONDITIONS, SECRETS, SUSPENSION, HistoryWorld, day, make_seal_history
from tests.support.settings import NO_RATE_LIMITS


@pytest.fixture
async def client(database_url) -> AsyncIterator[TestClient]:
    settings = load_settings({"DATABASE_URL": database_url, "PUBLIC_URL": PUBLIC_URL, "BOT_USERNAME": BOT,
                              **NO_RATE_LIMITS})
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


@pytest.fixture
async def world(client) -> HistoryWorld:
    return await make_seal_history()


def on(days: int, locale: str = "es") -> str:
    return Formats(locale).date(day(days))


async def test_the_history_tells_each_visit_and_event_newest_first(client, world):
    text = visible_text(await page(client, f"/sellos/{world.seal_code}", lang="es"))

    history = text[text.index("Historial del sello"):text.index("Código QR")]
    headings = [
        f"{on(-3)}: se cumplió una condición", f"{on(-5)}: sello rehabilitado", f"{on(-10)}: sello suspendido",
        f"{on(-18)}: sello renovado con condiciones", f"{on(-200)}: sello otorgado",
    ]
    assert [history.index(h) for h in headings] == sorted(history.index(h) for h in headings)
    assert f"{on(-10)}: sello suspendido Motivo: {SUSPENSION}" in history


async def test_a_visit_in_the_chat_shows_its_checklist_signers_and_conditions(client, world):
    text = visible_text(await page(client, f"/sellos/{world.seal_code}", lang="es"))

    renewal = text[text.index(f"{on(-18)}: sello renovado"):text.index(f"{on(-200)}: sello otorgado")]
    assert f"Visita del {on(-20)}, decidida el {on(-18)}." in renewal
    assert "Lista de verificación versión 2: 8 normas verificadas, 1 no aplica, 1 no cumplida" in renewal
    assert "Firmada por: Juana Condori Quispe, productor/a de CORACA Irupana una persona consumidora" in renewal
    met, pending, past_due = (CONDITIONS[status] for status in ("met", "pending", "past_due"))
    assert f"{met[0]} (vence el {on(met[1])}): cumplida el {on(met[2])}" in renewal
    assert f"{pending[0]} (vence el {on(pending[1])}): pendiente" in renewal
    assert f"{past_due[0]} (vence el {on(past_due[1])}): vencida" in renewal


async def test_a_visit_recorded_without_a_checklist_says_so(client, world):
    text = visible_text(await page(client, f"/sellos/{world.seal_code}", lang="pt-BR"))

    grant = text[text.index(f"{on(-200, 'pt_BR')}: selo concedido"):text.index("Código QR")]
    assert f"Visita em {on(-202, 'pt_BR')}, decidida em {on(-200, 'pt_BR')}." in grant
    assert "Sem lista de verificação" in grant
    assert ("Assinada por: Juana Condori Quispe, produtor(a) de CORACA Irupana uma pessoa consumidora "
            "uma pessoa técnica") in grant


async def test_a_signers_organization_is_linked_only_when_it_has_a_public_page(client, world):
    linked = await page(client, f"/sellos/{world.seal_code}", lang="es")
    await Organization.filter(slug="coraca-irupana").update(status="pending")
    unlinked = await page(client, f"/sellos/{world.seal_code}", lang="es")

    assert 'productor/a de <a href="/organizaciones/coraca-irupana?lang=es">CORACA Irupana</a>' in linked
    assert "productor/a de CORACA Irupana" in unlinked and 'href="/organizaciones/coraca-irupana' not in unlinked


async def test_nothing_the_network_kept_for_itself_reaches_the_page(client, world):
    for lang in ("es", "pt-BR", "en"):
        body = await page(client, f"/sellos/{world.seal_code}", lang=lang)

        shown = [what for what, words in SECRETS.items() if words in body]
        assert shown == [], lang


async def test_the_page_in_english_names_roles_plainly(client, world):
    text = visible_text(await page(client, f"/sellos/{world.seal_code}", lang="en"))

    assert "Signed by: Juana Condori Quispe, producer of CORACA Irupana a consumer a technician" in text
    assert "Checklist version 2: 8 norms verified, 1 does not apply, 1 not met" in text


async def test_a_seal_no_visit_has_granted_yet_says_so(client, world):
    network, organization = await PgsNetwork.get(slug=NETWORK), await Organization.get(slug="coraca-irupana")
    seal = await Seal.create(code=new_seal_code(), network=network, organization=organization,
                             status=SealStatus.IN_REVIEW)

    text = visible_text(await page(client, f"/sellos/{seal.code}", lang="es"))

    assert "Historial del sello Ninguna visita otorgó este sello todavía." in text
