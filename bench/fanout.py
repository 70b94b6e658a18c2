"""One alert to 10,000 subscribers through a fake Bot API that enforces the limits, while people chat.

    .venv/bin/python bench/fanout.py [--database sqlite|postgres] [--subscribers 10000] [--rate 300]
                                     [--ask-every 0.5] [--json PATH]

The sandbox Bot API enforces an overall limit of `--rate` messages a second (above Telegram's
30, so that the run takes under a minute) and 1 a second per private chat, answering 429 with
retry_after beyond them; Feria's outbox dispatcher is configured to the same rate. Feria runs as
served (durable intake, database, the dispatcher, replies through RepliesFirst), with a renderer
of the bench's own. The notifications are enqueued in one INSERT, then the dispatcher is woken;
meanwhile someone writes /start every `--ask-every` s (people take turns, each every 2 s, so
that no chat's own limit is the bench's doing) and waits for the bot's answer.

The figures: the alerts' delivery rate as a fraction of the limit (the baseline is the limit
itself: the pacer keeps bot.outbox.pacing.MARGIN below it, 5 %, so 95.2 % is the ceiling), and the budget used, replies
included; the 429s the sandbox answered; lost (owed, never delivered) and duplicated (a chat
that got it twice); and the reply time, from a person's message to the bot's answer appearing
in the sandbox, with the messages left unanswered for 10 s. Aim (issue 7): at least 95 % of
the limit, nothing lost or duplicated, replies under 1 s. The sandbox shares this process and
its event loop: a busy machine lowers the rate.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web  # noqa: E402
from results import fresh_database, row, write_results  # noqa: E402
from telegram import Bot  # noqa: E402
from tortoise.transactions import in_transaction  # noqa: E402

from bot.outbox import OUTBOX, OwedMessage, Rendered, outbox_context  # noqa: E402
from bot.outbox.pacing import MARGIN
from bot.runtime import polling_context  # noqa: E402
from bot.sandbox import BotApiSandbox, FloodLimits, NothingReceived, SandboxClient  # noqa: E402
from bot.sandbox.limits import Rate  # noqa: E402
from config import load_settings  # noqa: E402
from market.services.messaging.notifications import enqueue_notifications  # noqa: E402
from market.web import create_app  # noqa: E402

TOKEN = "777000:BENCH-token-abcdefghijklmnop"
FIRST_SUBSCRIBER = 1_000_000
ASKER = 42
ASK_EVERY = 0.5
UNANSWERED = 10.0  # seconds after which a person's message counts as unanswered
STALL = 10.0  # seconds without a delivery after which the rest counts as lost


async def render(owed: OwedMessage, bot: Bot) -> Rendered:
    """The bench's alert: what a real one says, without the templates the bot is still growing."""
    return Rendered(text=f"🍅 {owed.params['product']} is back: {owed.params['price']} a kg. Order before Friday.")


class Askers:
    """People writing /start during the fan-out, one every `every` s in turn, timing each answer.

    Several people take turns because one person answered twice a second would exceed their
    chat's own limit of 1 a second, and that 429 would be the bench's doing, not the bot's.
    """

    def __init__(self, client: SandboxClient, every: float):
        # Each person waits 2 s between messages, twice their chat's limit.
        self.every = every
        self.people = [client.person(ASKER + n, f"Ana {n}", language_code="es") for n in range(math.ceil(2 / every))]
        self.latencies: list[float] = []
        self.unanswered = 0
        self.stopping = False

    async def ask(self, person) -> None:
        started = time.perf_counter()
        await person.says("/start")
        try:
            await person.receives(timeout=UNANSWERED)
        except NothingReceived:  # the bot gave up on it after 429s
            self.unanswered += 1
            return
        self.latencies.append(time.perf_counter() - started)

    async def keep_asking(self) -> None:
        turn = 0
        asking: set[asyncio.Task] = set()
        while not self.stopping:
            task = asyncio.create_task(self.ask(self.people[turn % len(self.people)]))
            asking.add(task)
            task.add_done_callback(asking.discard)
            turn += 1
            await asyncio.sleep(self.every)
        await asyncio.gather(*asking)


async def wait_for_deliveries(sandbox: BotApiSandbox, chats: range, askers: Askers) -> float:
    """Until every chat got its alert, or none arrived for STALL s; returns when the last one arrived."""
    per_chat = sandbox.stats.sent_per_chat
    sent = lambda: sandbox.stats.messages_sent - sum(per_chat.get(p.chat_id, 0) for p in askers.people)  # noqa: E731
    last_count, last_at = -1, time.perf_counter()
    while True:
        count = sent()
        now = time.perf_counter()
        if count != last_count:
            last_count, last_at = count, now
        if count >= len(chats) or now - last_at > STALL:
            return last_at
        await asyncio.sleep(0.005)


