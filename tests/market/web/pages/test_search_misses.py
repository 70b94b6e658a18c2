"""A search on the web page that finds nothing is counted for the producers around the place searched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import load_settings
from market.enums import TerritoryLevel
from market.models import SearchMiss, Territory
from market.web import create_app
from tests.market.web.pages.conftest import page, visible_text
from tests.support.settings import NO_RATE_LIMITS


@pytest.fixture
async def client(database_url) -> AsyncIterator[TestClient]:
    """The app on an empty database of this test's own: the shared demo must not collect misses."""
    async with TestClient(TestServer(create_app(load_settings({"DATABASE_URL": database_url, **NO_RATE_LIMITS})))) as client:
        await Territory.create(code="bo-scz", name="Santa Cruz", level=TerritoryLevel.REGION, country_code="BO",
                               currency="BOB", time_zone="America/La_Paz")
        yield client


async def test_a_search_that_finds_nothing_is_counted_once_a_day_with_the_territory_filtered_on(client):
    for _ in range(2):
        body = await page(client, "/buscar", lang="es", q=" Quinua roja ", territorio="bo-scz")
    await page(client, "/buscar", lang="es", q="quinua roja")
    await page(client, "/buscar", lang="es", q="llame al 71234567")
    await page(client, "/buscar", lang="es")

    rows = await SearchMiss.all().order_by("id").values_list("territory__code", "search_key", "channel")

    assert "Resultados para “Quinua roja”" in visible_text(body)
    assert rows == [("bo-scz", "quinua roja", "web"), (None, "quinua roja", "web")]
