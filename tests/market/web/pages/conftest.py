"""The real web app on the demo network, seeded as of the test clock's day (the pages read seals by that date)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import load_settings
from market.db import close_database, open_database
from market.demo.seed import seed_demo
from market.models import Product, ProductPhoto, Seal
from market.web import create_app
from tests.support.clock import TODAY
from tests.support.databases import PostgresTestDatabase, SqliteTestDatabase
from tests.support.settings import NO_RATE_LIMITS

BOT = "FeriaDemoBot"
FILE_ID = "AgACAgEAAxkBAAIBY2photo-of-the-coffee"  # the Telegram photo of the coffee (the fixture `coffee`)
PUBLIC_URL = "https://feria.example.org"


@dataclass(frozen=True)
class Demo:
    """What the tests look up in the seeded demo: ids and codes are made by the seed."""

    product_ids: dict[str, int]
    # The code of each organization's seal, by organization slug.
    seal_codes: dict[str, str]
    active_product_count: int


async def _seed(database_url: str) -> Demo:
    ctx = await open_database(database_url, global_fallback=False)
    await seed_demo(TODAY)
    found = Demo(
        product_ids=dict(await Product.all().values_list("name", "id")),
        seal_codes=dict(await Seal.all().values_list("organization__slug", "code")),
        active_product_count=await Product.filter(active=True).count(),
    )
    await close_database(ctx)
    return found


@pytest.fixture(scope="session")
def seeded(migrated_database, tmp_path_factory) -> Iterator[tuple[str, Demo]]:
    """The demo, seeded once a session (seeding takes most of a page test's time): a URL and its lookups.

    On SQLite it is a template file that each test copies; on PostgreSQL a database of its own
    that the page tests share, so a test that changes it must put it back.
    """
    if isinstance(migrated_database, SqliteTestDatabase):
        template = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        yield str(template), asyncio.run(_seed(migrated_database.fresh_copy(template)))
        return
    shared = PostgresTestDatabase()
    shared.create()
    try:
        yield shared.url, asyncio.run(_seed(shared.url))
    finally:
        shared.drop()


@pytest.fixture
def demo_database(seeded, tmp_path) -> tuple[str, Demo]:
    """A database holding the demo network; its URL and what the tests look up."""
    location, demo = seeded
    if location.startswith("postgres://"):
        return location, demo
    shutil.copyfile(location, tmp_path / "demo.sqlite3")
    return f"sqlite://{tmp_path / 'demo.sqlite3'}", demo


@pytest.fixture
def demo(demo_database) -> Demo:
    return demo_database[1]


@pytest.fixture
async def client(demo_database) -> AsyncIterator[TestClient]:
    settings = load_settings({"DATABASE_URL": demo_database[0], "PUBLIC_URL": PUBLIC_URL, "BOT_USERNAME": BOT,
                              **NO_RATE_LIMITS})
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


@pytest.fixture
async def coffee(client, demo) -> AsyncIterator[int]:
    """The coffee of the demo with a photo a producer sent; put back as it was after (PostgreSQL shares the demo)."""
    product_id = demo.product_ids["Café orgánico de Yungas"]
    await Product.filter(id=product_id).update(photo_file_id=FILE_ID)
    yield product_id
    await ProductPhoto.filter(product_id=product_id).delete()
    await Product.filter(id=product_id).update(photo_file_id=None)


async def page(client: TestClient, path: str, *, lang: str | None = None, status: int = 200, **params) -> str:
    """The HTML of a page, after checking its status; `lang` goes in Accept-Language, as a browser sends it."""
    headers = {"Accept-Language": lang} if lang else {}
    response = await client.get(path, params=params, headers=headers)
    body = await response.text()
    assert response.status == status, body
    return body


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What a person reads on the page: the text without tags, spaces collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
