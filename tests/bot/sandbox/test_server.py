"""The sandbox answers like the Bot API: shapes, Telegram's errors and python-telegram-bot's exceptions."""

from __future__ import annotations

import datetime as dtm

import aiohttp
import pytest
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken

from bot.sandbox import ApiError, BotApiSandbox, SandboxClient
from tests.bot.sandbox.conftest import TOKEN, RawApi
from tests.bot.sandbox.images import PNG_2x3, jpeg_header

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


async def test_get_me_describes_a_bot_whose_id_is_the_number_in_its_token(raw):
    status, body = await raw("getMe")

    assert status == 200 and body["ok"] is True
    assert body["result"]["id"] == 123456
    assert body["result"]["is_bot"] is True
    assert {"first_name", "username", "can_join_groups"} <= body["result"].keys()


async def test_a_bot_named_before_it_calls_introduces_itself_by_that_name(sandbox, raw):
    sandbox.add_bot(TOKEN, first_name="Feria", username="FeriaSolidariaBot")

    _, body = await raw("getMe")

    assert (body["result"]["first_name"], body["result"]["username"]) == ("Feria", "FeriaSolidariaBot")


async def test_methods_can_be_called_in_process_with_the_same_errors(sandbox, ana):
    sent = await sandbox.call(TOKEN, "sendMessage", {"chat_id": 777, "text": "hola"})

    with pytest.raises(ApiError) as raised:
        await sandbox.call(TOKEN, "sendMessage", {"chat_id": 5, "text": "hola"})

    assert sent["text"] == "hola"
    assert (raised.value.code, raised.value.description) == (400, "Bad Request: chat not found")


async def test_method_names_are_case_insensitive_like_telegram(raw):
    status, body = await raw("GETME")

    assert status == 200 and body["result"]["is_bot"] is True


async def test_an_unknown_method_answers_telegrams_404(raw):
    status, body = await raw("sendTelepathy")

    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_a_malformed_token_is_not_found_and_ptb_calls_it_invalid(raw, sandbox):
    status, body = await raw("getMe", token="not-a-token")
    with pytest.raises(InvalidToken):
        async with Bot("not-a-token", base_url=sandbox.api_url):
            pass

    assert status == 404 and body["description"] == "Not Found"


async def test_a_token_the_sandbox_does_not_know_is_unauthorized(clock):
    sandbox = BotApiSandbox(limits=None, clock=clock, tokens=[TOKEN])
    await sandbox.start()
    stranger = "999:SOMEONE-ELSES-TOKEN-abcdefghij"
    try:
        async with aiohttp.ClientSession() as session:
            status, body = await RawApi(session, sandbox.url)("getMe", token=stranger)
        with pytest.raises(InvalidToken):
            async with Bot(stranger, base_url=sandbox.api_url):
                pass
    finally:
        await sandbox.stop()

    assert (status, body["description"]) == (401, "Unauthorized")


async def test_a_sent_message_has_telegrams_fields_and_a_date_in_whole_seconds(raw, ana, clock):
    status, body = await raw("sendMessage", chat_id=777, text="Hola")

    message = body["result"]
    assert status == 200
    assert message["date"] == int(clock.now) and isinstance(message["date"], int)
    assert message["chat"] == {"id": 777, "type": "private", "first_name": "Ana"}
    assert message["from"]["is_bot"] is True and message["text"] == "Hola"
    assert isinstance(message["message_id"], int)


async def test_json_bodies_are_accepted_as_well_as_forms(sandbox, ana):
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{sandbox.api_url}{TOKEN}/sendMessage", json={"chat_id": 777, "text": 123}) as r,
    ):
        body = await r.json()

    assert body["result"]["text"] == "123"


async def test_a_reply_carries_the_message_it_answers(bot, ana):
    question = await ana.says("¿Hay papa?")

    reply = await bot.send_message(777, "Sí, 20 kg", reply_to_message_id=question.message_id)

    assert reply.reply_to_message.text == "¿Hay papa?"
    assert reply.reply_to_message.from_user.id == 777


@pytest.mark.parametrize(
    ("text", "description"),
    [("", "Bad Request: message text is empty"),
     ("   ", "Bad Request: message text is empty"),
     ("x" * 4097, "Bad Request: message is too long"),
     ("<b></b>", "Bad Request: message text is empty")],
)
async def test_a_text_outside_1_to_4096_characters_is_refused(raw, bot, ana, text, description):
    status, body = await raw("sendMessage", chat_id=777, text=text, parse_mode="HTML")
    with pytest.raises(BadRequest) as raised:
        await bot.send_message(777, text, parse_mode="HTML")

    assert (status, body["description"]) == (400, description)
    assert raised.value.message == description.removeprefix("Bad Request: ").capitalize()


