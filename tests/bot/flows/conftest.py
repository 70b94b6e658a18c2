"""The served bot with the demo network, and people who talk to it through the offline sandbox.

The sandbox lives outside the served app, so that a test can stop the bot and start it
again while the people and their chats stay (a restart in the middle of a conversation).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.sandbox import SandboxClient, SandboxPerson
from config import Settings, load_settings
from market.demo.seed import seed_demo
from serve import build
from tests.support.clock import TODAY
from tests.support.network import free_port

TOKEN = "4242:FERIA-FLOW-TESTS-token"
HILDA = 900_000_001  # admin of the Asociación de Productores de Café Amboró (demo data), writes Spanish
REINA = 900_000_002  # one of its producers


@pytest.fixture(autouse=True)
def retry_after_as_timedelta(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def people(sandbox) -> SandboxClient:
    return SandboxClient(sandbox, TOKEN)


@pytest.fixture
async def feria_settings(seeded, sandbox) -> Settings:
    database_url = await seeded(lambda: seed_demo(TODAY), ("demo", TODAY))
    return load_settings({
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": sandbox.api_url, "TELEGRAM_FILE_URL": sandbox.file_url,
        "OUTBOX_POLL_INTERVAL": "0.1", "BOT_UPDATES_PER_MINUTE": "0",  # tests/bot/test_fair_intake.py has budgets
    })


@pytest.fixture(params=["polling"])
def mode(request) -> str:
    """How the bot receives updates; a test module widens it with `pytestmark` or its own fixture."""
    return request.param


@pytest.fixture
def serving(feria_settings, mode) -> Callable[[], AbstractAsyncContextManager[web.Application]]:
    """`async with serving():` runs Feria (web, bot, outbox) against the sandbox until the block ends.

    In webhook mode the sandbox delivers each update to /telegram/webhook with the secret header.
    """

    @asynccontextmanager
    async def run() -> AsyncIterator[web.Application]:
        settings, port = feria_settings, None
        if mode == "webhook":
            port = free_port()
            settings = dataclasses.replace(
                settings, webhook_url=f"http://127.0.0.1:{port}/telegram/webhook", webhook_secret="flow-tests-secret"
            )
        app = build(settings, "all")
        async with TestClient(TestServer(app, port=port)):
            yield app

    return run


@pytest.fixture
async def feria(serving) -> AsyncIterator[web.Application]:
    async with serving() as app:
        yield app


@pytest.fixture
def ana(people) -> SandboxPerson:
    """A consumer new to Feria who writes Spanish."""
    return people.person(5001, "Ana", language_code="es")


@pytest.fixture
def hilda(people) -> SandboxPerson:
    return people.person(HILDA, "Hilda", language_code="es")
