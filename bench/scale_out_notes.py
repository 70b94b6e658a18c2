"""The notes of bench/scale_out.py's section: where the time goes, and what N cores would carry, with the arithmetic.

Generated from the run with the most processes, so that the section reproduces with the bench: its CPU
time per update (bench/cpu_time.py) split between Feria's processes, PostgreSQL's backends, the
balancer and the sandbox; then, from Feria's and PostgreSQL's costs alone,

    updates/s = N cores × 1000 ÷ Feria's CPU ms per update
    people    = updates/s × 60          (each sending 1 update a minute)
    database  = updates/s × PostgreSQL's CPU ms per update ÷ 1000 cores, on the database's own machine

and the ceiling Telegram puts on any machine: about 30 new messages a second per bot (edits and button
answers do not count), divided by the share of updates answered with a new message.
"""

from __future__ import annotations

from typing import Protocol

CORES = (4, 8, 16)
TELEGRAM_MESSAGES_PER_SECOND = 30


class Measured(Protocol):
    processes: int
    elapsed: float
    cpu: dict[str, float | None]
    delivered: int
    busy: float
    new_messages: int
    idle: float | None
    transactions_per_update: float

    @property
    def updates(self) -> int: ...

    def cpu_ms(self, name: str) -> float | None: ...


def where_the_time_goes(runs: list[Measured], cores: int) -> list[str]:
    """The last run's CPU by process, per update and as a share, against the first's; the most the cores
    could carry at that cost; and how busy the delivery path was."""
    first, run = runs[0], runs[-1]
    parts = {"Feria's web processes": run.cpu_ms("feria"), "PostgreSQL's backends for the database":
             run.cpu_ms("postgres"), "the balancer": run.cpu_ms("balancer"),
             "the sandbox and the simulated people (this process)": run.cpu_ms("bench")}
    per_update = sum(ms for ms in parts.values() if ms is not None)
    ours = per_update * run.updates / 1000
    machine, available = run.cpu["machine"] or 0.0, run.elapsed * cores
    shares = ", ".join(
        f"{name} {'not measured (the server is not on this machine)' if ms is None else f'{ms:.2f} ms'}"
        + ("" if ms is None or not ours else f" ({ms * run.updates / 1000 / ours:.0%})")
        for name, ms in parts.items()
    )
    return [
        f"Where the time goes at {run.processes} processes: in {run.elapsed:.1f} s the machine's {cores} cores "
        f"were {machine / available:.0%} busy ({machine:.1f} of {available:.1f} CPU-seconds); the run's "
        f"processes used {ours:.1f} CPU-seconds, per update: {shares}. The other {max(machine - ours, 0):.1f} "
        "CPU-seconds were PostgreSQL's shared processes and other work on the machine.",
        f"Together that is {per_update:.1f} ms of CPU an update, so these {cores} cores carry at most {cores} × "
        f"1000 ÷ {per_update:.1f} = {cores * 1000 / max(per_update, 0.001):.0f} updates/s however many processes "
        "share them; "
        f"the run reached {run.updates / run.elapsed:.0f}.",
        f"Against {first.processes} process{'es' if first.processes > 1 else ''}: "
        f"Feria {_ms(first.cpu_ms('feria'))} an update, PostgreSQL "
        f"{_ms(first.cpu_ms('postgres'))}, {first.transactions_per_update:.2f} database transactions an update "
        f"({run.transactions_per_update:.2f} at {run.processes}, counted over each run's whole life, the warm-up "
        "and the polls while idle included); with nothing to do, Feria's processes spent "
        f"{_ms(first.idle)} of CPU a second at {first.processes}, {_ms(run.idle)} at {run.processes} (each runs "
        "the inbox's and the outbox's polls and the timers).",
        f"The sandbox delivers one update at a time (Telegram opens up to 40 connections): at {run.processes} "
        f"processes a delivery was in flight {run.busy / run.elapsed:.0%} of the run, "
        f"{run.busy * 1000 / max(run.delivered, 1):.1f} ms each through the balancer (100 % would make "
        "delivery the limit rather than the processes).",
    ]


def _ms(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.2f} ms"


def arithmetic(run: Measured) -> list[str]:
    """What one machine of N cores carries with PostgreSQL managed elsewhere, from the measured costs."""
    feria, database = run.cpu_ms("feria"), run.cpu_ms("postgres")
    if not feria or not run.updates:
        return ["What N cores would carry: not worked out (Feria's CPU time was not measured)."]
    lines = [
        f"What one machine of N cores would carry, PostgreSQL managed elsewhere, from the {run.processes}-process "
        f"run's CPU per update (Feria {feria:.2f} ms"
        + (f", PostgreSQL {database:.2f} ms" if database is not None else "")
        + "; the balancer and the sandbox not counted), every core busy with Feria's processes: "
        f"updates/s = N × 1000 ÷ {feria:.2f}; people at 1 update a minute = updates/s × 60"
        + (f"; the database's cores = updates/s × {database:.2f} ÷ 1000" if database is not None else "") + ".",
    ]
    for cores in CORES:
        rate = cores * 1000 / feria
        line = f"{cores} cores: {cores} × 1000 ÷ {feria:.2f} = {rate:,.0f} updates/s; × 60 = {rate * 60:,.0f} people"
        if database is not None:
            line += f"; the database {rate:,.0f} × {database:.2f} ÷ 1000 = {rate * database / 1000:.1f} cores"
        lines.append(line + ".")
    share = run.new_messages / run.updates
    if share:
        ceiling = TELEGRAM_MESSAGES_PER_SECOND / share
        lines.append(
            f"Telegram's limit comes first: {share:.0%} of these updates were answered with a new message "
            f"(sendMessage; edits and button answers do not count), and a bot sends about "
            f"{TELEGRAM_MESSAGES_PER_SECOND} a second in all, so this mix stops at {TELEGRAM_MESSAGES_PER_SECOND} ÷ "
            f"{share:.2f} = {ceiling:,.0f} updates/s ({ceiling * 60:,.0f} people at 1 update a minute) on any "
            "machine; a mix of mostly button presses goes further."
        )
    return lines
