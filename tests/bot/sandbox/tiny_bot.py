"""A tiny bot with what the real one may not show yet: buttons, an alert, a photo, a keyboard, a deletion.

`sandbox_without_limits` and `tiny_bot` are cleanup contexts for a web app that serves the chat page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.sandbox import SANDBOX_KEY, BotApiSandbox
from tests.bot.sandbox.conftest import TOKEN
from tests.bot.sandbox.images import PNG_2x3


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    buttons = [[InlineKeyboardButton("Ver catálogo", callback_data="catalog"),
                InlineKeyboardButton("Ayuda", callback_data="help")]]
    await update.message.reply_text("¿Qué quieres hacer?", reply_markup=InlineKeyboardMarkup(buttons))


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query.data == "help":
        await query.answer("Escribe /menu para empezar.", show_alert=True)
        return
    await query.answer("Abriendo el catálogo")
    await query.edit_message_text("Catálogo: <b>tomate</b>, quinua", parse_mode="HTML")


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_photo(PNG_2x3, caption="Tomate de Sorata")


async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("¿En qué unidad?", reply_markup=ReplyKeyboardMarkup([["kg", "quintal"]]))


async def vanish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    sent = await update.message.reply_text("Esto se borra")
    await sent.delete()


async def photo_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    largest = update.message.photo[-1]
    await update.message.reply_text(f"Foto de {largest.width}x{largest.height}: {update.message.caption}")


async def sandbox_without_limits(app: web.Application) -> AsyncIterator[None]:
    """As serve's sandbox, but without flood limits: the tiny bot answers several times a second."""
    sandbox = BotApiSandbox(limits=None)
    await sandbox.start()
    app[SANDBOX_KEY] = sandbox
    yield
    await sandbox.stop()


async def tiny_bot(app: web.Application) -> AsyncIterator[None]:
    sandbox = app[SANDBOX_KEY]
    application = ApplicationBuilder().token(TOKEN).base_url(sandbox.api_url).base_file_url(sandbox.file_url).build()
    for command, handler in (("menu", menu), ("foto", photo), ("unidad", units), ("borrar", vanish)):
        application.add_handler(CommandHandler(command, handler))
    application.add_handler(CallbackQueryHandler(pressed))
    application.add_handler(MessageHandler(filters.PHOTO, photo_received))
    await application.initialize()
    await application.bot.set_my_commands([("menu", "Ver el menú")], language_code="es")
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
