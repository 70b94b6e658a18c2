"""Run the outbox dispatcher for an aiohttp app's lifetime, on a Bot of its own."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from telegram import Bot
from telegram.error import TelegramError

from bot import connections
from bot.outbox.dispatcher import Dispatcher, Renderer
from bot.sandbox import SANDBOX_KEY
from config import Settings

log = logging.getLogger(__name__)

OUTBOX = web.AppKey("outbox", Dispatcher)
# Sends overlap only by their round trips (the pacer spaces them): 30 a second at 200 ms each is
# 6 at once. PTB's default of 256 connections costs more than it serves: httpx looks through the
# whole pool for every request, which at 300 a second took a fifth of the process's time.
CONNECTIONS = 16
POOL_TIMEOUT = 5.0  # a send waiting for a connection is not a failed send


def outbox_bot(settings: Settings, *, api_url: str | None = None, file_url: str | None = None) -> Bot:
    """A Bot for the dispatcher alone: no AIORateLimiter (the dispatcher paces), its own connections."""
    from bot.application import SANDBOX_TOKEN  # here: bot.application imports the outbox's pacer

    return Bot(
        settings.telegram_bot_token or SANDBOX_TOKEN,
        base_url=api_url or settings.telegram_api_url, base_file_url=file_url or settings.telegram_file_url,
        request=connections.request(CONNECTIONS, pool_timeout=POOL_TIMEOUT),
        get_updates_request=connections.request(1),  # never used, but a Bot builds one
    )


def outbox_context(settings: Settings, render: Renderer, **options: Any):
    """A cleanup context running a Dispatcher (the ORM opens first); it is at app[OUTBOX] for wake().

    When the app runs the offline sandbox, the dispatcher sends there. `options` go to Dispatcher.
    """

    async def context(app: web.Application) -> AsyncIterator[None]:
        sandbox = app.get(SANDBOX_KEY)
        bot = outbox_bot(settings, api_url=sandbox.api_url if sandbox else None,
                         file_url=sandbox.file_url if sandbox else None)
        try:
            await bot.initialize()
        except TelegramError as error:  # Telegram unreachable now: the dispatcher retries each message
            log.warning("outbox: getMe failed (%s); sending anyway", error)
        dispatcher = Dispatcher(bot, render, settings, **options)
        task = asyncio.create_task(dispatcher.run(), name="outbox dispatcher")
        app[OUTBOX] = dispatcher
        try:
            yield
        finally:
            await dispatcher.stop()
            await task
            await bot.shutdown()

    return context
