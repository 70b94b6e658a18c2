"""Run the bot inside Feria's process: by long polling, or by webhook inside the aiohttp app."""

from __future__ import annotations

import dataclasses
import hmac
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.application import build_application
from bot.sandbox import SANDBOX_KEY, BotApiSandbox
from config import Settings

log = logging.getLogger(__name__)

BOT = web.AppKey("bot", Application)
WEBHOOK_PATH = "/telegram/webhook"


def sandbox_context(port: int):
    """A cleanup context running the offline Bot API sandbox on loopback (no token, no Telegram)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        sandbox = BotApiSandbox()
        await sandbox.start("127.0.0.1", port)
        log.info("bot: offline sandbox Bot API at %s", sandbox.api_url)
        app[SANDBOX_KEY] = sandbox
        yield
        await sandbox.stop()

    return context


def polling_context(settings: Settings):
    """A cleanup context that polls the Bot API for the app's lifetime (the ORM opens first).

    When the app runs the sandbox, the bot polls it instead of TELEGRAM_API_URL.
    """

    async def context(app: web.Application) -> AsyncIterator[None]:
        bot_settings = settings
        if SANDBOX_KEY in app:
            sandbox = app[SANDBOX_KEY]
            bot_settings = dataclasses.replace(
                settings, telegram_api_url=sandbox.api_url, telegram_file_url=sandbox.file_url
            )
        application = build_application(bot_settings)
        await application.initialize()
        await application.start()
        await application.updater.start_polling(drop_pending_updates=False)
        log.info("bot: polling %s", bot_settings.telegram_api_url)
        app[BOT] = application
        yield
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    return context


def add_webhook(app: web.Application, settings: Settings) -> None:
    """Receive updates at /telegram/webhook, checking Telegram's secret header."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        application = build_application(settings, updater=False)
        await application.initialize()
        await application.start()
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=Update.ALL_TYPES
        )
        log.info("bot: webhook at %s", settings.webhook_url)
        app[BOT] = application
        yield
        await application.stop()
        await application.shutdown()

    async def receive(request: web.Request) -> web.Response:
        """Check the secret, queue the update and answer at once, so Telegram does not retry."""
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), settings.webhook_secret.encode()):
            raise web.HTTPForbidden()
        try:
            data = await request.json()
        except ValueError:
            raise web.HTTPBadRequest() from None
        application = request.app[BOT]
        await application.update_queue.put(Update.de_json(data, application.bot))
        return web.Response()

    app.cleanup_ctx.append(context)
    app.router.add_post(WEBHOOK_PATH, receive, name="telegram_webhook")
