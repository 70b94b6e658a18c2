"""Groups the bot is added to and removed from, and documents sent both ways, as Telegram does them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from bot.sandbox import SANDBOX_KEY
from bot.sandbox.chatpage import add_chat_page
from tests.bot.sandbox.conftest import TOKEN
from tests.bot.sandbox.images import PNG_2x3

PRICES_CSV = b"producto,precio\nquinua real,12.50\npapa imilla,4\n"
BOT_USERNAME = "sandbox_123456_bot"  # the name a bot gets when the test has not named it


# Groups


async def test_adding_the_bot_to_a_group_tells_it_with_a_my_chat_member_update(bot, client, ana):
    group = client.group("Grupo de compras El Alto", with_bot=False)

    client.add_bot_to_group(777, group)
    (update,) = await bot.get_updates()

    change = update.my_chat_member
    assert (change.chat.id, change.chat.type, change.chat.title) == (group, "group", "Grupo de compras El Alto")
    assert change.from_user.id == 777
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")
    assert change.new_chat_member.user.id == bot.id


async def test_a_bot_added_as_administrator_gets_telegrams_administrator_rights(bot, client, ana):
    group = client.group("Cooperativa Sorata", supergroup=True, with_bot=False)

    client.add_bot_to_group(777, group, as_admin=True)
    (update,) = await bot.get_updates()

    admin = update.my_chat_member.new_chat_member
    assert update.my_chat_member.chat.type == "supergroup"
    assert admin.status == "administrator"
    assert admin.can_delete_messages and admin.can_invite_users and not admin.can_promote_members


async def test_ptb_decodes_the_update_a_webhook_would_receive(bot, client, ana):
    group = client.group("Grupo de compras El Alto", with_bot=False)
    client.add_bot_to_group(777, group)

    update = Update.de_json(client.bot.updates[0], bot)

    assert update.my_chat_member.new_chat_member.status == "member"


async def test_a_group_without_the_bot_refuses_its_messages(raw, bot, client, ana):
    group = client.group("Grupo de compras El Alto", with_bot=False)

    status, body = await raw("sendMessage", chat_id=group, text="Hola a todos")
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(group, "Hola a todos")

    assert (status, body["description"]) == (403, "Forbidden: bot is not a member of the group chat")


async def test_once_added_the_bot_can_write_in_the_group(bot, client, ana):
    group = client.group("Grupo de compras El Alto", with_bot=False)
    client.add_bot_to_group(777, group)

    await bot.send_message(group, "Ronda abierta")

    assert [m.text for m in client.sent_to(group)] == ["Ronda abierta"]


async def test_a_removed_bot_is_told_and_can_no_longer_write(bot, client, ana):
    group = client.group("Grupo de compras El Alto", with_bot=False)
    client.add_bot_to_group(777, group)

    client.remove_bot_from_group(777, group)
    updates = await bot.get_updates()

    change = updates[-1].my_chat_member
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("member", "left")
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(group, "¿Siguen ahí?")


async def test_a_bot_banned_from_a_supergroup_is_kicked(bot, client, ana):
    group = client.group("Cooperativa Sorata", supergroup=True)

    client.remove_bot_from_group(777, group, banned=True)
    (update,) = await bot.get_updates()

    assert update.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(group, "¿Siguen ahí?")


async def test_a_group_made_with_the_bot_in_it_needs_no_update(bot, client):
    group = client.group("Grupo de compras El Alto")

    await bot.send_message(group, "Ronda abierta")

    assert await bot.get_updates() == ()


async def test_a_person_writing_in_a_group_reaches_the_bot_only_while_it_is_there(bot, client, ana):
    with_bot = client.group("Grupo de compras El Alto")
    without_bot = client.group("Vecinos de Achumani", with_bot=False)

    await client.send_text(777, without_bot, "¿Alguien tiene papa?")
    await client.send_text(777, with_bot, "¿Alguien tiene quinua?")
    updates = await bot.get_updates()

    assert [(u.message.chat.type, u.message.text) for u in updates] == [("group", "¿Alguien tiene quinua?")]


async def test_a_command_addressed_to_the_bot_by_name_is_one_bot_command(bot, client, ana):
    group = client.group("Grupo de compras El Alto")
    text = f"/vincular@{BOT_USERNAME}"

    sent = await client.send_text(777, group, text)

    assert sent.raw["entities"] == [{"type": "bot_command", "offset": 0, "length": len(text)}]


async def linked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(f"Grupo vinculado: {update.effective_chat.title}")


@pytest.fixture
async def application(sandbox) -> AsyncIterator[Application]:
    application = ApplicationBuilder().token(TOKEN).base_url(sandbox.api_url).base_file_url(sandbox.file_url).build()
    application.add_handler(CommandHandler("vincular", linked))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_ptbs_command_handler_answers_a_command_addressed_to_it_in_a_group(application, client, ana):
    group = client.group("Grupo de compras El Alto")

    await client.send_text(777, group, f"/vincular@{BOT_USERNAME}")
    (reply,) = await client.wait_for_messages(group, 1)

    assert reply.text == "Grupo vinculado: Grupo de compras El Alto"


# Documents


async def test_a_document_comes_back_with_its_name_type_size_and_bytes(bot, client, ana):
    sent = await bot.send_document(777, PRICES_CSV, filename="precios.csv", caption="Precios de <b>marzo</b>",
                                   parse_mode="HTML")

    (shown,) = client.sent_to(777)
    assert (sent.document.file_name, sent.document.mime_type, sent.document.file_size) == (
        "precios.csv", "text/csv", len(PRICES_CSV))
    assert sent.caption == "Precios de marzo" and sent.caption_entities[0].type == "bold"
    assert shown.document["file_id"] == sent.document.file_id and shown.caption == "Precios de marzo"
    assert client.download(shown.document["file_id"]) == PRICES_CSV


async def test_a_document_can_be_downloaded_by_the_bot_through_get_file(bot, ana):
    sent = await bot.send_document(777, InputFile(PRICES_CSV, filename="precios.csv"))

    file = await bot.get_file(sent.document.file_id)

    assert bytes(await file.download_as_bytearray()) == PRICES_CSV
    assert file.file_path.endswith(".csv")


async def test_a_document_can_be_sent_again_by_its_file_id(bot, client, ana):
    first = await bot.send_document(777, PRICES_CSV, filename="precios.csv")

    again = await bot.send_document(777, first.document.file_id, caption="Otra vez")

    assert again.document == first.document
    assert [m.document["file_name"] for m in client.sent_to(777)] == ["precios.csv", "precios.csv"]


async def test_a_photos_file_id_is_not_a_document(bot, ana):
    photo = await bot.send_photo(777, PNG_2x3)

    with pytest.raises(BadRequest, match="Type of file mismatch"):
        await bot.send_document(777, photo.photo[-1].file_id)


async def test_a_document_carries_its_inline_keyboard(bot, client, ana):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Confirmar precios", callback_data="ok")]])

    await bot.send_document(777, PRICES_CSV, filename="precios.csv", reply_markup=keyboard)

    assert client.sent_to(777)[0].buttons == [[("Confirmar precios", "ok")]]


async def test_a_document_caption_longer_than_1024_characters_is_refused(bot, client, ana):
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(777, PRICES_CSV, filename="precios.csv", caption="x" * 1025)

    assert client.sent_to(777) == []


async def test_an_empty_file_is_refused(bot, ana):
    with pytest.raises(BadRequest, match="File must be non-empty"):
        await bot.send_document(777, b"", filename="vacio.csv")


async def test_a_group_without_the_bot_refuses_its_documents(bot, client):
    group = client.group("Grupo de compras El Alto", with_bot=False)

    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_document(group, PRICES_CSV, filename="precios.csv")


async def test_a_document_a_person_sends_reaches_the_bot_with_its_bytes(bot, ana):
    await ana.sends_document(PRICES_CSV, "pedido.csv", caption="Mi pedido")

    (update,) = await bot.get_updates()
    file = await update.message.document.get_file()

    assert (update.message.document.file_name, update.message.caption) == ("pedido.csv", "Mi pedido")
    assert bytes(await file.download_as_bytearray()) == PRICES_CSV


@pytest.fixture
async def page(sandbox) -> AsyncIterator[TestClient]:
    """The chat page's routes over this test's sandbox (the file route needs nothing else)."""
    app = web.Application()
    app[SANDBOX_KEY] = sandbox
    add_chat_page(app)
    async with TestClient(TestServer(app)) as web_client:
        yield web_client


async def test_a_document_named_in_spanish_arrives_under_its_own_name(bot, ana):
    sent = await bot.send_document(777, PRICES_CSV, filename="cosecha de café, año 2026.csv")

    assert sent.document.file_name == "cosecha de café, año 2026.csv"


async def test_the_chat_page_offers_a_document_as_a_download_under_its_name(bot, ana, page):
    sent = await bot.send_document(777, PRICES_CSV, filename="precios de marzo.csv")

    response = await page.get(f"/sandbox/files/{sent.document.file_id}")

    assert response.status == 200 and await response.read() == PRICES_CSV
    assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''precios%20de%20marzo.csv"
