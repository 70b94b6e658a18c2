"""Updates per second through the offline sandbox: Feria's browse-and-add-to-cart flow against a bare echo bot.

    .venv/bin/python bench/bot_throughput.py [--people 40] [--rounds 2] [--database sqlite|postgres]
                                             [--json PATH]

Both bots run in this process against the same sandbox, one after the other, with the same
number of simulated people, each waiting for the bot's answer before their next step (as a
person does). The echo bot is python-telegram-bot's own Updater with one handler that replies;
Feria is the served worker (durable intake, database, outbox) on a migrated, seeded database.
Each update's latency is from the person's action to the bot's visible answer.

Feria talks to the Bot API through aiohttp (bot/connections.py), PTB's own echo bot through httpx, which
costs more per call: one more run of the echo bot on Feria's transport shows how much of the ratio that is.

Telegram lets a bot post 30 messages a second in all (edits and button answers do not count). Feria keeps
that limit (bot/outbox/pacing.py: replies take the outbox's slots, 35 ms apart); the echo bot keeps none.
Forty people sending /start at once then wait for their turn of that limit, not for Feria's work: the
last of them 40 × 35 ms. So the ratio compares Feria with its limit lifted, like the echo bot; one more
run shows Feria as deployed, with the limit kept.

Each bot is measured warm, as a service that has been running: in the same run of the bot, the same number of people
first go through one round unmeasured. PostgreSQL plans a prepared statement afresh for its first five runs on each
pooled connection, and only then keeps one plan: a worker just started plans every statement of every update on each of
its twenty connections, and a two-round run is over before that ends. One more run shows a fresh worker, not warmed.

The simulated people wait for the bot by reading only what is new in their chat (SandboxClient.sent_after). Before,
each wait re-read the whole chat at every change in the sandbox: a harness cost that grew with each chat's history
and fell on the echo bot (a new message at every step) more than on Feria (which edits one), so it flattered Feria.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web  # noqa: E402
from results import row, write_results  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot import connections  # noqa: E402
from bot.sandbox import BotApiSandbox, SandboxClient, SandboxPerson  # noqa: E402
from config import load_settings  # noqa: E402
from market import clock
from market.db import close_database, migrate, open_database  # noqa: E402
from market.demo.seed import seed_demo  # noqa: E402

TOKEN = "777000:BENCH-token-abcdefghijklmnop"
STEPS_PER_ROUND = 6
# Messages a second the bot may post when Telegram's limit is lifted: more than this process can send.
UNPACED = 100_000


class Timer:
    """Latencies of every update, and the wall time of the whole run."""

    def __init__(self) -> None:
        self.latencies: list[float] = []

    async def step(self, action: Callable[[], Awaitable[object]]) -> object:
        started = time.perf_counter()
        result = await action()
        self.latencies.append(time.perf_counter() - started)
        return result


async def echo_person(person: SandboxPerson, timer: Timer, rounds: int) -> None:
    for _ in range(rounds * STEPS_PER_ROUND):
        await timer.step(lambda: _says_and_reads(person, "café"))


async def _says_and_reads(person: SandboxPerson, text: str):
    await person.says(text)
    return await person.receives(timeout=60)


async def _presses_and_sees(person: SandboxPerson, message, label: str):
    await person.presses(label, message=message)
    return await person.sees_edited(message, timeout=60)


async def _presses_and_reads_answer(person: SandboxPerson, message, label: str):
    await person.presses(label, message=message)
    return await person.sees_answer(timeout=60)


async def feria_person(person: SandboxPerson, timer: Timer, rounds: int) -> None:
    """Start, browse to a product, add it to the cart: six updates a round."""
    for _ in range(rounds):
        menu = await timer.step(partial(_says_and_reads, person, "/start"))
        categories = await timer.step(partial(_presses_and_sees, person, menu, "🧺 Ver productos"))
        regions = await timer.step(partial(_presses_and_sees, person, categories, "Café y cacao (8)"))
        page = await timer.step(partial(_presses_and_sees, person, regions, "Todas las regiones"))
        card = await timer.step(partial(_presses_and_sees, person, page, "Café tostado en grano"))
        await timer.step(partial(_presses_and_reads_answer, person, card, "+1 kg"))


async def run_echo(
    sandbox: BotApiSandbox, people: int, rounds: int, *, feria_transport: bool = False, warm: bool = True,
) -> tuple[float, Timer]:
    """The echo bot as python-telegram-bot builds it (its HTTPXRequest), or on Feria's transport (bot.connections);
    `warm`: after one unmeasured round of as many people."""
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    builder = ApplicationBuilder().token(TOKEN).base_url(sandbox.api_url)
    if feria_transport:
        builder = builder.request(connections.request(256)).get_updates_request(connections.request(1))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        return await _drive(sandbox, people, rounds, echo_person, warm=warm)
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def run_feria(
    sandbox: BotApiSandbox, database_url: str, people: int, rounds: int, *, paced: bool = False, warm: bool = True,
) -> tuple[float, Timer]:
    """Feria's worker; `paced` keeps Telegram's 30 messages a second for the bot (the outbox's pacer, which
    replies share), else lifts it as the echo bot, which keeps no limit, does; `warm`: after one unmeasured round of
    as many people."""
    from serve import build, freeze_startup_heap

    settings = load_settings({
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": sandbox.api_url, "TELEGRAM_FILE_URL": sandbox.file_url, "BOT_UPDATES_PER_MINUTE": "0",
        **({} if paced else {"OUTBOX_RATE_PER_SECOND": str(UNPACED)}),
    })
    runner = web.AppRunner(build(settings, "worker"))
    await runner.setup()
    freeze_startup_heap()  # as serve.py does once the worker has started
    try:
        return await _drive(sandbox, people, rounds, feria_person, warm=warm)
    finally:
        await runner.cleanup()


_next_person = [1]


async def _drive(sandbox, people: int, rounds: int, script, *, warm: bool = False) -> tuple[float, Timer]:
    """Run `script` for `people` people new to the bot (fresh chats, so every run starts alike); `warm`: after one
    round of as many other people, not measured."""
    if warm:
        await _drive(sandbox, people, 1, script)
    client = SandboxClient(sandbox, TOKEN)
    first_id, _next_person[0] = _next_person[0], _next_person[0] + people
    persons = [client.person(first_id + i, f"Persona {i}", language_code="es") for i in range(people)]
    timer = Timer()
    started = time.perf_counter()
    await asyncio.gather(*(script(person, timer, rounds) for person in persons))
    return time.perf_counter() - started, timer


async def prepare_database(engine: str, directory: Path) -> tuple[str, Callable[[], Awaitable[None]]]:
    if engine == "sqlite":
        url = f"sqlite://{directory / 'bench.sqlite3'}"
        cleanup = _nothing
    else:
        from tests.support.databases import PostgresTestDatabase

        database = PostgresTestDatabase()
        await asyncio.to_thread(database.create)
        url = database.url

        async def cleanup() -> None:
            await asyncio.to_thread(database.drop)

    if engine == "sqlite":
        await migrate(url)
    ctx = await open_database(url, global_fallback=False)
    await seed_demo(clock.today())
    await close_database(ctx)
    return url, cleanup


async def _nothing() -> None:
    return None


def report(name: str, elapsed: float, timer: Timer) -> dict[str, float]:
    latencies = sorted(timer.latencies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    rate = len(latencies) / elapsed
    print(f"{name:<12} {len(latencies):>7} {elapsed:>8.2f} {rate:>10.1f} {p50:>8.1f} {p99:>8.1f}")
    return {"rate": rate, "p50": p50, "p99": p99}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--light", type=int, default=4, help="people in the latency run (little queueing)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("PTB_TIMEDELTA", "1")

    with tempfile.TemporaryDirectory() as directory:
        url, cleanup = await prepare_database(args.database, Path(directory))
        sandbox = BotApiSandbox(limits=None)
        await sandbox.start()
        try:
            # A short run of each first, so that imports are not measured.
            await run_echo(sandbox, 2, 1, warm=False)
            await run_feria(sandbox, url, 2, 1, warm=False)
            print(f"{args.people} people, {args.rounds} rounds of {STEPS_PER_ROUND} updates each, "
                  f"database {args.database}, Python {sys.version.split()[0]}")
            print(f"{'bot':<12} {'updates':>7} {'seconds':>8} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
            echo = report("echo (PTB)", *await run_echo(sandbox, args.people, args.rounds))
            echo_aiohttp = report("echo aiohttp", *await run_echo(sandbox, args.people, args.rounds, feria_transport=True))
            feria = report("feria", *await run_feria(sandbox, url, args.people, args.rounds))
            paced = report("feria paced", *await run_feria(sandbox, url, args.people, args.rounds, paced=True))
            fresh = report("feria fresh", *await run_feria(sandbox, url, args.people, args.rounds, warm=False))
            # Latency with few people at once: what one person waits when the bot is not saturated.
            print(f"latency run: {args.light} people, {args.rounds * 3} rounds")
            echo_light = report("echo (PTB)", *await run_echo(sandbox, args.light, args.rounds * 3))
            light = report("feria", *await run_feria(sandbox, url, args.light, args.rounds * 3))
        finally:
            await sandbox.stop()
            await cleanup()
    print(f"feria / echo: {feria['rate'] / echo['rate']:.0%} of the echo bot's rate (aim: at least 60 %), "
          f"{fresh['rate'] / echo['rate']:.0%} for a worker just started; "
          f"p99 per update {light['p99']:.0f} ms with {args.light} people, {feria['p99']:.0f} ms saturated "
          f"(aim: under 100 ms)")
    saturated, few = f"{args.people} people at once", f"{args.light} people at once"
    write_results(
        args.json, name="bot_throughput", title="Bot updates against a bare echo bot",
        setup=f"sandbox Bot API, {args.rounds} rounds of {STEPS_PER_ROUND} updates a person (browse and add "
              f"to cart), database {args.database}; latency run {args.light} people, {args.rounds * 3} rounds; "
              "Telegram's 30 messages a second lifted for Feria as the echo bot keeps none, except in the row "
              "that says it is kept; each bot warmed by one unmeasured round of as many people in the same run of "
              "it, except in the row that says it was just started",
        unit="updates/s", baseline="python-telegram-bot's own Updater with one handler that replies (echo)",
        ratio="Feria updates/s ÷ echo updates/s, same people", rows=[
            row(f"echo, {saturated}", echo["rate"], 1.0, **_ms(echo)),
            row(f"feria, {saturated}", feria["rate"], feria["rate"] / echo["rate"], "echo", **_ms(feria)),
            row(f"feria, {saturated}, Telegram's 30 messages/s kept", paced["rate"], paced["rate"] / echo["rate"],
                "echo", **_ms(paced)),
            row(f"feria, {saturated}, a worker just started (not warmed)", fresh["rate"], fresh["rate"] / echo["rate"],
                "echo", **_ms(fresh)),
            row(f"echo on Feria's HTTP transport (aiohttp), {saturated}", echo_aiohttp["rate"], 1.0,
                **_ms(echo_aiohttp)),
            row(f"feria against that echo, {saturated}", feria["rate"], feria["rate"] / echo_aiohttp["rate"],
                "echo on Feria's transport", **_ms(feria)),
            row(f"echo, {few}", echo_light["rate"], 1.0, **_ms(echo_light)),
            row(f"feria, {few}", light["rate"], light["rate"] / echo_light["rate"], "echo", **_ms(light)),
        ],
        aim="at least 60 % of the echo bot's rate; p99 per update under 100 ms",
    )


def _ms(figures: dict[str, float]) -> dict[str, float]:
    return {"p50 ms": figures["p50"], "p99 ms": figures["p99"]}


if __name__ == "__main__":
    asyncio.run(main())
