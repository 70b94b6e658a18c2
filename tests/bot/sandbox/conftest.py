"""Fixtures: a sandbox on a free loopback port, a fake clock, python-telegram-bot's Bot and raw HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from bot import connections
from bot.sandbox import BotApiSandbox, FloodLimits, SandboxClient, SandboxPerson

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuv"


class FakeClock:
    """Seconds since the epoch that move only when a test says so."""

    def __init__(self, now: float = 1_767_225_600.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RawApi:
    """Calls the sandbox as PTB does (a form whose non-string values are JSON) and keeps the status."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str = TOKEN):
        self.session, self.url, self.token = session, url, token

    async def __call__(self, method: str, token: str | None = None, **params: Any) -> tuple[int, dict]:
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        async with self.session.post(f"{self.url}/bot{token or self.token}/{method}", data=form) as response:
            return response.status, await response.json()


@pytest.fixture(autouse=True)
def retry_after_as_timedelta(monkeypatch):
    """PTB 22 warns when RetryAfter.retry_after is read as an int; its timedelta form is the future one."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def limits() -> FloodLimits | None:
    """No flood limits unless a test asks for them (override this fixture, or build its own sandbox)."""
    return None


@pytest.fixture
async def sandbox(clock, limits) -> AsyncIterator[BotApiSandbox]:
    sandbox = BotApiSandbox(limits=limits, clock=clock, webhook_retry_delay=0.05)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def bot(sandbox) -> AsyncIterator[Bot]:
    """python-telegram-bot's Bot pointed at the sandbox (initialize() has called getMe)."""
    bot = Bot(TOKEN, base_url=sandbox.api_url, base_file_url=sandbox.file_url,
              request=connections.request(256), get_updates_request=connections.request(1))
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
async def raw(sandbox) -> AsyncIterator[RawApi]:
    async with aiohttp.ClientSession() as session:
        yield RawApi(session, sandbox.url)


@pytest.fixture
def client(sandbox) -> SandboxClient:
    return SandboxClient(sandbox, TOKEN)


@pytest.fixture
def ana(client) -> SandboxPerson:
    return client.person(777, "Ana", language_code="es")
