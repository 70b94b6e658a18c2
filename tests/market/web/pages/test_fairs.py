"""/ferias: the next 60 days' ferias by territory, each in its territory's time zone and the page's language, its
place, who announces it (linked when an organization does), a territory filter, and a sentence when there are none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest

from market.models import FairEvent, Organization, PgsNetwork, Territory
from tests.market.web.api.test_openapi import validate
from tests.market.web.pages.conftest import page, visible_text

# A Saturday two weeks after the test clock's day: 09:00 to 18:00 in Santa Cruz, 10:00 to 19:00 in Porto Alegre.
STARTS = datetime(2026, 12, 5, 13, 0, tzinfo=timezone.utc)


@pytest.fixture
async def ferias(client) -> AsyncIterator[None]:
    """Three ferias: two in Bolivia (one past the 60 days) by an organization, one in Brazil by a network; taken
    away after (PostgreSQL shares the demo)."""
    amboro = await Organization.get(slug="cafe-amboro")
    network = await PgsNetwork.get(slug="rede-sul-certificacao")
    buena_vista = await Territory.get(code="bo-scz-buena-vista")
    porto_alegre = await Territory.get(code="br-rs-porto-alegre")
    made = [
        await FairEvent.create(organization=amboro, title="Feria del café", starts_at=STARTS,
                               ends_at=STARTS + timedelta(hours=9), place="Plaza principal", territory=buena_vista),
        await FairEvent.create(organization=amboro, title="Feria de otoño", starts_at=STARTS + timedelta(days=90),
                               place="Plaza principal", territory=buena_vista),
        await FairEvent.create(network=network, title="Feira agroecológica", starts_at=STARTS,
                               ends_at=STARTS + timedelta(days=1, hours=9), place="Parque da Redenção",
                               territory=porto_alegre, participants="Coletivo Ipê"),
    ]
    yield
    await FairEvent.filter(id__in=[fair.id for fair in made]).delete()


async def test_the_ferias_of_the_next_60_days_show_by_territory_in_their_own_time(client, ferias):
    body = await page(client, "/ferias", lang="es")

    text = visible_text(body)
    assert "Feria del café" in text and "Feira agroecológica" in text
    assert "Feria de otoño" not in text  # 90 days away
    assert "<h2>Buena Vista</h2>" in body and "<h2>Porto Alegre</h2>" in body
    assert "sábado, 5 de diciembre, 9:00 a. m.–6:00 p. m." in text  # visible_text makes CLDR's narrow spaces plain
    assert "sábado, 5 de dezembro, 10:00 – domingo, 6 de dezembro, 19:00" in visible_text(
        await page(client, "/ferias", lang="pt-BR"))
    assert '<a href="/organizaciones/cafe-amboro?lang=es">Asociación de Productores de Café Amboró</a>' in body
    assert "Anuncia: Rede Sul de Certificação Participativa · Con: Coletivo Ipê" in text
    assert '<meta name="description" content="Ferias y mercados solidarios de los próximos 60 días' in body


async def test_the_territory_filter_keeps_the_ferias_of_a_place_and_those_in_it(client, ferias):
    body = await page(client, "/ferias", lang="es", territorio="bo-scz")

    text = visible_text(body)
    assert "Feria del café" in text and "Feira agroecológica" not in text
    assert '<option value="bo-scz" selected>' in body


async def test_without_ferias_the_page_says_so_and_an_unknown_place_is_not_found(client):
    empty = await page(client, "/ferias", lang="en")
    await page(client, "/ferias", lang="es", territorio="nowhere", status=404)

    assert "No feria is announced for the next 60 days." in visible_text(empty)


async def test_the_home_page_and_the_footer_lead_to_the_ferias(client):
    body = await page(client, "/", lang="es")

    assert body.count('href="/ferias?lang=es"') == 2


async def test_the_api_lists_the_same_ferias_as_its_document_describes(client, ferias):
    response = await client.get("/api/v1/fairs", params={"territory": "bo"})
    body = await response.json()

    validate("/fairs", 200, response.content_type, body)
    [bolivia] = body["territories"]
    [fair] = bolivia["fairs"]
    assert bolivia["territory"] == {"code": "bo-scz-buena-vista", "name": "Buena Vista", "country_code": "BO"}
    assert (fair["title"], fair["starts_at"], fair["ends_at"]) == (
        "Feria del café", "2026-12-05T13:00:00+00:00", "2026-12-05T22:00:00+00:00")
    assert fair["announced_by"] == {"name": "Asociación de Productores de Café Amboró",
                                    "organization_slug": "cafe-amboro"}
