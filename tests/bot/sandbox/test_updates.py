"""Updates reach the bot as Telegram delivers them: by long polling, or POSTed to a webhook."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import Conflict

from tests.bot.sandbox.conftest import TOKEN

CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
SEE_BUTTON = {"inline_keyboard": [[{"text": "Ver", "callback_data": "v"}]]}


class Receiver:
    """A small webhook endpoint that records what arrives, and can be told to fail first."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, str | None]] = []
        self.failures_left = 0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        if self.failures_left:
            self.failures_left -= 1
            return web.Response(status=500)
        self.received.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.Response()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield receiver
    await runner.cleanup()


async def test_a_message_becomes_an_update_with_telegrams_fields(bot, ana):
    await ana.says("/start hola")

    (update,) = await bot.get_updates()

    assert update.message.text == "/start hola"
    assert update.message.from_user.first_name == "Ana" and update.message.from_user.language_code == "es"
    assert update.message.entities[0].type == "bot_command" and update.message.entities[0].length == 6


async def test_update_ids_increase(bot, ana):
    await ana.says("uno")
    await ana.says("dos")

    first, second = await bot.get_updates()

    assert second.update_id == first.update_id + 1


async def test_an_offset_confirms_earlier_updates_and_they_are_dropped(bot, ana):
    await ana.says("uno")
    await ana.says("dos")
    first, _ = await bot.get_updates()

    after_offset = await bot.get_updates(offset=first.update_id + 1)
    again = await bot.get_updates()

    assert [u.message.text for u in after_offset] == ["dos"]
    assert [u.message.text for u in again] == ["dos"]


async def test_a_negative_offset_keeps_only_the_last_updates(bot, ana):
    for text in ("uno", "dos", "tres"):
        await ana.says(text)

    updates = await bot.get_updates(offset=-1)

    assert [u.message.text for u in updates] == ["tres"]


async def test_limit_caps_how_many_updates_one_call_returns(bot, ana):
    for text in ("uno", "dos", "tres"):
        await ana.says(text)

    updates = await bot.get_updates(limit=2)

    assert [u.message.text for u in updates] == ["uno", "dos"]


async def test_a_long_poll_answers_as_soon_as_an_update_arrives(bot, ana):
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)

    await ana.says("ya estoy")
    updates = await asyncio.wait_for(poll, 2)

    assert [u.message.text for u in updates] == ["ya estoy"]


async def test_a_long_poll_with_nothing_to_say_ends_after_its_timeout(bot):
    started = asyncio.get_running_loop().time()

    updates = await bot.get_updates(timeout=1)

    assert updates == ()
    assert 0.9 <= asyncio.get_running_loop().time() - started < 2


async def test_allowed_updates_leaves_out_kinds_the_bot_did_not_ask_for(bot, ana, client):
    await bot.send_message(777, "Menú", reply_markup=SEE_BUTTON)
    await bot.get_updates(allowed_updates=["callback_query"])

    await ana.says("esto no")
    await ana.presses("Ver")
    updates = await bot.get_updates()

    assert [u.callback_query.data for u in updates] == ["v"]


async def test_a_button_press_arrives_as_a_callback_query(bot, ana):
    sent = await bot.send_message(777, "Menú", reply_markup=SEE_BUTTON)

    query_id = await ana.presses("Ver")
    (update,) = await bot.get_updates()

    query = update.callback_query
    assert query.id == query_id and isinstance(query_id, str)
    assert (query.data, query.from_user.id, query.message.message_id) == ("v", 777, sent.message_id)
    assert query.chat_instance


async def test_a_webhook_receives_each_update_with_the_secret_header(bot, ana, receiver, client):
    await bot.set_webhook(receiver.url, secret_token="s3cr3t-feria")

    await ana.says("hola")
    await client.wait_until(lambda: receiver.received or None, 3, lambda: "nothing reached the webhook")

    (update, secret), = receiver.received
    assert update["message"]["text"] == "hola" and isinstance(update["update_id"], int)
    assert secret == "s3cr3t-feria"
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_a_failed_delivery_is_retried_and_reported_in_webhook_info(bot, ana, receiver, client):
    receiver.failures_left = 2
    await bot.set_webhook(receiver.url)

    await ana.says("hola")
    await client.wait_until(lambda: receiver.received or None, 3, lambda: "the webhook never got the update")

    info = await bot.get_webhook_info()
    assert [u["message"]["text"] for u, _ in receiver.received] == ["hola"]
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"


async def test_get_updates_is_a_conflict_while_a_webhook_is_set(raw, bot, receiver):
    await bot.set_webhook(receiver.url)

    status, body = await raw("getUpdates")
    with pytest.raises(Conflict):
        await bot.get_updates()

    assert (status, body["description"]) == (409, CONFLICT)


async def test_deleting_the_webhook_lets_polling_resume_with_pending_updates(bot, ana, receiver):
    receiver.failures_left = 1000
    await bot.set_webhook(receiver.url)
    await ana.says("pendiente")

    await bot.delete_webhook()
    updates = await bot.get_updates()

    assert [u.message.text for u in updates] == ["pendiente"]
    assert (await bot.get_webhook_info()).url == ""


async def test_a_second_bot_instance_polling_ends_the_first_with_a_conflict(bot, sandbox):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)

    async with Bot(TOKEN, base_url=sandbox.api_url) as second_instance:
        second = await second_instance.get_updates(timeout=0)

    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 2)
    assert second == ()
