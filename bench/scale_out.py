"""Scale-out: 1, 2 and 3 web processes in webhook mode on one PostgreSQL database, the same people and messages.

    .venv/bin/python bench/scale_out.py [--processes 1,2,3] [--people 40] [--rounds 2] [--quick] [--json PATH]

The deployment the Procfile describes: `python serve.py --role web` processes receiving the bot's
updates by webhook, each storing them in the durable inbox and processing from it, on one
PostgreSQL database. Each run starts its processes afresh on a fresh copy of one seeded database,
against a fresh sandbox Bot API that delivers the updates by webhook, one at a time (Telegram
delivers to one URL): a round-robin balancer (bench/balancer.py, a process of its own) spreads them
over the processes, the single process's run included, so that every run pays the same hop.

The same people, by the same ids, play the same script in every run: start, browse to a product and
add it to the cart (bench/bot_throughput.py's six updates), then three messages at once without
waiting (two searches and the cart), whose answers must come in the order sent though the three
may land on three processes. Each chat's answers (texts and buttons, in order) are compared with
the first run's: the chats differing must be 0, as must the updates left unanswered.

Where the time goes: the CPU time of Feria's processes, of PostgreSQL's backends for the run's
database, of the balancer and of this process (the sandbox and the people), read from /proc
(bench/cpu_time.py), per update. From Feria's and PostgreSQL's, the section works out what one
machine of N cores would carry with the database managed elsewhere. Every process of the run
shares this machine's cores, the balancer and the sandbox included.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402
import cpu_time  # noqa: E402
from cpu_time import CpuSnapshot  # noqa: E402
from results import row, write_results  # noqa: E402
from scale_out_notes import arithmetic, where_the_time_goes  # noqa: E402
from web_processes import TOKEN, balancer_stats, processes  # noqa: E402

from bot.sandbox import BotApiSandbox, CallbackAnswer, NothingReceived, Reply, SandboxClient, SandboxPerson  # noqa: E402
from market import clock  # noqa: E402
from market.db import close_database, open_database  # noqa: E402
from market.demo.seed import seed_demo  # noqa: E402
from tests.support.databases import PostgresTestDatabase  # noqa: E402

BURST = ("café", "miel", "/carrito")
STEPS_PER_ROUND = 6 + len(BURST)
WAIT = 60.0  # seconds a person waits for an answer before giving up on the rest of their script
FIRST_PERSON, WARM_UP_PERSON = 1, 900_001
IDLE = 1.5  # seconds Feria's processes are watched with nothing to do


class Chats:
    """Every update's latency, and what each person was shown, in order."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.answers: dict[int, list[str]] = {}

    def answered(self, person: SandboxPerson, started: float, answer: Reply | CallbackAnswer) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.answers.setdefault(person.id, []).append(shown(answer))


def shown(answer: Reply | CallbackAnswer) -> str:
    if isinstance(answer, CallbackAnswer):
        return f"(toast) {answer.text}"
    return "\n".join([answer.text or answer.caption or "", *(f"[{label}]" for label in answer.button_texts)])


async def person_script(person: SandboxPerson, chats: Chats, rounds: int) -> None:
    """Each round: start, browse to a product, add it to the cart; then three messages sent at once."""
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            await person.says("/start")
            message = await person.receives(WAIT)
            chats.answered(person, started, message)
            for label in ("🧺 Ver productos", "Café y cacao (8)", "Todas las regiones", "Café tostado en grano"):
                started = time.perf_counter()
                await person.presses(label, message=message)
                message = await person.sees_edited(message, WAIT)
                chats.answered(person, started, message)
            started = time.perf_counter()
            await person.presses("+1 kg", message=message)
            chats.answered(person, started, await person.sees_answer(WAIT))
            sent = []
            for text in BURST:
                sent.append(time.perf_counter())
                await person.says(text)
            for started in sent:
                chats.answered(person, started, await person.receives(WAIT))
    except NothingReceived:
        chats.answers.setdefault(person.id, []).append(f"(nothing within {WAIT:.0f} s)")


# The databases


async def seed(template: PostgresTestDatabase) -> None:
    """The demo network in the template, which each run copies."""
    ctx = await open_database(template.url, global_fallback=False)
    try:
        await seed_demo(clock.today())
    finally:
        await close_database(ctx)


async def copy_of(template: PostgresTestDatabase) -> PostgresTestDatabase:
    copy = PostgresTestDatabase(template.server_url, name=f"feria_bench_scale_{uuid.uuid4().hex[:12]}")
    conn = await asyncpg.connect(template.server_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'CREATE DATABASE "{copy.name}" TEMPLATE "{template.name}"')
        # As the template itself (database settings are not copied): see PostgresTestDatabase.create.
        await conn.execute(f'ALTER DATABASE "{copy.name}" SET synchronous_commit = off')
    finally:
        await conn.close()
    return copy


