"""Group chats played from a page: a person makes a group, adds people and the bot, and everyone in it reads it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram.error import Forbidden

CARMEN = {"id": 901, "first_name": "Carmen", "language_code": "es"}
ANA = {"id": 902, "first_name": "Ana", "language_code": "es"}
BETO = {"id": 903, "first_name": "Beto", "language_code": "es"}


class Page:
    """The control API as a page calls it: JSON in, {"ok", "result" | "description"} out."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    async def __call__(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        async with self.session.request(method, f"/sandbox/api{path}", json=body) as response:
            answer = await response.json()
            return response.status, answer.get("result", answer.get("description"))

    async def group(self, creator: dict[str, Any], title: str, *members: dict[str, Any]) -> int:
        """`creator` makes a group and adds `members` to it; returns its chat id."""
        status, made = await self("POST", "/groups", {"user": creator, "title": title})
        assert status == 200, made
        for member in members:
            status, answer = await self("POST", f"/groups/{made['chat']['id']}/members",
                                        {"user_id": creator["id"], "member": member})
            assert status == 200, answer
        return made["chat"]["id"]

    async def read(self, chat_id: int) -> list[dict[str, Any]]:
        status, chat = await self("GET", f"/chats/{chat_id}")
        assert status == 200, chat
        return [entry["message"] for entry in chat["messages"]]


@pytest.fixture
async def page(sandbox, bot) -> AsyncIterator[Page]:
    """A page on the sandbox; the bot has called it once (getMe), as the served bot has when a page opens."""
    async with aiohttp.ClientSession(base_url=sandbox.url) as session:
        yield Page(session)


async def test_a_person_makes_a_group_adds_people_and_the_bot_and_the_bot_is_told(page, bot):
    chat_id = await page.group(CARMEN, "Compras del Barrio Norte", ANA)

    status, group = await page("POST", f"/groups/{chat_id}/bot", {"user_id": CARMEN["id"]})
    (update,) = await bot.get_updates()

    change = update.my_chat_member
    assert status == 200 and chat_id < 0
    assert (change.chat.id, change.chat.type, change.chat.title) == (chat_id, "group", "Compras del Barrio Norte")
    assert (change.from_user.id, change.new_chat_member.status) == (CARMEN["id"], "member")
    assert [m["first_name"] for m in group["members"]] == ["Carmen", "Ana"] and group["bot_in_group"]


async def test_what_the_bot_and_the_members_write_in_the_group_everyone_in_it_reads(page, bot):
    chat_id = await page.group(CARMEN, "Compras del Barrio Norte", ANA, BETO)
    await page("POST", f"/groups/{chat_id}/bot", {"user_id": CARMEN["id"]})

    await bot.send_message(chat_id, "🛒 ¡Nueva ronda de pedidos!")
    status, _ = await page("POST", "/messages", {"user_id": ANA["id"], "chat_id": chat_id, "text": "¡Yo pido papa!"})
    updates = await bot.get_updates()

    heard = updates[-1].message
    assert status == 200
    assert (heard.chat.id, heard.from_user.first_name, heard.text) == (chat_id, "Ana", "¡Yo pido papa!")
    for reader in (CARMEN, BETO):  # the same chat, whoever's page reads it
        texts = [(m["from"]["first_name"], m.get("text")) for m in await page.read(chat_id) if "text" in m]
        assert texts == [(bot.first_name, "🛒 ¡Nueva ronda de pedidos!"), ("Ana", "¡Yo pido papa!")], reader


async def test_the_members_see_who_made_the_group_and_who_added_whom(page, bot):
    chat_id = await page.group(CARMEN, "Compras del Barrio Norte", ANA)
    await page("POST", f"/groups/{chat_id}/bot", {"user_id": CARMEN["id"]})

    shown = await page.read(chat_id)

    assert [(m["from"]["first_name"], {k for k in m if k.endswith(("_created", "_members"))}) for m in shown] == [
        ("Carmen", {"group_chat_created"}), ("Carmen", {"new_chat_members"}), ("Carmen", {"new_chat_members"}),
    ]
    assert [u["first_name"] for u in shown[1]["new_chat_members"] + shown[2]["new_chat_members"]] == [
        "Ana", bot.first_name,
    ]


async def test_a_bot_in_the_group_hears_of_each_person_added(page, bot):
    chat_id = await page.group(CARMEN, "Compras del Barrio Norte")
    await page("POST", f"/groups/{chat_id}/bot", {"user_id": CARMEN["id"]})

    await page("POST", f"/groups/{chat_id}/members", {"user_id": CARMEN["id"], "member": ANA})
    updates = await bot.get_updates()

    assert [u.id for u in updates[-1].message.new_chat_members] == [ANA["id"]]


async def test_each_person_finds_the_groups_they_are_in(page, bot):
    norte = await page.group(CARMEN, "Compras del Barrio Norte", ANA)
    await page.group(BETO, "Vecinos de Achumani")

    _, carmens = await page("GET", f"/groups?user_id={CARMEN['id']}")
    _, anas = await page("GET", f"/groups?user_id={ANA['id']}")

    assert [g["chat"]["title"] for g in carmens] == ["Compras del Barrio Norte"]
    assert [g["chat"]["id"] for g in anas] == [norte]


async def test_someone_outside_a_group_can_neither_write_in_it_nor_bring_the_bot(page, bot):
    chat_id = await page.group(CARMEN, "Compras del Barrio Norte")
    await page("POST", "/people", BETO)

    writes = await page("POST", "/messages", {"user_id": BETO["id"], "chat_id": chat_id, "text": "hola"})
    brings = await page("POST", f"/groups/{chat_id}/bot", {"user_id": BETO["id"]})
    adds = await page("POST", f"/groups/{chat_id}/members", {"user_id": BETO["id"], "member": ANA})

    assert (writes[0], brings[0], adds[0]) == (404, 404, 404)
    assert "not in group" in writes[1]
    assert await bot.get_updates() == ()


async def test_a_person_added_to_a_group_has_not_started_the_bot_until_they_write_to_it(page, bot):
    chat_id = await page.group(CARMEN, "Compras del Barrio Norte", ANA)

    with pytest.raises(Forbidden, match="bot can't initiate conversation"):
        await bot.send_message(ANA["id"], "Tu factura")
    await page("POST", "/messages", {"user_id": ANA["id"], "text": "/start"})
    sent = await bot.send_message(ANA["id"], "Tu factura")

    assert chat_id < 0 and sent.chat.id == ANA["id"]


async def test_a_group_needs_a_title(page, bot):
    status, description = await page("POST", "/groups", {"user": CARMEN, "title": "   "})

    assert status == 400 and "title" in description


async def test_writing_in_a_group_the_sandbox_does_not_have_says_how_to_make_one(page, bot):
    status, description = await page("POST", "/messages", {"user": CARMEN, "chat_id": -1001234, "text": "hola"})

    assert status == 404 and description == "no chat -1001234 in the sandbox: POST /sandbox/api/groups makes a group"
