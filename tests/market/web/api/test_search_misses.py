"""A product search of the API that finds nothing is counted for the producers around the place searched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from market.models import SearchMiss, Territory
from market.models.enums import TerritoryLevel
from tests.market.web.api.conftest import demo_app, get_json


@pytest.fixture
async def api(database_url) -> AsyncIterator[TestClient]:
    """The app on an empty database of this test's own: the shared demo database is read-only."""
    async with TestClient(TestServer(demo_app(database_url))) as client:
        await Territory.create(code="bo-scz", name="Santa Cruz", level=TerritoryLevel.REGION, country_code="BO",
                               currency="BOB", time_zone="America/La_Paz")
        yield client


async def test_a_search_that_finds_nothing_is_counted_with_its_territory(api):
    status, body = await get_json(api, "/api/v1/products", q="Quinua roja", territory="bo-scz")
    await get_json(api, "/api/v1/products", q="quinua roja", territory="bo-scz", limit="5")
    await get_json(api, "/api/v1/products", territory="bo-scz")

    rows = await SearchMiss.all().values_list("territory__code", "search_key", "text", "channel", "count")

    assert (status, body["items"]) == (200, [])
    assert rows == [("bo-scz", "quinua roja", "Quinua roja", "api", 2)]
