"""In webhook mode the aiohttp app stores each update before it answers 200, and processes it once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.runtime import BOT, SECRET_HEADER, WEBHOOK_PATH
from bot.sandbox import SandboxClient
from config import load_settings
from market.enums import InboxStatus
from market.models import InboxUpdate
from market.presentation.i18n import Translator
from serve import build
from tests.bot.test_intake import inbox_row
from tests.support.network import free_port

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuv"
SECRET = "s3cret-TOKEN_for-tests"


def greeting(name: str, locale: str) -> str:
    return Translator(locale).gettext("Hello, {name}! Welcome to Feria, the solidarity market.").format(name=name)


@pytest.fixture
def client(sandbox) -> SandboxClient:
    return SandboxClient(sandbox, TOKEN)


@pytest.fixture
async def web(database_url, sandbox) -> AsyncIterator[TestClient]:
    """Feria's web role with the webhook on, which the sandbox delivers to."""
    port = free_port()
    settings = load_settings({
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": sandbox.api_url,
        "TELEGRAM_FILE_URL": sandbox.file_url, "WEBHOOK_URL": f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        "WEBHOOK_SECRET": SECRET, "BOT_UPDATES_PER_MINUTE": "0",
    })
    async with TestClient(TestServer(build(settings, "web"), port=port)) as web:
        yield web


def text_update(update_id: int, person, text: str) -> dict:
    """An update as Telegram would POST it for a message the person wrote."""
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_767_225_600, "from": person.user,
        "chat": {"id": person.chat_id, "type": "private", "first_name": person.user["first_name"]}, "text": text,
    }}


async def post(web: TestClient, payload, secret: str | None = SECRET, **kwargs):
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with web.post(WEBHOOK_PATH, json=payload, headers=headers, **kwargs) as response:
        return response.status


async def test_a_person_is_answered_through_the_webhook(web, client):
    ana = client.person(777, "Ana", language_code="pt-br")

    await ana.says("/start")
    reply = await ana.receives(timeout=10)

    assert greeting("Ana", "pt_BR") in reply.text
    assert client.bot.webhook.url.endswith(WEBHOOK_PATH)
    row = await inbox_row(client, 1, InboxStatus.DONE)
    assert row.payload == {}  # answered: what Ana wrote is not kept


async def test_a_repeated_delivery_is_acknowledged_and_processed_once(web, client, sandbox):
    ana, bea = client.person(777, "Ana"), client.person(778, "Bea")
    await ana.says("/start")
    await ana.receives(timeout=10)
    delivered = sandbox.webhooks.delivered[0][1]

    status = await post(web, delivered)
    await bea.says("/start")
    await bea.receives(timeout=10)

    assert status == 200
    assert len(ana.messages) == 1
    assert await InboxUpdate.filter(update_id=delivered["update_id"]).count() == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
async def test_without_the_right_secret_the_webhook_refuses_and_stores_nothing(web, client, secret):
    ana = client.person(777, "Ana")

    status = await post(web, text_update(500, ana, "/start"), secret=secret)

    assert status == 403
    assert await InboxUpdate.all().count() == 0


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"message": {"text": "hi"}}', b'{"update_id": "7"}'])
async def test_a_body_that_is_not_an_update_is_refused_and_nothing_stored(web, body):
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}

    async with web.post(WEBHOOK_PATH, data=body, headers=headers) as response:
        status = response.status

    assert status == 400
    assert await InboxUpdate.all().count() == 0


async def test_the_webhook_answers_before_the_update_is_processed(web, client):
    ana = client.person(777, "Ana")
    gate = asyncio.Event()

    async def held(update, context) -> None:
        await gate.wait()
        await update.message.reply_text("done")
        raise ApplicationHandlerStop

    web.app[BOT].add_handler(MessageHandler(filters.Regex("^wait$"), held), group=-1)

    status = await post(web, text_update(500, ana, "wait"))
    while_held = (await InboxUpdate.get(update_id=500)).status
    gate.set()
    reply = await ana.receives(timeout=10)

    assert status == 200
    assert while_held in (InboxStatus.PENDING, InboxStatus.PROCESSING)
    assert reply.text == "done"
