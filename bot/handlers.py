"""Chat handlers. Each parses the update, calls one service, and answers in the person's language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from market.i18n import Translator, pick_locale

log = logging.getLogger(__name__)


def translator_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Translator:
    """The person's language: Telegram's language_code, else the default (a stored choice comes with /idioma)."""
    settings = context.bot_data["settings"]
    user = update.effective_user
    return Translator(pick_locale(None, user.language_code if user else None, settings.default_locale))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the person in their language."""
    _ = translator_for(update, context).gettext
    name = update.effective_user.first_name if update.effective_user else ""
    await update.effective_message.reply_text(
        _("Hello, {name}! Welcome to Feria, the solidarity market.").format(name=name)
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error first, then tell the person, in their language, that nothing was lost."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        _ = translator_for(update, context).gettext
        await context.bot.send_message(
            update.effective_chat.id, _("Something went wrong on our side. Nothing was lost; please try again.")
        )