# A run


@dataclass
class Run:
    processes: int
    elapsed: float
    chats: Chats
    cpu: dict[str, float | None]
    delivered: int
    busy: float  # seconds a webhook delivery was in flight
    new_messages: int  # sendMessage calls the sandbox answered
    transactions_per_update: float  # the database's, committed or rolled back
    idle: float | None  # CPU ms a second Feria's processes spent with nothing to do

    @property
    def updates(self) -> int:
        return len(self.chats.latencies)

    @property
    def rate(self) -> float:
        return self.updates / self.elapsed

    @property
    def per_update(self) -> int:
        """What per-update figures divide by (1 when nothing was answered, so that they still print)."""
        return max(self.updates, 1)

    def percentile(self, fraction: float) -> float:
        latencies = sorted(self.chats.latencies) or [0.0]
        if fraction == 0.5:
            return statistics.median(latencies) * 1000
        return latencies[min(len(latencies) - 1, int(len(latencies) * fraction))] * 1000

    def cores(self, name: str) -> float | None:
        """How many cores the group kept busy on average during the run."""
        seconds = self.cpu.get(name)
        return None if seconds is None else seconds / self.elapsed

    @property
    def others(self) -> float:
        """Cores busy with work outside the run's processes (other people's, PostgreSQL's shared processes)."""
        ours = sum(s or 0.0 for name, s in self.cpu.items() if name != "machine")
        return max((self.cpu["machine"] or 0.0) - ours, 0.0) / self.elapsed

    def cpu_ms(self, name: str) -> float | None:
        seconds = self.cpu.get(name)
        return None if seconds is None else seconds * 1000 / self.per_update


async def run(count: int, template: PostgresTestDatabase, people: int, rounds: int, warm_up: int) -> Run:
    """`count` web processes on a fresh copy of the template: a warm-up, then the people, measured."""
    database = await copy_of(template)
    sandbox = BotApiSandbox(limits=None)
    try:
        await sandbox.start()
        sandbox.add_bot(TOKEN)
        client = SandboxClient(sandbox, TOKEN)
        with tempfile.TemporaryDirectory(prefix="scale-out-") as directory:
            async with processes(count, database.url, sandbox, Path(directory)) as running:
                warmed = await play(client, WARM_UP_PERSON, warm_up, 1)
                groups = {"feria": [p.pid for p in running.web], "balancer": [running.balancer.pid],
                          "bench": [os.getpid()]}
                take = functools.partial(CpuSnapshot.take, groups, database.server_url, database.name)
                resting = await take()
                await asyncio.sleep(IDLE)
                before = await take()
                sends_before, stats_before = sandbox.calls["sendmessage"], await balancer_stats(running.balancer_url)
                started = time.perf_counter()
                chats = await play(client, FIRST_PERSON, people, rounds)
                elapsed = time.perf_counter() - started
                after = await take()
                stats = await balancer_stats(running.balancer_url)
                running.check_alive()
        # Over the processes' whole life, the warm-up's updates included: the count is read once they are gone.
        transactions = await cpu_time.transactions(database.server_url, database.name)
    finally:
        await sandbox.stop()
        await asyncio.to_thread(database.drop)
    idle = before.spent(resting)["feria"]
    return Run(count, elapsed, chats, after.spent(before), int(stats["forwarded"] - stats_before["forwarded"]),
               stats["busy"] - stats_before["busy"], sandbox.calls["sendmessage"] - sends_before,
               transactions / max(len(chats.latencies) + len(warmed.latencies), 1),
               None if idle is None else idle * 1000 / IDLE)


async def play(client: SandboxClient, first_id: int, people: int, rounds: int) -> Chats:
    chats = Chats()
    persons = [client.person(first_id + i, f"Persona {i + 1}", language_code="es") for i in range(people)]
    await asyncio.gather(*(person_script(person, chats, rounds) for person in persons))
    return chats


def differing(run: Run, reference: Run) -> int:
    """The chats whose answers are not the reference's, the same texts in the same order."""
    chats = reference.chats.answers.keys() | run.chats.answers.keys()
    return sum(run.chats.answers.get(chat) != reference.chats.answers.get(chat) for chat in chats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", default="1,2,3", help="web processes of each run, the first the reference")
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="6 people, 1 round: a smoke run")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    if args.quick:
        args.people, args.rounds = 6, 1
    counts = [int(n) for n in args.processes.split(",")]
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        runs = asyncio.run(measure(counts, args.people, args.rounds))
    except asyncio.CancelledError:
        sys.exit("scale_out: stopped by SIGTERM (its processes stopped, its databases dropped)")
    publish(args, runs)


