"""The offline demo as `make run` serves it: the web's links to the bot open the chat page, and a coordinator
links her purchasing group to a group chat made on that page, where every member reads the round's announcement."""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.application import SANDBOX_TOKEN
from bot.sandbox import SANDBOX_KEY, SandboxClient
from config import load_settings
from market.demo.seed import seed_demo
from serve import build
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_rounds import create_group, open_round_on_comarapa
from tests.support.clock import TODAY
from tests.support.network import free_port

CARMEN = {"id": 6001, "first_name": "Carmen", "language_code": "es"}
ANA = {"id": 812_345_678, "first_name": "Ana", "language_code": "es"}  # someone new on the page


class Page:
    """What sandbox.js does, over HTTP, on the app `make run` serves."""

    def __init__(self, web: TestClient):
        self.web = web

    async def get(self, path: str) -> str:
        response = await self.web.get(path)
        assert response.status == 200, path
        return await response.text()

    async def config(self, path: str) -> dict[str, Any]:
        found = re.search(r'id="sandbox-config" type="application/json">(.*?)</script>', await self.get(path))
        assert found, path
        return json.loads(found[1])

    async def __call__(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.web.request(method, f"/sandbox/api{path}", json=body)
        answer = await response.json()
        assert answer["ok"], answer
        return answer["result"]

    async def bot_says(self, chat_id: int, reader: dict[str, Any], text: str) -> dict[str, Any]:
        """The bot's message in the chat containing `text`, as `reader`'s page long-polls for it."""
        since = 0
        for _ in range(20):
            chat = await self("GET", f"/chats/{chat_id}?since={since}&wait=5&user_id={reader['id']}")
            since = chat["revision"]
            for entry in chat["messages"]:
                if entry["from_bot"] and text in (entry["message"].get("text") or ""):
                    return entry["message"]
        raise AssertionError(f"the bot never wrote {text!r} in chat {chat_id}")


@pytest.fixture
async def page(seeded) -> AsyncIterator[Page]:
    """`make run` offline: the demo network, web + bot, and the bot in the sandbox."""
    settings = load_settings({
        "DATABASE_URL": await seeded(lambda: seed_demo(TODAY), ("demo", TODAY)), "SANDBOX_PORT": str(free_port()),
        "BOT_UPDATES_PER_MINUTE": "0", "OUTBOX_POLL_INTERVAL": "0.1", "RATE_LIMIT_PAGES": "", "RATE_LIMIT_API": "",
    })
    async with TestClient(TestServer(build(settings, "all"))) as web:
        yield Page(web)


def button(message: dict[str, Any], text: str) -> dict[str, Any]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    found = [b for row in rows for b in row if b["text"] == text]
    assert found, f"no button {text!r} in {rows}"
    return found[0]


async def test_the_webs_order_link_opens_the_chat_page_which_starts_the_bot_on_it(page):
    organization = await page.get("/organizaciones/cafe-amboro?lang=es")
    link = html.unescape(re.search(r'href="(/sandbox\?[^"]+)"', organization)[1])
    picker = await page.get(link)
    config = await page.config(f"/sandbox?person={HILDA}&start=o_cafe-amboro&lang=es")

    await page("POST", "/people", config["person"])
    await page("POST", "/messages", {"user_id": HILDA, "text": f"/start {config['start']}"})
    shown = await page.bot_says(HILDA, config["person"], "Asociación de Productores de Café Amboró")

    assert link == "/sandbox?start=o_cafe-amboro&lang=es"
    assert '<input type="hidden" name="start" value="o_cafe-amboro">' in picker
    assert config["start"] == "o_cafe-amboro" and config["chat"]["id"] == HILDA
    assert shown["chat"]["id"] == HILDA


async def test_a_coordinator_links_a_group_chat_made_on_the_page_and_its_members_read_the_rounds_announcement(page):
    sandbox = page.web.server.app[SANDBOX_KEY]
    carmen = SandboxClient(sandbox, SANDBOX_TOKEN).person(CARMEN["id"], "Carmen", language_code="es")
    _, group_page = await create_group(carmen)

    made = await page("POST", "/groups", {"user_id": CARMEN["id"], "title": "Barrio Norte 🛒"})
    chat_id = made["chat"]["id"]
    await page("POST", f"/groups/{chat_id}/members", {"user_id": CARMEN["id"], "member": ANA})
    await page("POST", f"/groups/{chat_id}/bot", {"user_id": CARMEN["id"]})
    greeting = await page.bot_says(chat_id, CARMEN, "")
    link = button(greeting, "🔗 Vincular a «Compras del Barrio Norte»")
    await page("POST", "/callbacks", {"user_id": CARMEN["id"], "chat_id": chat_id,
                                      "message_id": greeting["message_id"], "callback_data": link["callback_data"]})
    linked = await page.bot_says(chat_id, ANA, "✅ Este chat es ahora el chat de «Compras del Barrio Norte»")
    round_id, _ = await open_round_on_comarapa(carmen, group_page)
    announcement = await page.bot_says(chat_id, ANA, "🛒 ¡Nueva ronda de pedidos de Compras del Barrio Norte!")
    anas_page = await page.config(f"/sandbox?person={ANA['id']}&name=Ana&chat={chat_id}&lang=es")

    assert chat_id < 0 and linked["message_id"] == greeting["message_id"]
    assert button(announcement, "🛒 Pedir en chat privado")["url"].endswith(f"?start=r_{round_id}")
    # Ana's page of the group: the chat, and the bot's name that its links to the bot open on the page.
    assert anas_page["chat"] == made["chat"]
    assert button(announcement, "🛒 Pedir en chat privado")["url"].startswith(f"https://t.me/{anas_page['bot_username']}?")