async def test_the_4096_limit_counts_the_text_after_its_markup_is_parsed(bot, ana):
    sent = await bot.send_message(777, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")

    assert len(sent.text) == 4096


async def test_markup_that_does_not_parse_is_refused_like_telegram(bot, ana):
    with pytest.raises(BadRequest, match='(?i)can\'t parse entities: unsupported start tag "br" at byte offset 1'):
        await bot.send_message(777, "a<br>b", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)character '.' is reserved"):
        await bot.send_message(777, "8.50 Bs", parse_mode="MarkdownV2")


async def test_a_caption_longer_than_1024_characters_is_refused(raw, bot, ana):
    status, body = await raw("sendPhoto", chat_id=777, photo="", caption="x" * 1025)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(777, PNG_2x3, caption="x" * 1025)

    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")


@pytest.mark.parametrize("data", ["", "x" * 65, "ñ" * 33])
async def test_callback_data_must_be_1_to_64_bytes(raw, ana, data):
    keyboard = {"inline_keyboard": [[{"text": "Comprar", "callback_data": data}]]}

    status, body = await raw("sendMessage", chat_id=777, text="Oferta", reply_markup=keyboard)

    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


async def test_64_bytes_of_callback_data_are_accepted(bot, ana):
    button = InlineKeyboardButton("Comprar", callback_data="ñ" * 32)

    sent = await bot.send_message(777, "Oferta", reply_markup=InlineKeyboardMarkup([[button]]))

    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "ñ" * 32


async def test_an_unknown_chat_is_not_found(raw, bot):
    status, body = await raw("sendMessage", chat_id=424242, text="hola")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hola")

    assert (status, body["description"]) == (400, "Bad Request: chat not found")


async def test_a_person_who_blocked_the_bot_is_forbidden(raw, bot, ana):
    ana.blocks_bot()

    status, body = await raw("sendMessage", chat_id=777, text="¿Sigues ahí?")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(777, "¿Sigues ahí?")

    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")


async def test_a_person_who_never_wrote_to_the_bot_is_forbidden_until_they_write(raw, bot, client):
    beto = client.person(778, "Beto", started=False)

    status, body = await raw("sendMessage", chat_id=778, text="Tienes un pedido")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(778, "Tienes un pedido")
    await beto.says("/start")
    sent = await bot.send_message(778, "Tienes un pedido")

    assert (status, body["description"]) == (403, "Forbidden: bot can't initiate conversation with a user")
    assert sent.text == "Tienes un pedido"


async def test_a_button_linking_to_a_profile_its_owner_keeps_private_is_refused(bot, client, ana):
    client.person(778, "Beto", profile_links=False)
    message = await bot.send_message(777, "Hola")

    def link_to(user_id: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Escribir", url=f"tg://user?id={user_id}")]])

    with pytest.raises(BadRequest, match="Button_user_privacy_restricted"):
        await bot.send_message(777, "Comprador", reply_markup=link_to(778))
    with pytest.raises(BadRequest, match="Button_user_privacy_restricted"):
        await message.edit_text("Comprador", reply_markup=link_to(778))
    linked = await bot.send_message(777, "Comprador", reply_markup=link_to(777))

    assert linked.reply_markup.inline_keyboard[0][0].url == "tg://user?id=777"


async def test_blocking_tells_the_bot_through_a_my_chat_member_update(bot, ana):
    ana.blocks_bot()

    updates = await bot.get_updates()

    assert updates[0].my_chat_member.new_chat_member.status == "kicked"
    assert updates[0].my_chat_member.chat.id == 777


async def test_editing_a_message_that_does_not_exist_is_refused(raw, bot, ana):
    status, body = await raw("editMessageText", chat_id=777, message_id=999, text="nuevo")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("nuevo", chat_id=777, message_id=999)

    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")


async def test_editing_with_the_same_content_and_markup_is_not_modified(raw, bot, ana):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Sí", callback_data="yes")]])
    sent = await bot.send_message(777, "¿Confirmas?", reply_markup=keyboard)

    status, body = await raw("editMessageText", chat_id=777, message_id=sent.message_id, text="¿Confirmas?",
                             reply_markup=keyboard.to_dict())
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("¿Confirmas?", chat_id=777, message_id=sent.message_id, reply_markup=keyboard)

    assert (status, body["description"]) == (400, NOT_MODIFIED)


async def test_edits_of_text_caption_and_keyboard_return_the_edited_message(bot, ana):
    text = await bot.send_message(777, "Papa: 8 Bs")
    photo = await bot.send_photo(777, PNG_2x3, caption="Papa")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pedir", callback_data="order")]])

    edited_text = await bot.edit_message_text("Papa: 7 Bs", chat_id=777, message_id=text.message_id)
    edited_caption = await bot.edit_message_caption(777, photo.message_id, caption="Papa imilla")
    edited_keyboard = await bot.edit_message_reply_markup(777, photo.message_id, reply_markup=keyboard)

    assert edited_text.text == "Papa: 7 Bs" and edited_text.edit_date is not None
    assert edited_caption.caption == "Papa imilla"
    assert edited_keyboard.reply_markup == keyboard and edited_keyboard.caption == "Papa imilla"


async def test_a_deleted_message_disappears_for_the_person(bot, ana, client):
    sent = await bot.send_message(777, "se va")

    deleted = await bot.delete_message(777, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(777, sent.message_id)

    assert deleted is True
    assert client.sent_to(777) == []


async def test_a_callback_answer_longer_than_200_characters_is_refused(raw, bot, ana):
    await bot.send_message(777, "Menú", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("Ver", callback_data="see")]]))
    query_id = await ana.presses("Ver")

    status, _ = await raw("answerCallbackQuery", callback_query_id=query_id, text="x" * 201)
    answered = await bot.answer_callback_query(query_id, text="x" * 200)

    assert status == 400
    assert answered is True


