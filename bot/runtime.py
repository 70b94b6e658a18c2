"""Run the bot inside Feria's process: by long polling, or by webhook inside the aiohttp app.

Either way updates go through the durable intake (bot.intake): stored in the inbox before they
are acknowledged, processed once from there.
"""

from __future__ import annotations

import dataclasses
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.application import build_application
from bot.intake import Intake, fault_from_environment, is_int64
from bot.outbox import OUTBOX
from bot.sandbox import SANDBOX_KEY, BotApiSandbox
from bot.wake import DISPATCHER
from config import Settings
from market.services.messaging.budgets import Budget

log = logging.getLogger(__name__)

BOT = web.AppKey("bot", Application)
INTAKE = web.AppKey("intake", Intake)
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def budget(settings: Settings) -> Budget | None:
    """Each person's budget of updates a minute (BOT_UPDATES_PER_MINUTE; 0: none)."""
    return Budget(settings.bot_updates_per_minute) if settings.bot_updates_per_minute else None


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


@asynccontextmanager
async def running(application: Application) -> AsyncIterator[None]:
    """Initialize and start the Application, with the hooks run_polling would call, and stop it after."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    try:
        yield
    finally:
        await application.stop()
        if application.post_stop:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


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
        # Our own polling loop replaces PTB's Updater, which acknowledges updates before they are stored.
        dispatcher = app.get(OUTBOX)
        application = build_application(bot_settings, updater=False, pacer=dispatcher.pacer if dispatcher else None)
        application.bot_data[DISPATCHER] = dispatcher
        # A process told to die after storing never processes: its own processor could claim the update
        # between the commit and the exit, and the restart would wait out the claim's lease (the kill test).
        fault = fault_from_environment()
        intake = Intake(application, after_store=fault, budget=budget(settings))
        async with running(application):
            intake.start(polling=True, processing=fault is None)
            log.info("bot: polling %s", bot_settings.telegram_api_url)
            app[BOT], app[INTAKE] = application, intake
            yield
            await intake.stop()

    return context


def add_webhook(app: web.Application, settings: Settings) -> None:
    """Receive updates at /telegram/webhook, checking Telegram's secret header."""
    secret = (settings.webhook_secret or "").encode()

    async def context(app: web.Application) -> AsyncIterator[None]:
        dispatcher = app.get(OUTBOX)
        application = build_application(settings, updater=False, pacer=dispatcher.pacer if dispatcher else None)
        application.bot_data[DISPATCHER] = dispatcher
        # A process told to die after storing never processes: its own processor could claim the update
        # between the commit and the exit, and the restart would wait out the claim's lease (the kill test).
        fault = fault_from_environment()
        intake = Intake(application, after_store=fault, budget=budget(settings))
        async with running(application):
            intake.start(polling=False, processing=fault is None)
            app[BOT], app[INTAKE] = application, intake
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=Update.ALL_TYPES
            )
            log.info("bot: webhook at %s", settings.webhook_url)
            yield
            await intake.stop()

    async def receive(request: web.Request) -> web.Response:
        """Check the secret, store the update and answer at once: processing happens after the 200."""
        if not secret or not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret):
            raise web.HTTPForbidden()
        try:
            data = await request.json()
        except ValueError:
            raise web.HTTPBadRequest() from None
        if not isinstance(data, dict) or not is_int64(data.get("update_id")):
            raise web.HTTPBadRequest()
        # A repeated delivery is answered 200 like the first, so that Telegram stops sending it.
        await request.app[INTAKE].store(data)
        return web.Response()

    app.cleanup_ctx.append(context)
    app.router.add_post(WEBHOOK_PATH, receive, name="telegram_webhook")
