"""The offline chat page at /sandbox: who a person can be, and the JSON routes its script uses."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.sandbox.chatpage import TEXTS, add_chat_page
from config import load_settings
from market.presentation.i18n import Translator
from market.web import create_app
from serve import build
from tests.bot.sandbox.images import PNG_2x3
from tests.bot.sandbox.tiny_bot import sandbox_without_limits, tiny_bot
from tests.support.network import free_port

CARMEN, NEUSA = 900_000_101, 900_000_201


class PageSession:
    """What sandbox.js does, over HTTP: open a person's chat page, then write, press and read."""

    def __init__(self, web_client: TestClient):
        self.web = web_client
        self.person: dict[str, Any] = {}
        self.revision = 0

    async def opens(self, query: str) -> dict[str, Any]:
        """Open /sandbox?<query> and register the person its script would play."""
        response = await self.web.get(f"/sandbox?{query}")
        config = json.loads(re.search(r'id="sandbox-config" type="application/json">(.*?)</script>',
                                      await response.text()).group(1))
        self.person = config["person"]
        await self.call("POST", "/people", json=self.person)
        return config

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        response = await self.web.request(method, f"/sandbox/api{path}", **kwargs)
        return response.status, await response.json()

    async def says(self, text: str) -> dict[str, Any]:
        return (await self.call("POST", "/messages", json={"user_id": self.person["id"], "text": text}))[1]

    async def presses(self, entry: dict[str, Any], text: str) -> tuple[int, dict[str, Any]]:
        message = entry["message"]
        (data,) = [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                   if b["text"] == text]
        return await self.call("POST", "/callbacks", json={
            "user_id": self.person["id"], "message_id": message["message_id"], "callback_data": data,
        })

    async def reads(self) -> dict[str, Any]:
        """Long-poll the chat until the bot has changed something since the last read."""
        for _ in range(10):
            status, body = await self.call("GET", f"/chats/{self.person['id']}?since={self.revision}&wait=5")
            assert status == 200, body
            self.revision = body["result"]["revision"]
            if any(e["from_bot"] for e in body["result"]["messages"]):
                return body["result"]
        raise AssertionError("the bot changed nothing in the chat")


@pytest.fixture
async def web_client(settings) -> AsyncIterator[TestClient]:
    """The web app with the chat page, a sandbox, and the tiny bot polling it."""
    app = create_app(settings, contexts=[sandbox_without_limits, tiny_bot])
    add_chat_page(app)
    async with TestClient(TestServer(app)) as client:
        yield client


@pytest.fixture
async def carmen(web_client) -> PageSession:
    session = PageSession(web_client)
    await session.opens(f"person={CARMEN}&lang=es")
    return session


def texts(locale: str) -> dict[str, str]:
    return {key: Translator(locale).gettext(message) for key, message in TEXTS.items()}


