"""A real python-telegram-bot Application, polling the sandbox, as a person in the chat sees it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.bot.sandbox.conftest import TOKEN
from tests.bot.sandbox.images import PNG_2x3


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = [
        [InlineKeyboardButton("Ver catálogo", callback_data="catalog")],
        [InlineKeyboardButton("Sitio web", url="https://feria.example.org")],
    ]
    await update.message.reply_text("¿Qué quieres hacer?", reply_markup=InlineKeyboardMarkup(keyboard))


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    # CallbackQueries need to be answered, even when the edit says it all.
    await query.answer("Abriendo el catálogo")
    await query.edit_message_text(f"Elegiste: {query.data}")


async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = ReplyKeyboardMarkup([["kg", "quintal"]], one_time_keyboard=True)
    await update.message.reply_text("¿En qué unidad?", reply_markup=keyboard)


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_photo(PNG_2x3, caption="<b>Tomate</b> de Sorata", parse_mode="HTML")


@pytest.fixture
async def application(sandbox) -> AsyncIterator[Application]:
    application = (
        ApplicationBuilder().token(TOKEN).base_url(sandbox.api_url).base_file_url(sandbox.file_url).build()
    )
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CommandHandler("unidad", units))
    application.add_handler(CommandHandler("foto", photo))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(CallbackQueryHandler(chosen))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_a_person_who_writes_gets_the_echo_from_the_bot(application, ana):
    await ana.says("hola, feria")

    reply = await ana.receives()

    assert reply.text == "hola, feria"
    assert reply.from_bot and reply.raw["from"]["is_bot"] is True


async def test_a_command_shows_an_inline_keyboard_with_callback_and_url_buttons(application, ana):
    await ana.says("/menu")

    reply = await ana.receives()

    assert reply.text == "¿Qué quieres hacer?"
    assert reply.buttons == [[("Ver catálogo", "catalog")], [("Sitio web", "https://feria.example.org")]]


async def test_pressing_a_button_edits_the_message_and_answers_the_callback(application, ana):
    await ana.says("/menu")
    menu_message = await ana.receives()

    await ana.presses("Ver catálogo")
    edited = await ana.sees_edited(menu_message)
    answer = await ana.sees_answer()

    assert edited.message_id == menu_message.message_id
    assert edited.text == "Elegiste: catalog"
    assert edited.buttons == []  # an edit that leaves out reply_markup removes the keyboard, as in Telegram
    assert edited.edited
    assert answer.text == "Abriendo el catálogo" and not answer.show_alert


async def test_a_url_button_opens_a_link_and_tells_the_bot_nothing(application, ana, client):
    await ana.says("/menu")
    await ana.receives()

    pressed = await ana.presses("Sitio web")

    assert pressed is None
    assert client.bot.callbacks == {}


async def test_a_one_time_reply_keyboard_sends_its_text_and_then_hides(application, ana):
    await ana.says("/unidad")
    question = await ana.receives()

    await ana.presses("quintal")
    echoed = await ana.receives()

    assert question.keyboard == [["kg", "quintal"]]
    assert echoed.text == "quintal"
    assert ana.keyboard is None


async def test_a_photo_from_the_bot_arrives_with_sizes_and_its_parsed_caption(application, ana, client):
    await ana.says("/foto")

    reply = await ana.receives()

    assert reply.caption == "Tomate de Sorata"
    assert reply.raw["caption_entities"] == [{"type": "bold", "offset": 0, "length": 6}]
    assert (reply.photo[-1]["width"], reply.photo[-1]["height"]) == (2, 3)
    assert client.download(reply.photo[-1]["file_id"]) == PNG_2x3


async def test_a_photo_from_a_person_reaches_the_bot_which_can_download_it(application, ana, client):
    received = []

    async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        received.append(update.message.photo)

    application.add_handler(MessageHandler(filters.PHOTO, keep))
    sent = await ana.sends_photo(PNG_2x3, caption="mi cosecha")

    await client.wait_until(lambda: received or None, 3.0, lambda: "the bot got no photo")
    downloaded = await (await application.bot.get_file(received[0][-1].file_id)).download_as_bytearray()

    assert received[0][-1].file_id == sent.photo[-1]["file_id"]
    assert bytes(downloaded) == PNG_2x3
