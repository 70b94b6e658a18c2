"""One person floods the bot while others browse: the others' latency against the same people without the flood.

    .venv/bin/python bench/fairness.py [--people 40] [--rounds 2] [--flood 200] [--database sqlite|postgres]
                                       [--json PATH]

Telegram's published flood limits are on in the sandbox (one message a second to a private chat,
thirty a second in all), so each answer to the flooder takes its second, as at Telegram. Three runs,
each on a freshly migrated and seeded database of its own (a flood left in the inbox would otherwise
go on in the next run) and with new people: the quiet run (`--people` browse and add to
the cart, bench/bot_throughput.py's mix), the same with one person sending `--flood` messages at once
and no budget (only the intake's claim order protects the others), and the same with the default
budget of 20 updates a minute (the rest of the burst is dropped and the flooder told once).
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web  # noqa: E402
from bot_throughput import TOKEN, Timer, feria_person, prepare_database  # noqa: E402
from results import row, write_results  # noqa: E402

from bot.sandbox import BotApiSandbox, SandboxClient  # noqa: E402
from bot.sandbox.limits import FloodLimits  # noqa: E402
from config import load_settings  # noqa: E402

_next_person = [10_000]


def people_of(client: SandboxClient, count: int, name: str) -> list:
    first, _next_person[0] = _next_person[0], _next_person[0] + count
    return [client.person(first + i, f"{name} {i}", language_code="es") for i in range(count)]


async def run(sandbox: BotApiSandbox, url: str, people: int, rounds: int, flood: int, budget: int) -> dict:
    """Serve Feria, let `people` browse while one person sends `flood` messages at once (0: nobody floods)."""
    from serve import build

    settings = load_settings({
        "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": sandbox.api_url,
        "TELEGRAM_FILE_URL": sandbox.file_url, "BOT_UPDATES_PER_MINUTE": str(budget),
    })
    client = SandboxClient(sandbox, TOKEN)
    browsers = people_of(client, people, "Persona")
    runner = web.AppRunner(build(settings, "worker"))
    await runner.setup()
    timer, answers = Timer(), []
    try:
        started = time.perf_counter()
        watching = None
        if flood:
            flooder = people_of(client, 1, "Flor")[0]
            for n in range(flood):
                await flooder.says(f"hola {n}")
            watching = asyncio.create_task(_watch(client, flooder.chat_id, answers, started))
        await asyncio.gather(*(feria_person(person, timer, rounds) for person in browsers))
        elapsed = time.perf_counter() - started
        if watching:
            watching.cancel()
    finally:
        await runner.cleanup()
    latencies = sorted(timer.latencies)
    return {
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "seconds": elapsed, "answers": len(answers), "most_in_a_second": _most_in_a_second(answers),
    }


async def _watch(client: SandboxClient, chat_id: int, answers: list[float], started: float) -> None:
    """Note when each of the flooder's answers arrives (every 20 ms)."""
    seen = 0
    while True:
        count = len(client.sent_to(chat_id))
        answers.extend([time.perf_counter() - started] * (count - seen))
        seen = count
        await asyncio.sleep(0.02)


def _most_in_a_second(times: list[float]) -> int:
    return max((sum(1 for t in times if start <= t < start + 1.0) for start in times), default=0)


def report(name: str, figures: dict) -> None:
    print(f"{name:<28} {figures['p50']:>8.1f} {figures['p99']:>8.1f} {figures['seconds']:>8.1f} "
          f"{figures['answers']:>8} {figures['most_in_a_second']:>10}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--budget", type=int, default=20, help="updates a minute in the budgeted run")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("PTB_TIMEDELTA", "1")

    with tempfile.TemporaryDirectory() as directory:
        sandbox = BotApiSandbox(limits=FloodLimits())
        await sandbox.start()

        async def on_fresh_database(name: str, *run_args: int) -> dict:
            folder = Path(directory) / name
            folder.mkdir()
            url, cleanup = await prepare_database(args.database, folder)
            try:
                return await run(sandbox, url, *run_args)
            finally:
                await cleanup()

        try:
            await on_fresh_database("warm-up", 2, 1, 0, 0)  # imports and first connections
            print(f"{args.people} people browsing, {args.rounds} rounds; a flood of {args.flood} messages from "
                  f"one person; Telegram's flood limits; database {args.database}")
            print(f"{'run':<28} {'p50 ms':>8} {'p99 ms':>8} {'seconds':>8} {'answers':>8} {'most in 1 s':>10}")
            quiet = await on_fresh_database("quiet", args.people, args.rounds, 0, 0)
            report("quiet", quiet)
            flooded = await on_fresh_database("flooded", args.people, args.rounds, args.flood, 0)
            report("flood, no budget", flooded)
            budgeted = await on_fresh_database("budgeted", args.people, args.rounds, args.flood, args.budget)
            report(f"flood, budget {args.budget}/min", budgeted)
        finally:
            await sandbox.stop()
    print(f"others' p99 with the flood: {flooded['p99'] / quiet['p99']:.2f}x the quiet run without a budget, "
          f"{budgeted['p99'] / quiet['p99']:.2f}x with it (aim: within 1.5x); the flooder got at most "
          f"{max(flooded['most_in_a_second'], budgeted['most_in_a_second'])} answers in any second (aim: 1)")

    def figures(f: dict) -> dict:
        return {"p50 ms": f["p50"], "flooder's answers": f["answers"], "most in 1 s": f["most_in_a_second"]}

    write_results(
        args.json, name="fairness", title="Others' latency under one person's flood against a quiet run",
        setup=f"sandbox Bot API with Telegram's flood limits, {args.people} people browsing {args.rounds} rounds "
              f"(bot_throughput's mix), one person sending {args.flood} messages at once, database {args.database}",
        unit="p99 ms", baseline="the same people browsing with nobody flooding (quiet)",
        ratio="others' p99 ÷ quiet p99", rows=[
            row("quiet", quiet["p99"], 1.0, **figures(quiet)),
            row("flood, no budget", flooded["p99"], flooded["p99"] / quiet["p99"], "quiet", **figures(flooded)),
            row(f"flood, budget {args.budget}/min", budgeted["p99"], budgeted["p99"] / quiet["p99"], "quiet",
                **figures(budgeted)),
        ],
        aim="others' p99 within 1.5x of the quiet run; the flooder answered at most once a second",
    )


if __name__ == "__main__":
    asyncio.run(main())
