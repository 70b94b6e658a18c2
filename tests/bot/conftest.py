"""Fixtures of the bot's tests: an offline Bot API sandbox without flood limits (tests/bot/sandbox and
tests/bot/outbox build their own, with a fake clock and Telegram's limits on)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bot.sandbox import BotApiSandbox, SandboxClient


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    sandbox = BotApiSandbox(limits=None, webhook_retry_delay=0.05)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture(autouse=True)
def patience(monkeypatch) -> float:
    """FERIA_TEST_PATIENCE=4 makes every wait for the bot 4 times longer (a loaded machine, libfaketime)."""
    times = float(os.environ.get("FERIA_TEST_PATIENCE", "1"))
    monkeypatch.setattr(SandboxClient, "patience", times)
    return times