async def measure(counts: list[int], people: int, rounds: int) -> list[Run]:
    """Every run, one after the other, on copies of one seeded template.

    SIGTERM stops the bench as Ctrl-C does, by cancelling this task: the `finally`s stop the processes and
    drop the databases, and a second SIGTERM does not interrupt them. A stop while the template is being
    migrated (in a thread, which cannot be interrupted) waits for the migration to end, then drops it.
    """
    loop, task = asyncio.get_running_loop(), asyncio.current_task()

    def stop() -> None:
        loop.add_signal_handler(signal.SIGTERM, lambda: None)
        task.cancel()

    loop.add_signal_handler(signal.SIGTERM, stop)
    template = PostgresTestDatabase(name=f"feria_bench_scale_template_{uuid.uuid4().hex[:12]}")
    creating = asyncio.ensure_future(asyncio.to_thread(template.create))
    try:
        await asyncio.shield(creating)
        await seed(template)
        print(f"{people} people, {rounds} rounds of {STEPS_PER_ROUND} updates each, PostgreSQL, webhook")
        print(f"{'processes':>9} {'updates':>7} {'seconds':>8} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'differ':>6} {'feria ms':>8} {'pg ms':>6} {'tx/update':>9} {'others':>6}")
        runs: list[Run] = []
        for count in counts:
            runs.append(await run(count, template, people, rounds, warm_up=max(2, 2 * count)))
            latest = runs[-1]
            print(f"{count:>9} {latest.updates:>7} {latest.elapsed:>8.2f} {latest.rate:>10.1f} "
                  f"{latest.percentile(0.5):>8.1f} {latest.percentile(0.99):>8.1f} "
                  f"{differing(latest, runs[0]):>6} {latest.cpu_ms('feria') or 0:>8.2f} "
                  f"{latest.cpu_ms('postgres') or 0:>6.2f} {latest.transactions_per_update:>9.2f} "
                  f"{latest.others:>6.2f}", flush=True)
        return runs
    finally:
        await asyncio.wait([creating])
        await asyncio.to_thread(template.drop)


def publish(args: argparse.Namespace, runs: list[Run]) -> None:
    reference, planned = runs[0], args.people * args.rounds * STEPS_PER_ROUND
    notes = [*where_the_time_goes(runs, os.cpu_count() or 1), *arithmetic(runs[-1])]
    for note in notes:
        print(note)
    write_results(
        args.json, name="scale_out", title="Web processes in webhook mode against one process, PostgreSQL",
        setup=f"{args.people} people, {args.rounds} rounds of {STEPS_PER_ROUND} updates a person (start, browse, "
              f"add to cart, then {len(BURST)} messages sent at once); `serve.py --role web` processes on one "
              "PostgreSQL database (synchronous_commit off, as the other benches), a fresh copy of the seeded "
              "demo each run; the sandbox delivers by webhook one update at a time through a round-robin "
              "balancer (bench/balancer.py), every run included; Telegram's 30 messages a second lifted; all on "
              f"this machine's {os.cpu_count()} cores; CPU ms are per update; Feria cores and others' cores: how many "
              "cores Feria's processes, and work outside the run (PostgreSQL's shared processes, other people's), "
              "kept busy on average",
        unit="updates/s", baseline=f"{label(reference.processes)}, through the same balancer",
        ratio=f"updates/s ÷ the updates/s of {label(reference.processes)}, same people and messages",
        rows=[row(label(run.processes), run.rate, run.rate / reference.rate,
                  "" if run is reference else label(reference.processes), **{
                      "p50 ms": run.percentile(0.5), "p99 ms": run.percentile(0.99),
                      "chats differing": None if run is reference else differing(run, reference),
                      "unanswered": planned - run.updates,
                      "Feria CPU ms": run.cpu_ms("feria"), "PostgreSQL CPU ms": run.cpu_ms("postgres"),
                      "balancer CPU ms": run.cpu_ms("balancer"), "sandbox CPU ms": run.cpu_ms("bench"),
                      "transactions/update": run.transactions_per_update,
                      "Feria cores": run.cores("feria"), "others' cores": run.others,
                  }) for run in runs],
        aim=f"each chat's answers identical to those of {label(reference.processes)}, in order (0 chats "
            "differing, 0 unanswered)",
        notes=notes,
    )


def label(processes: int) -> str:
    return f"{processes} web process" + ("es" if processes > 1 else "")


if __name__ == "__main__":
    main()
