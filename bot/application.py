"""Build the python-telegram-bot Application for Feria's settings."""

from __future__ import annotations

import logging

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, CommandHandler

from bot import handlers
from config import Settings

log = logging.getLogger(__name__)

# The offline sandbox accepts any well-formed token; this one names itself.
SANDBOX_TOKEN = "123456789:FERIA-SANDBOX-OFFLINE-TOKEN"


def build_application(settings: Settings, *, updater: bool = True) -> Application:
    """The bot, pointed at TELEGRAM_API_URL (Telegram, or any Bot-API-compatible server).

    `updater=False` builds it for webhook mode, where aiohttp receives the updates.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token or SANDBOX_TOKEN)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .rate_limiter(AIORateLimiter())
    )
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data["settings"] = settings
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_error_handler(handlers.on_error)
    return application
