"""The JSON control API and the client: playing people from a browser page or from a test."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sandbox import NothingReceived
from tests.bot.sandbox.conftest import TOKEN

SEE_BUTTON = {"inline_keyboard": [[{"text": "Ver", "callback_data": "v"}]]}


@pytest.fixture
async def page(sandbox) -> AsyncIterator[aiohttp.ClientSession]:
    """What a browser chat page would use: plain JSON over HTTP."""
    async with aiohttp.ClientSession(base_url=sandbox.url) as session:
        yield session


async def test_a_page_writes_as_a_person_and_the_bot_gets_the_message(page, bot):
    async with page.post("/sandbox/api/messages", json={
        "user": {"id": 888, "first_name": "Rosa", "language_code": "qu"}, "text": "/start",
    }) as response:
        body = await response.json()

    (update,) = await bot.get_updates()
    assert response.status == 200 and body["result"]["message"]["text"] == "/start"
    assert update.message.from_user.first_name == "Rosa" and update.message.chat.id == 888


async def test_a_page_of_the_sandbox_itself_may_write_with_its_own_origin(page, bot, sandbox):
    async with page.post("/sandbox/api/messages", headers={"Origin": sandbox.url}, json={
        "user": {"id": 888, "first_name": "Rosa"}, "text": "hola",
    }) as response:
        assert response.status == 200

    (update,) = await bot.get_updates()
    assert update.message.text == "hola"


@pytest.mark.parametrize(("headers", "body", "status"), [
    # A plain form or fetch of another site: text/plain needs no preflight, so the browser sends it at once.
    ({"Content-Type": "text/plain", "Origin": "https://evil.example"}, None, 403),
    ({"Content-Type": "text/plain"}, None, 415),
    ({"Content-Type": "application/json", "Origin": "https://evil.example"}, None, 403),
    ({"Content-Type": "application/json", "Origin": "null"}, None, 403),
    ({"Content-Type": "application/x-www-form-urlencoded"}, "text=hola&user_id=888", 415),
])
async def test_another_sites_page_cannot_write_as_a_person(page, bot, headers, body, status):
    data = body or json.dumps({"user": {"id": 888, "first_name": "Rosa"}, "text": "/start"})

    async with page.post("/sandbox/api/messages", data=data, headers=headers) as response:
        answer = await response.json()

    assert (response.status, answer["ok"]) == (status, False)
    assert await bot.get_updates() == ()


async def test_another_sites_page_cannot_read_a_chat(page, bot, ana):
    await ana.says("hola")

    async with page.get(f"/sandbox/api/chats/{ana.id}", headers={"Origin": "https://evil.example"}) as response:
        assert response.status == 403


async def test_thousands_of_nested_arrays_are_a_bad_request(page, bot):
    deep = b"[" * 5000 + b"]" * 5000
    async with page.post("/sandbox/api/messages", data=deep,
                         headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400
    async with page.post(f"/bot{TOKEN}/sendMessage", data=deep,
                         headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400


async def test_a_page_reads_what_changed_since_the_revision_it_saw(page, bot, ana):
    await ana.says("hola")
    async with page.get("/sandbox/api/chats/777") as response:
        seen = (await response.json())["result"]

    await bot.send_message(777, "¡Bienvenida!")
    async with page.get(f"/sandbox/api/chats/777?since={seen['revision']}") as response:
        changed = (await response.json())["result"]

    assert [e["message"]["text"] for e in seen["messages"]] == ["hola"]
    assert [(e["from_bot"], e["message"]["text"]) for e in changed["messages"]] == [(True, "¡Bienvenida!")]


async def test_a_page_can_wait_for_the_bots_next_message(page, bot, ana):
    waiting = asyncio.create_task(page.get("/sandbox/api/chats/777?since=0&wait=5"))
    await asyncio.sleep(0.1)

    await bot.send_message(777, "ya")
    async with await asyncio.wait_for(waiting, 2) as response:
        result = (await response.json())["result"]

    assert [e["message"]["text"] for e in result["messages"]] == ["ya"]


async def test_a_page_presses_a_button_of_a_message(page, bot, ana):
    sent = await bot.send_message(777, "Menú", reply_markup=SEE_BUTTON)

    async with page.post("/sandbox/api/callbacks", json={
        "user_id": 777, "message_id": sent.message_id, "callback_data": "v",
    }) as response:
        query_id = (await response.json())["result"]["callback_query_id"]

    (update,) = await bot.get_updates()
    assert update.callback_query.id == query_id and update.callback_query.data == "v"


async def test_a_page_cannot_press_a_button_the_message_does_not_have(page, bot, ana):
    sent = await bot.send_message(777, "sin botones")

    async with page.post("/sandbox/api/callbacks", json={
        "user_id": 777, "message_id": sent.message_id, "callback_data": "inventado",
    }) as response:
        body = await response.json()

    assert response.status == 404 and body["ok"] is False


async def test_an_unknown_person_is_asked_to_register_first(page, bot):
    async with page.post("/sandbox/api/messages", json={"user_id": 5, "text": "hola"}) as response:
        body = await response.json()

    assert response.status == 404 and "POST /sandbox/api/people" in body["description"]


async def test_the_page_lists_the_bots_that_called_the_sandbox(page, bot):
    async with page.get("/sandbox/api/bots") as response:
        bots = (await response.json())["result"]

    assert [(b["id"], b["is_bot"]) for b in bots] == [(123456, True)]


async def test_waiting_for_a_message_that_never_comes_says_what_was_there(ana):
    with pytest.raises(NothingReceived, match="Ana expected 1 new message"):
        await ana.receives(timeout=0.1)


async def test_pressing_a_button_nobody_shows_names_the_buttons_there_are(bot, ana):
    await bot.send_message(777, "Menú", reply_markup=SEE_BUTTON)

    with pytest.raises(NothingReceived, match=r"buttons shown: \[\['Ver'\]\]"):
        await ana.presses("Comprar")


async def test_a_person_reads_the_bots_messages_in_order_without_repeats(bot, ana):
    await bot.send_message(777, "uno")
    await bot.send_message(777, "dos")

    first = await ana.receives()
    second = await ana.receives()

    assert (first.text, second.text) == ("uno", "dos")