async def run(database_url: str, subscribers: int, rate: int, ask_every: float) -> dict[str, float]:
    limits = FloodLimits(overall=Rate(rate, 1.0), private_chat=Rate(1, 1.0), group_chat=Rate(20, 60.0))
    sandbox = BotApiSandbox(limits=limits)
    await sandbox.start()
    settings = load_settings({
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": sandbox.api_url,
        "TELEGRAM_FILE_URL": sandbox.file_url, "OUTBOX_RATE_PER_SECOND": str(rate),
        "BOT_UPDATES_PER_MINUTE": "0",
    })
    client = SandboxClient(sandbox, TOKEN)
    chats = range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers)
    for user_id in chats:
        client.person(user_id, f"Socia {user_id}", language_code="es")
    askers = Askers(client, ask_every)
    runner = web.AppRunner(create_app(settings, contexts=[outbox_context(settings, render), polling_context(settings)]))
    await runner.setup()
    try:
        for person in askers.people:  # warm-up: the first answers open connections and fill caches
            await askers.ask(person)
        askers.latencies.clear()
        await asyncio.sleep(1.1)  # so that no one's next answer comes within a second of the last
        # The sandbox's 10,000 people would live in Telegram, not in Feria's heap: keep the
        # collector from walking them again and again (each full collection stalled sends 0.1 s).
        gc.freeze()
        before_429 = sandbox.stats.rate_limited
        owed = ((chat_id, None, "bench_alert", {"product": "Tomate", "price": "7.50"}, None) for chat_id in chats)
        async with in_transaction():
            await enqueue_notifications(owed)
        started = time.perf_counter()
        runner.app[OUTBOX].wake()
        asking = asyncio.create_task(askers.keep_asking())
        last_at = await wait_for_deliveries(sandbox, chats, askers)
        askers.stopping = True
        await asking
        replies_during = len(askers.latencies)
    finally:
        await runner.cleanup()
        await sandbox.stop()
    got = [sandbox.stats.sent_per_chat.get(chat_id, 0) for chat_id in chats]
    seconds = last_at - started
    delivered = sum(1 for n in got if n)
    latencies = sorted(askers.latencies)
    return {
        "messages": delivered, "seconds": seconds, "rate": delivered / seconds,
        "budget": (delivered + replies_during) / seconds / rate,
        "429s": sandbox.stats.rate_limited - before_429, "lost": sum(1 for n in got if n == 0),
        "duplicated": sum(1 for n in got if n > 1), "replies": len(latencies), "unanswered": askers.unanswered,
        "p50": statistics.median(latencies), "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max": latencies[-1],
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=300, help="the overall limit, messages a second")
    parser.add_argument("--ask-every", type=float, default=ASK_EVERY, help="seconds between people's messages")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    with tempfile.TemporaryDirectory() as directory:
        url, database = await fresh_database(args.database, Path(directory) / "fanout.sqlite3")
        try:
            f = await run(url, args.subscribers, args.rate, args.ask_every)
        finally:
            if database is not None:
                await asyncio.to_thread(database.drop)
    print(f"fan-out of one alert, limit {args.rate}/s overall and 1/s a chat, database {args.database}, "
          f"a person's message every {args.ask_every} s, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'messages':>8} {'seconds':>8} {'msg/s':>7} {'of limit':>8} {'budget':>7} {'429s':>5} {'lost':>5} "
          f"{'twice':>5} {'replies':>7} {'unanswered':>10} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    print(f"{f['messages']:>8} {f['seconds']:>8.2f} {f['rate']:>7.1f} {f['rate'] / args.rate:>8.1%} "
          f"{f['budget']:>7.1%} {f['429s']:>5} {f['lost']:>5} {f['duplicated']:>5} {f['replies']:>7} {f['unanswered']:>10} "
          f"{f['p50'] * 1000:>7.0f} {f['p99'] * 1000:>7.0f} {f['max'] * 1000:>7.0f}")
    print(f"aim: at least 95 % of the limit (the pacer's ceiling is {100 / MARGIN:.1f} %), nothing lost or twice, "
          "replies under 1 s")
    write_results(
        args.json, name="fanout", title="Fan-out against the configured limit",
        setup=f"one alert to {args.subscribers} subscribers, limit {args.rate}/s overall and 1/s a chat "
              f"(sandbox answers 429 beyond), database {args.database}, a person's message every {args.ask_every} s",
        unit="msg/s", baseline=f"the configured limit, {args.rate} messages a second",
        ratio=f"alerts delivered a second ÷ the limit (the pacer's ceiling is {100 / MARGIN:.1f} %)", rows=[
            row("configured limit", float(args.rate), 1.0),
            row("alerts delivered", f["rate"], f["rate"] / args.rate, "limit", **{
                "budget": f"{f['budget']:.1%}", "429s": f["429s"], "lost": f["lost"], "duplicates": f["duplicated"],
                "reply p50 ms": f["p50"] * 1000, "reply p99 ms": f["p99"] * 1000, "unanswered": f["unanswered"],
            }),
        ],
        aim="at least 95 % of the limit, nothing lost or twice, replies under 1 s",
    )


if __name__ == "__main__":
    asyncio.run(main())