async def test_the_picker_offers_demo_consumers_producers_and_coordinators_in_portuguese(web_client):
    response = await web_client.get("/sandbox", headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    html = await response.text()

    assert response.status == 200
    assert '<html lang="pt-BR">' in html and 'aria-label="Idioma"' in html
    assert texts("pt_BR")["who"] in html and texts("pt_BR")["someone_new"] in html
    assert f'<option value="{CARMEN}">Carmen Gutiérrez Ribera — Santa Cruz de la Sierra</option>' in html
    assert "Reina Suárez Vaca — Asociación de Productores de Café Amboró" in html
    assert "Neusa Vieira — Grupo de Compras Coletivas Bom Fim" in html


async def test_lang_in_the_url_wins_over_the_browsers_language(web_client):
    response = await web_client.get("/sandbox?lang=es", headers={"Accept-Language": "pt-BR"})
    html = await response.text()

    assert '<html lang="es">' in html and texts("es")["open_chat"] in html


async def test_a_demo_persons_page_plays_them_with_their_name_and_telegram_language(web_client):
    config = await PageSession(web_client).opens(f"person={NEUSA}&lang=es")

    assert config["person"] == {"id": NEUSA, "first_name": "Neusa", "last_name": "Vieira", "language_code": "pt-br"}
    assert config["texts"] == texts("es") and config["locale"] == "es"


async def test_someone_new_is_played_with_the_name_and_language_chosen(web_client):
    config = await PageSession(web_client).opens("person=812345678&name=Rosa%20Quispe&language_code=qu")

    assert config["person"] == {"id": 812345678, "first_name": "Rosa", "last_name": "Quispe", "language_code": "qu"}


async def test_a_url_that_names_nobody_shows_the_picker(web_client):
    response = await web_client.get("/sandbox?person=5&name=Eva")

    assert 'name="person"' in await response.text() and "sandbox-config" not in await response.text()


async def test_a_demo_consumer_says_start_and_reads_the_real_bots_greeting(database_url):
    settings = load_settings({
        "DATABASE_URL": database_url, "SANDBOX_PORT": str(free_port()), "BOT_UPDATES_PER_MINUTE": "0",
    })

    async with TestClient(TestServer(build(settings, "all"))) as web_client:
        carmen = PageSession(web_client)
        await carmen.opens(f"person={CARMEN}")
        sent = await carmen.says("/start")
        chat = await carmen.reads()

    greeting = [e["message"] for e in chat["messages"] if e["from_bot"]][0]
    assert sent["ok"] and sent["result"]["message"]["text"] == "/start"
    assert "Carmen" in greeting["text"]


async def test_pressing_a_button_brings_the_bots_toast_and_the_edited_message(carmen):
    await carmen.says("/menu")
    (shown,) = [e for e in (await carmen.reads())["messages"] if e["from_bot"]]

    status, pressed = await carmen.presses(shown, "Ver catálogo")
    (edited,) = (await carmen.reads())["messages"]

    assert status == 200
    assert pressed["result"]["answer"] == {"text": "Abriendo el catálogo", "show_alert": False, "url": None}
    assert edited["message"]["message_id"] == shown["message"]["message_id"]
    assert edited["message"]["text"] == "Catálogo: tomate, quinua" and "edit_date" in edited["message"]
    assert edited["message"]["entities"] == [{"type": "bold", "offset": 10, "length": 6}]
    assert "reply_markup" not in edited["message"]


async def test_a_button_answered_with_an_alert_says_so(carmen):
    await carmen.says("/menu")
    (shown,) = [e for e in (await carmen.reads())["messages"] if e["from_bot"]]

    status, pressed = await carmen.presses(shown, "Ayuda")

    assert status == 200
    assert pressed["result"]["answer"] == {"text": "Escribe /menu para empezar.", "show_alert": True, "url": None}


async def test_a_button_the_message_no_longer_shows_cannot_be_pressed(carmen):
    await carmen.says("/menu")
    (shown,) = [e for e in (await carmen.reads())["messages"] if e["from_bot"]]
    await carmen.presses(shown, "Ver catálogo")
    await carmen.reads()

    status, body = await carmen.presses(shown, "Ver catálogo")

    assert status == 404 and body["ok"] is False


async def test_a_photo_from_the_bot_is_served_by_the_page(carmen, web_client):
    await carmen.says("/foto")
    (sent,) = [e["message"] for e in (await carmen.reads())["messages"] if e["from_bot"]]

    response = await web_client.get(f"/sandbox/files/{sent['photo'][-1]['file_id']}")

    assert sent["caption"] == "Tomate de Sorata"
    assert response.status == 200 and response.content_type == "image/png" and await response.read() == PNG_2x3


async def test_a_person_sends_a_photo_from_the_page_and_the_bot_gets_it(carmen):
    form = aiohttp.FormData()
    form.add_field("user_id", str(CARMEN))
    form.add_field("caption", "mi cosecha")
    form.add_field("photo", PNG_2x3, filename="cosecha.png", content_type="image/png")

    status, sent = await carmen.call("POST", "/photos", data=form)
    answer = [e["message"]["text"] for e in (await carmen.reads())["messages"] if e["from_bot"]]

    assert status == 200 and sent["result"]["message"]["photo"][-1]["width"] == 2
    assert answer == ["Foto de 2x3: mi cosecha"]


async def test_a_file_that_is_not_an_image_is_refused_as_telegram_would(carmen):
    form = aiohttp.FormData()
    form.add_field("user_id", str(CARMEN))
    form.add_field("photo", b"hola", filename="nota.txt", content_type="text/plain")

    status, body = await carmen.call("POST", "/photos", data=form)

    assert status == 400 and body == {"ok": False, "description": "Bad Request: IMAGE_PROCESS_FAILED"}


async def test_the_page_gets_the_reply_keyboard_and_the_command_menu_in_the_persons_language(carmen):
    await carmen.says("/unidad")

    chat = await carmen.reads()

    assert chat["keyboard"] == [["kg", "quintal"]]
    assert chat["commands"] == [{"command": "menu", "description": "Ver el menú"}]


async def test_a_message_the_bot_deleted_is_reported_so_the_page_removes_it(carmen):
    await carmen.says("/borrar")

    chat = await carmen.reads()
    while not any(e["deleted"] for e in chat["messages"]):
        chat = await carmen.reads()

    gone = [(e["message"]["text"], e["deleted"]) for e in chat["messages"] if e["from_bot"]]
    assert gone == [("Esto se borra", True)]


async def test_a_page_that_saw_more_than_the_sandbox_has_is_answered_at_once_to_start_over(carmen):
    async with asyncio.timeout(10):  # a guard against hanging, not a measure
        status, body = await carmen.call("GET", f"/chats/{CARMEN}?since=99&wait=30")

    assert status == 200 and body["result"]["revision"] < 99


async def test_the_pages_script_and_style_are_served_and_nothing_else_from_its_folder(web_client):
    script = await web_client.get("/sandbox/assets/sandbox.js")
    template = await web_client.get("/sandbox/assets/chat.html")

    assert script.status == 200 and "javascript" in script.content_type
    assert template.status == 404


async def test_without_a_sandbox_the_page_and_its_routes_answer_404(settings):
    app = create_app(settings)
    add_chat_page(app)

    async with TestClient(TestServer(app)) as web_client:
        page = await web_client.get("/sandbox")
        chat = await web_client.get(f"/sandbox/api/chats/{CARMEN}")
        body = await chat.json()

    assert page.status == 404 and chat.status == 404 and body["ok"] is False


async def test_the_chat_page_api_serves_its_own_origin_and_refuses_another_sites(carmen, web_client):
    own = str(web_client.make_url("")).rstrip("/")
    message = {"user_id": carmen.person["id"], "text": "/start"}

    foreign = await carmen.call("POST", "/messages", json=message, headers={"Origin": "https://evil.example"})
    as_text = await carmen.call("POST", "/messages", data=json.dumps(message), headers={"Content-Type": "text/plain"})
    photo_as_json = await carmen.call("POST", "/photos", json=message, headers={"Origin": own})
    status, _ = await carmen.call("POST", "/messages", json=message, headers={"Origin": own})

    assert (foreign[0], as_text[0], photo_as_json[0]) == (403, 415, 415)
    assert status == 200


async def test_the_chat_page_may_run_only_its_own_script_and_reach_only_its_own_site(web_client):
    response = await web_client.get(f"/sandbox?person={CARMEN}&lang=es")
    body = await response.text()

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # The one inline <script> is data the script reads (type application/json), which no policy runs.
    scripts = re.findall(r"<script([^>]*)>", body)
    assert scripts == [' id="sandbox-config" type="application/json"', ' src="/sandbox/assets/sandbox.js"']
    assert " style=" not in body and response.headers["Server"] == "Feria"


async def test_a_group_made_on_the_page_is_among_the_persons_chats_and_opens_as_a_group(carmen, web_client):
    _, made = await carmen.call("POST", "/groups", json={"user_id": CARMEN, "title": "Barrio Norte"})
    chat_id = made["result"]["chat"]["id"]

    private = await (await web_client.get(f"/sandbox?person={CARMEN}&lang=es")).text()
    group = await PageSession(web_client).opens(f"person={CARMEN}&chat={chat_id}&lang=es")
    outsider = await PageSession(web_client).opens(f"person={NEUSA}&chat={chat_id}&lang=es")

    assert f'href="/sandbox?person={CARMEN}&amp;lang=es&amp;chat={chat_id}">Barrio Norte</a>' in private
    assert group["chat"] == {"id": chat_id, "type": "group", "title": "Barrio Norte"}
    assert outsider["chat"]["id"] == NEUSA  # not in it: her own chat with the bot
    assert {"id": NEUSA, "first_name": "Neusa", "last_name": "Vieira", "language_code": "pt-br"} in group["people"]
    assert all(p["id"] != CARMEN for p in group["people"])


async def test_a_link_to_the_bot_opens_the_picker_keeping_what_to_start_and_then_the_start_button(web_client):
    picker = await (await web_client.get("/sandbox?start=p_12&lang=es")).text()
    config = await PageSession(web_client).opens(f"person={CARMEN}&start=p_12&lang=es")
    forged = await PageSession(web_client).opens(f"person={CARMEN}&start=p_12%22%3E&lang=es")

    assert picker.count('<input type="hidden" name="start" value="p_12">') == 2 and texts("es")["picker_start"] in picker
    assert config["start"] == "p_12" and forged["start"] == ""
