"""A product search of the API that finds nothing is counted for the producers around the place searched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from market.enums import TerritoryLevel
from market.models import SearchMiss, Territory
from tests.market.web.api.conftest import demo_app, get_json


@pytest.fixture
async def api(database_url) -> AsyncIterator[TestClient]:
    """The app on an empty database of this test's own: the shared demo database is read-only."""
    async with TestClient(TestServer(demo_app(database_url))) as client:
        await Territory.create(code="bo-scz", name="Santa Cruz", level=TerritoryLevel.REGION, country_code="BO",
                               currency="BOB", time_zone="America/La_Paz")
        yield client


async def test_a_search_that_finds_nothing_is_counted_once_a_day_for_the_client_with_its_territory(api):
    status, body = await get_json(api, "/api/v1/products", q="Quinua roja", territory="bo-scz")
    await get_json(api, "/api/v1/products", q="quinua roja", territory="bo-scz", limit="5")
    await get_json(api, "/api/v1/products", territory="bo-scz")

    rows = await SearchMiss.all().values_list("territory__code", "search_key", "channel", "person_id")

    assert (status, body["items"]) == (200, [])
    assert rows == [("bo-scz", "quinua roja", "api", None)]


async def test_fifty_requests_with_a_phishing_line_leave_nothing_for_producers(api):
    for n in range(50):  # an extra parameter passes the cache each time
        await get_json(api, "/api/v1/products", q="PAGO ATRASADO escriba a t.me/pagosbo", territory="bo-scz", n=str(n))
        await get_json(api, "/api/v1/products", q="pago atrasado escriba", territory="bo-scz", n=str(n))

    rows = await SearchMiss.all().values_list("search_key", flat=True)

    assert rows == ["pago atrasado escriba"]  # one client: one row, far from the three people the board asks