async def test_a_callback_query_can_be_answered_only_once(bot, ana):
    await bot.send_message(777, "Menú", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("Ver", callback_data="see")]]))
    query_id = await ana.presses("Ver")
    await bot.answer_callback_query(query_id)

    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)


async def test_commands_are_kept_per_language_and_scope(bot, ana):
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "Empezar")], language_code="es")
    await bot.set_my_commands([BotCommand("catalogo", "Catálogo")], scope=BotCommandScopeAllPrivateChats(),
                              language_code="pt")

    default = await bot.get_my_commands()
    spanish = await bot.get_my_commands(language_code="es")
    quechua = await bot.get_my_commands(language_code="qu")

    assert [(c.command, c.description) for c in default] == [("start", "Start"), ("help", "Help")]
    assert [(c.command, c.description) for c in spanish] == [("start", "Empezar")]
    assert quechua == ()  # getMyCommands answers the exact scope and language, without falling back
    assert ana.commands == [("start", "Empezar")]  # the menu a Spanish speaker sees does fall back


async def test_get_chat_describes_the_private_chat(bot, ana):
    chat = await bot.get_chat(777)

    assert (chat.id, chat.type, chat.first_name) == (777, "private", "Ana")


async def test_a_chat_action_is_accepted_and_a_wrong_one_refused(bot, ana, client):
    shown = await bot.send_chat_action(777, "typing")
    with pytest.raises(BadRequest):
        await bot.send_chat_action(777, "dancing")

    assert shown is True and client.bot.log(777).actions == ["typing"]


async def test_an_uploaded_photo_can_be_fetched_back_through_get_file(bot, ana):
    sent = await bot.send_photo(777, PNG_2x3, caption="Quinua real")

    file = await bot.get_file(sent.photo[-1].file_id)
    downloaded = await file.download_as_bytearray()

    assert bytes(downloaded) == PNG_2x3
    assert file.file_path.startswith(f"{bot.base_file_url}/photos/")


async def test_a_photo_gets_thumbnail_sizes_read_from_the_image_header(bot, ana):
    sent = await bot.send_photo(777, jpeg_header(1600, 1200))

    assert [(p.width, p.height) for p in sent.photo] == [(90, 68), (320, 240), (800, 600), (1280, 960), (1600, 1200)]


async def test_a_photo_can_be_sent_again_by_its_file_id(bot, ana):
    first = await bot.send_photo(777, PNG_2x3)

    again = await bot.send_photo(777, first.photo[-1].file_id)

    assert again.photo == first.photo


async def test_bytes_that_are_not_an_image_are_refused(bot, ana):
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(777, b"not an image at all")


async def test_a_file_id_the_bot_never_got_is_wrong(bot, ana):
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.get_file("AgACAgIAAxkBAAI-invented")


async def test_a_file_path_nobody_stored_is_not_found(sandbox):
    async with aiohttp.ClientSession() as session, session.get(f"{sandbox.file_url}{TOKEN}/photos/file_1.png") as response:
        status = response.status

    assert status == 404


async def test_two_bots_have_separate_chats(sandbox, ana, bot):
    other = Bot("654321:ANOTHER-BOT-TOKEN-abcdefghij", base_url=sandbox.api_url)
    async with other:
        await other.send_message(777, "soy el otro bot")
    await bot.send_message(777, "soy Feria")

    assert [m.text for m in SandboxClient(sandbox, "654321:ANOTHER-BOT-TOKEN-abcdefghij").sent_to(777)] == [
        "soy el otro bot"
    ]
    assert [m.text for m in SandboxClient(sandbox, TOKEN).sent_to(777)] == ["soy Feria"]


async def test_the_clock_dates_messages(bot, ana, clock):
    clock.advance(3600.7)

    sent = await bot.send_message(777, "una hora después")

    assert sent.date == dtm.datetime.fromtimestamp(int(clock.now), tz=dtm.timezone.utc)


async def test_a_person_reads_what_the_bot_sent_after_the_last_message_read_edits_applied_deleted_left_out(
    bot, client, ana
):
    await ana.says("hola")
    first = await bot.send_message(777, "uno")
    assert (await ana.receives()).text == "uno"
    second = await bot.send_message(777, "dos")
    gone = await bot.send_message(777, "tres")
    await bot.send_message(777, "cuatro")
    await bot.edit_message_text("dos, corregido", chat_id=777, message_id=second.message_id)
    await bot.delete_message(777, gone.message_id)
    await ana.says("¿y?")  # the person's own message is not the bot's

    assert [m.text for m in client.sent_after(777, first.message_id)] == ["dos, corregido", "cuatro"]
    assert [m.text for m in await ana.receives_many(2)] == ["dos, corregido", "cuatro"]
    assert client.sent_after(777, 10_000) == []
