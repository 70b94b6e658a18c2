"""Fixtures of the bot's tests: an offline Bot API sandbox without flood limits (tests/bot/sandbox and
tests/bot/outbox build their own, with a fake clock and Telegram's limits on)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox import BotApiSandbox


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    sandbox = BotApiSandbox(limits=None, webhook_retry_delay=0.05)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()
