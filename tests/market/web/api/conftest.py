"""The API on the demo network as of a fixed day, through the app's own factory.

The API only reads, so one demo database serves every test of the session (seeding it for
each test would take most of their time); it is made apart from the per-test databases.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from config import load_settings
from market.db import close_database, open_database
from market.demo.seed import seed_demo
from market.models import Seal
from market.web import create_app
from tests.support.clock import TODAY
from tests.support.databases import PostgresTestDatabase, SqliteTestDatabase, engine
from tests.support.settings import NO_RATE_LIMITS

# The demo's seals and fair prices are dated from the day it was seeded; the API reads them on the same day.


async def _seed(database_url: str) -> None:
    ctx = await open_database(database_url, global_fallback=False)
    try:
        await seed_demo(TODAY)
    finally:
        await close_database(ctx)


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory) -> Iterator[str]:
    """A migrated database holding the demo network, for the whole session; nothing may write to it."""
    database = PostgresTestDatabase() if engine() == "postgres" else SqliteTestDatabase(tmp_path_factory.mktemp("demo"))
    url = database.create()
    try:
        asyncio.run(_seed(url))
        yield url
    finally:
        database.drop()


def demo_app(database_url: str) -> web.Application:
    """The served app on the demo database (seeded as of TODAY, the test clock's day)."""
    return create_app(load_settings({"DATABASE_URL": database_url, **NO_RATE_LIMITS}))


@pytest.fixture
async def api(demo_database_url) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(demo_app(demo_database_url))) as client:
        yield client


async def seal_code(organization: str) -> str:
    """The demo seal of an organization: codes are drawn at random when the demo is seeded."""
    return await Seal.filter(organization__slug=organization).first().values_list("code", flat=True)


async def get_json(client: TestClient, path: str, **params) -> tuple[int, dict]:
    response = await client.get(path, params=params)
    return response.status, await response.json()
