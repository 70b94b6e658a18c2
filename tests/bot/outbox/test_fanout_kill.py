"""A dispatcher killed mid-fan-out: after a restart every alert arrives, and only those in flight at the kill twice.

The dispatcher runs in a process of its own (this module, run with `python -m`), killed with
SIGKILL so that it releases nothing and records nothing; a new one takes over once the dead
one's claims lapse. A message goes twice only if it was sent and not yet recorded at the kill,
and at most `in_flight` are (bot.outbox.dispatcher): here the test asserts exactly which.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from telegram import Bot

from bot.outbox import Dispatcher, OwedMessage, Rendered
from bot.sandbox import BotApiSandbox, FloodLimits, SandboxClient
from bot.sandbox.limits import Rate
from config import load_settings
from market import clock
from market.enums import NotificationStatus
from market.models import Notification
from market.services.messaging.notifications import enqueue_notifications
from tests.support.clock import child_clock

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuv"
SUBSCRIBERS = 500
RATE = 300  # above Telegram's 30, so that the fan-out takes two seconds, not seventeen
# A claim lasts ten rounds of sends (a round is about a second of them): a process starved of CPU by others
# beside it (a suite run in parallel) still records its sends before its own claims lapse; the restarted one
# waits this long for the dead one's.
LEASE = timedelta(seconds=10)
IN_FLIGHT = 8


async def render(owed: OwedMessage, bot: Bot | None = None) -> Rendered:
    return Rendered(text=owed.params["text"])


def dispatcher(bot: Bot, database_url: str) -> Dispatcher:
    settings = load_settings({"DATABASE_URL": database_url, "OUTBOX_RATE_PER_SECOND": str(RATE)})
    return Dispatcher(bot, render, settings, lease=LEASE, in_flight=IN_FLIGHT)


async def dispatch_until_killed(database_url: str, api_url: str) -> None:
    """The process the test kills: a dispatcher on the test's database and sandbox, forever."""
    from market.db import open_database

    settings = load_settings()
    if settings.clock is not None:
        clock.travel(settings.clock)  # the test's time, handed down in FERIA_CLOCK
    await open_database(database_url)
    bot = Bot(TOKEN, base_url=api_url)
    await bot.initialize()
    await dispatcher(bot, database_url).run()


async def until(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.002)


async def all_sent(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while await Notification.exclude(status=NotificationStatus.SENT).exists():
        assert time.monotonic() < deadline, "the outbox still holds notifications"
        await asyncio.sleep(0.05)


async def test_a_dispatcher_killed_mid_fan_out_delivers_every_alert_after_restart_repeating_only_those_in_flight(
    db, database_url, tmp_path,
):
    sandbox = BotApiSandbox(limits=FloodLimits(overall=Rate(RATE, 1.0)))
    await sandbox.start()
    client = SandboxClient(sandbox, TOKEN)
    chats = [client.person(10_000 + n, f"P{n}").chat_id for n in range(SUBSCRIBERS)]
    await enqueue_notifications((chat_id, None, "text", {"text": "hay tomate"}, None) for chat_id in chats)
    received = sandbox.stats.sent_per_chat
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "FERIA_"))}
    log_path = tmp_path / "dispatcher.log"
    with log_path.open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.bot.outbox.test_fanout_kill", database_url, sandbox.api_url,
            cwd=ROOT, env={**env, **child_clock(), "PTB_TIMEDELTA": "1"}, stdout=log, stderr=log,
        )
    try:
        await until(lambda: sandbox.stats.messages_sent >= SUBSCRIBERS // 3, timeout=60)
        process.kill()
        killed = await process.wait()
        await asyncio.sleep(0.1)  # requests the sandbox had read are answered
        at_kill = {chat_id: received.get(chat_id, 0) for chat_id in chats}
        unrecorded = set(await Notification.filter(
            status=NotificationStatus.SENDING, chat_id__in=[c for c, n in at_kill.items() if n],
        ).values_list("chat_id", flat=True))

        bot = Bot(TOKEN, base_url=sandbox.api_url)
        await bot.initialize()
        restarted = dispatcher(bot, database_url)
        running = asyncio.create_task(restarted.run())
        await all_sent(timeout=60)  # the dead one's claims included, once they lapse
        await restarted.stop()
        await running
        await bot.shutdown()
    finally:
        if process.returncode is None:
            process.kill()
        await sandbox.stop()

    log = log_path.read_text()
    twice = {chat_id for chat_id in chats if received[chat_id] > 1}
    assert killed == -9, log
    assert 0 < sum(at_kill.values()) < SUBSCRIBERS  # killed mid-fan-out
    assert all(received[chat_id] in (1, 2) for chat_id in chats)
    assert twice == unrecorded  # sent and not yet recorded at the kill, and no other
    assert len(twice) <= IN_FLIGHT


if __name__ == "__main__":
    asyncio.run(dispatch_until_killed(*sys.argv[1:3]))
