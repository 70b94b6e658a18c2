"""The entry point runs the web app and the bot on one event loop; offline, the bot uses the sandbox."""

import socket

from aiohttp.test_utils import TestClient, TestServer

from bot.application import SANDBOX_TOKEN
from bot.sandbox import SANDBOX_KEY, SandboxClient
from config import load_settings
from serve import build


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_without_a_token_the_served_bot_answers_in_the_offline_sandbox(database_url):
    settings = load_settings({"DATABASE_URL": database_url, "SANDBOX_PORT": str(free_port())})
    app = build(settings, "all")

    async with TestClient(TestServer(app)) as web_client:
        sandbox = app[SANDBOX_KEY]
        ana = SandboxClient(sandbox, SANDBOX_TOKEN).person(first_name="Ana", language_code="pt-br")
        await ana.says("/start")
        greeting = await ana.receives(timeout=10)
        health = await web_client.get("/healthz")

    assert greeting.text == "Olá, Ana! Boas-vindas à Feria, o mercado solidário."
    assert health.status == 200
