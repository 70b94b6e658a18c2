"""The entry point runs the web app and the bot on one event loop; offline, the bot uses the sandbox.

A bot process killed between storing an update and processing it processes that update once
when started again (the kill test of the durable intake, on a real `python serve.py` process).
"""

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.application import SANDBOX_TOKEN
from bot.intake import FAULT_ENV
from bot.sandbox import SANDBOX_KEY, BotApiSandbox, SandboxClient
from config import load_settings
from market.enums import InboxStatus
from market.models import InboxUpdate
from market.presentation.i18n import Translator
from serve import build, local_url
from tests.support.clock import child_clock
from tests.support.network import free_port

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuv"


def greeting(name: str, locale: str) -> str:
    return Translator(locale).gettext("Hello, {name}! Welcome to Feria, the solidarity market.").format(name=name)


async def test_without_a_token_the_served_bot_answers_in_the_offline_sandbox(database_url):
    settings = load_settings({
        "DATABASE_URL": database_url, "SANDBOX_PORT": str(free_port()), "BOT_UPDATES_PER_MINUTE": "0",
    })
    app = build(settings, "all")

    async with TestClient(TestServer(app)) as web_client:
        sandbox = app[SANDBOX_KEY]
        ana = SandboxClient(sandbox, SANDBOX_TOKEN).person(first_name="Ana", language_code="pt-br")
        await ana.says("/start")
        greeting_text = (await ana.receives(timeout=10)).text
        health = await web_client.get("/healthz")

    assert greeting("Ana", "pt_BR") in greeting_text
    assert health.status == 200


async def test_offline_the_started_server_prints_the_chat_pages_address_and_it_opens(database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "FERIA_", "PUBLIC_"))}
    env.update(DATABASE_URL=database_url, HOST="127.0.0.1", PORT=str(free_port()), SANDBOX_PORT=str(free_port()),
               PTB_TIMEDELTA="1", **child_clock())
    process = await asyncio.create_subprocess_exec(
        sys.executable, "serve.py", cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    printed: list[str] = []
    try:
        async with asyncio.timeout(60):
            while not (address := re.search(r"(http://\S+/sandbox)\b", "".join(printed))):
                line = await process.stdout.readline()
                assert line, "".join(printed)
                printed.append(line.decode())
            async with aiohttp.ClientSession() as session, session.get(address[1] + "?lang=es") as page:
                status, html = page.status, await page.text()
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)

    assert address[1] == f"http://127.0.0.1:{env['PORT']}/sandbox"
    assert status == 200 and Translator("es").gettext("Try the bot offline") in html


@pytest.mark.parametrize(("host", "port", "address"), [
    ("127.0.0.1", "8080", "http://127.0.0.1:8080"),
    ("::1", "8080", "http://[::1]:8080"),
    ("localhost", "9000", "http://localhost:9000"),
])
def test_the_local_address_is_what_a_browser_on_this_computer_opens(host, port, address):
    assert local_url(load_settings({"HOST": host, "PORT": port})) == address


class Worker:
    """`python serve.py --role worker` polling the test's sandbox, on the test's database."""

    def __init__(self, sandbox: BotApiSandbox, database_url: str, log_path: Path, fault: str | None = None):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "FERIA_"))}
        self.env.update(
            DATABASE_URL=database_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=sandbox.api_url,
            TELEGRAM_FILE_URL=sandbox.file_url, PTB_TIMEDELTA="1",
        )
        self.env.update(child_clock())
        if fault:
            self.env[FAULT_ENV] = fault
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> "Worker":
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "serve.py", "--role", "worker", cwd=ROOT, env=self.env, stdout=log, stderr=log,
            )
        return self

    async def exited(self) -> int:
        """The exit code, once the process ends by itself (a generous bound keeps a hung run from hanging pytest)."""
        return await asyncio.wait_for(self.process.wait(), 60)

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.exited()

    def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()


async def inbox_status(update_id: int) -> InboxStatus | None:
    row = await InboxUpdate.get_or_none(update_id=update_id)
    return row.status if row else None


async def test_a_worker_killed_between_storing_and_processing_an_update_processes_it_once_after_restart(
    database_url, db, tmp_path,
):
    sandbox = BotApiSandbox(limits=None)
    await sandbox.start()
    sandbox.add_bot(TOKEN)
    client = SandboxClient(sandbox, TOKEN)
    ana = client.person(777, "Ana", language_code="pt-br")
    log_path = tmp_path / "worker.log"
    workers: list[Worker] = []

    async def worker(fault: str | None = None) -> Worker:
        workers.append(await Worker(sandbox, database_url, log_path, fault).start())
        return workers[-1]

    try:
        await ana.says("/start")
        killed = await (await worker(fault="exit-after-store")).exited()
        after_kill = (await inbox_status(1), [u["update_id"] for u in client.bot.updates], len(ana.messages))

        restarted = await worker()
        reply = await ana.receives(timeout=30)
        while await inbox_status(1) != InboxStatus.DONE:
            await client.world.changed.wait(0.05)
        first_stop = await restarted.stop()

        # Another restart: Bea's greeting is processed after anything still owed, and Ana gets nothing new.
        again = await worker()
        bea = client.person(778, "Bea", language_code="es")
        await bea.says("/start")
        bea_reply = await bea.receives(timeout=30)
        second_stop = await again.stop()
    finally:
        for each in workers:
            each.kill()
        await sandbox.stop()

    log = log_path.read_text()
    assert killed == 137, log
    assert after_kill == (InboxStatus.PENDING, [1], 0), log
    assert greeting("Ana", "pt_BR") in reply.text
    assert greeting("Bea", "es") in bea_reply.text
    assert [m.message_id for m in ana.messages] == [reply.message_id]
    assert (first_stop, second_stop) == (0, 0), log
    row = await InboxUpdate.get(update_id=1)
    assert (row.status, row.attempts) == (InboxStatus.DONE, 1)
    assert await InboxUpdate.filter(status=InboxStatus.DONE).count() == 2


def test_what_start_up_made_is_left_out_of_the_collectors_passes_and_its_garbage_is_collected_first():
    import gc

    from serve import freeze_startup_heap

    class Cycle:
        pass

    alive, garbage = Cycle(), Cycle()
    alive.me, garbage.me = alive, garbage  # type: ignore[attr-defined]
    collected_before = gc.get_stats()[2]["collected"]
    del garbage
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() > 0
        assert gc.get_stats()[2]["collected"] > collected_before, "start-up's cyclic garbage went first"
        assert any(o is alive for o in gc.get_objects()) is False, "frozen: no pass walks it any more"
    finally:
        gc.unfreeze()
    assert any(o is alive for o in gc.get_objects())
