"""Run every benchmark and write BENCHMARKS.md: each figure with its ratio to a baseline measured in the same run.

    .venv/bin/python bench/report.py [--quick] [--only NAME[,NAME]] [--note TEXT] [--output BENCHMARKS.md]

`make bench` runs it. Each bench runs as a subprocess of its own (a fresh interpreter and
database; one bench's heap or event loop never slows the next) with `--json PATH`; this
script gathers those files and renders one section per bench: the command that reproduces
it, what was measured against what, and a table of subject, value, ratio and the extra
figures. The sizes below keep the whole run under 12 minutes on 2 cores; `--quick` is a smoke
run of about 3 minutes whose figures are too small to quote.
A bench that cannot run (catalog.py without wrk) or fails gets a section saying so, and the
others still run.

The header records the machine (CPU, cores, RAM, OS, Python, PostgreSQL and SQLite
versions, git commit), since the ratios travel between machines but the raw figures do not;
`--note` adds a line to it (e.g. "other jobs shared the CPU during this run").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from market import clock

ROOT = Path(__file__).resolve().parent.parent
WRK_MISSING = "not run: wrk missing (apt-get install -y wrk)"


@dataclass(frozen=True)
class Job:
    """One bench run: its script, the arguments of the full and of the quick run, its section's title."""

    name: str
    script: str
    full: tuple[str, ...]
    quick: tuple[str, ...]
    title: str
    needs: str = ""  # a program that must be on PATH

    def arguments(self, quick: bool) -> list[str]:
        return list(self.quick if quick else self.full)

    def command(self, quick: bool) -> str:
        return " ".join([".venv/bin/python", f"bench/{self.script}", *self.arguments(quick)])


JOBS = (
    Job("catalog", "catalog.py", ("--products", "5000", "--duration", "10", "--mix", "both"),
        ("--products", "500", "--duration", "2"), "Catalog search against a bare aiohttp handler", needs="wrk"),
    Job("catalog_postgres", "catalog.py", ("--products", "5000", "--duration", "10", "--mix", "both",
                                           "--database", "postgres"),
        ("--products", "500", "--duration", "2", "--database", "postgres"),
        "Catalog search against a bare aiohttp handler, PostgreSQL", needs="wrk"),
    Job("catalog_queries", "catalog_queries.py", ("--products", "5000", "--calls", "300"),
        ("--products", "300", "--calls", "20"), "Catalog read services against a bare ORM query"),
    Job("bot_throughput", "bot_throughput.py", ("--people", "40", "--rounds", "2"),
        ("--people", "6", "--rounds", "1", "--light", "2"), "Bot updates against a bare echo bot"),
    Job("bot_throughput_postgres", "bot_throughput.py", ("--people", "40", "--rounds", "2", "--database", "postgres"),
        ("--people", "6", "--rounds", "1", "--light", "2", "--database", "postgres"),
        "Bot updates against a bare echo bot, PostgreSQL"),
    Job("fairness", "fairness.py", ("--people", "40", "--rounds", "2", "--flood", "200"),
        ("--people", "6", "--rounds", "1", "--flood", "30"), "Others' latency under one person's flood"),
    Job("fairness_postgres", "fairness.py", ("--people", "40", "--rounds", "2", "--flood", "200",
                                             "--database", "postgres"),
        ("--people", "6", "--rounds", "1", "--flood", "30", "--database", "postgres"),
        "Others' latency under one person's flood, PostgreSQL"),
    Job("scale_out", "scale_out.py", ("--people", "40", "--rounds", "2"), ("--quick",),
        "Web processes in webhook mode against one process, PostgreSQL"),
    Job("close_round", "close_round.py", ("--database", "postgres", "--sizes", "500,1000,2000"),
        ("--database", "postgres", "--sizes", "100,200"), "Round closing against the smallest round"),
    Job("fanout", "fanout.py", ("--subscribers", "10000", "--rate", "300"),
        ("--subscribers", "600", "--rate", "300"), "Fan-out against the configured limit"),
    Job("checkout", "checkout.py", ("--database", "postgres", "--people", "200"),
        ("--database", "postgres", "--quick"), "Concurrent checkout against sequential checkout, PostgreSQL"),
    Job("checkout_sqlite", "checkout.py", ("--database", "sqlite", "--people", "200"),
        ("--database", "sqlite", "--quick"), "Concurrent checkout against sequential checkout, SQLite"),
)


# Running


def run_job(job: Job, quick: bool, directory: Path) -> dict[str, Any]:
    """Run one bench; its JSON document, or {"not_run": why} when it could not run or failed."""
    if job.needs and not shutil.which(job.needs):
        print(f"== {job.name}: {WRK_MISSING if job.needs == 'wrk' else f'not run: {job.needs} missing'}")
        return {"not_run": WRK_MISSING if job.needs == "wrk" else f"not run: {job.needs} missing"}
    path = directory / f"{job.name}.json"
    command = [sys.executable, str(ROOT / "bench" / job.script), *job.arguments(quick), "--json", str(path)]
    print(f"== {job.name}: {job.command(quick)}", flush=True)
    started = time.monotonic()
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as bench:
        try:
            stdout, stderr = bench.communicate()
        except KeyboardInterrupt:
            # Ctrl-C reached the bench too (one process group): give it time to stop the processes it started
            # and drop its databases (subprocess.run would kill it a quarter of a second later).
            try:
                bench.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                bench.kill()
            raise
    print(stdout, end="", flush=True)
    if bench.returncode != 0 or not path.exists():
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        print(tail, file=sys.stderr)
        return {"not_run": f"failed (exit code {bench.returncode}): {tail.splitlines()[-1] if tail else ''}"}
    document = json.loads(path.read_text())
    document["elapsed"] = time.monotonic() - started
    return document


# The machine


def machine(note: str | None, load_before: float | None = None) -> list[tuple[str, str]]:
    """What the figures were measured on, as (label, value) lines; the load average tells of other work."""
    lines = [
        ("CPU", _cpu_model()), ("Cores", str(os.cpu_count())), ("RAM", _ram()), ("OS", _os()),
        ("Python", platform.python_version()), ("PostgreSQL", _postgres_version()),
        ("SQLite", sqlite3.sqlite_version), ("Commit", _commit()),
    ]
    if load_before is not None:
        lines.append(("Load average (1 min)", f"{load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after"))
    if note:
        lines.append(("Note", note))
    return lines


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os() -> str:
    try:
        release = dict(
            line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line
        )
        name = release.get("PRETTY_NAME", "").strip('"')
    except OSError:
        name = platform.system()
    return f"{name}, kernel {platform.release()}"


def _postgres_version() -> str:
    """The server's version, from the server the benches use (TEST_POSTGRES_URL)."""
    sys.path.insert(0, str(ROOT))
    try:
        import asyncio

        import asyncpg

        from tests.support.databases import DEFAULT_POSTGRES_URL

        async def ask() -> str:
            url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL).replace("postgres://", "postgresql://", 1)
            conn = await asyncpg.connect(url, timeout=5)
            try:
                return await conn.fetchval("SHOW server_version")
            finally:
                await conn.close()

        return asyncio.run(ask())
    except Exception as error:  # noqa: BLE001 - the report still renders without it
        return f"not reachable ({type(error).__name__})"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit} (with uncommitted changes)" if git("status", "--porcelain") else commit


# Rendering


def fmt(value: Any) -> str:
    """A figure as a table shows it: thousands grouped, about three significant digits."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int)) or (isinstance(value, float) and value.is_integer() and abs(value) >= 100):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio_cell(row: dict[str, Any]) -> str:
    if not row.get("against"):
        return "baseline"
    return "—" if row.get("ratio") is None else f"{row['ratio']:.2f}×"


def table(document: dict[str, Any]) -> list[str]:
    """The rows as a markdown table padded into columns, readable as plain text too."""
    extras: list[str] = []
    for row in document["rows"]:
        extras += [key for key in row["extra"] if key not in extras]
    header = ["subject", document["unit"], "ratio", *extras]
    body = [
        [row["subject"], fmt(row["value"]), ratio_cell(row), *(fmt(row["extra"].get(key)) for key in extras)]
        for row in document["rows"]
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [cells[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join([":" + "-" * (widths[0] + 1)] + ["-" * (w + 1) + ":" for w in widths[1:]]) + "|"
    return [line(header), rule, *(line(cells) for cells in body)]


def section(job: Job, document: dict[str, Any], quick: bool) -> list[str]:
    lines = [f"## {job.title}", "", f"    {document.get('command') or job.command(quick)}", ""]
    if "not_run" in document:
        return lines + [f"**{document['not_run']}**", ""]
    lines += [
        f"- Setup: {document['setup']}.",
        f"- Baseline: {document['baseline']}.",
        f"- Ratio: {document['ratio']}.",
    ]
    if document.get("aim"):
        lines.append(f"- Aim: {document['aim']}.")
    lines += [f"- {note}" for note in document.get("notes", [])]
    if document.get("elapsed"):
        lines.append(f"- This bench took {document['elapsed']:.0f} s.")
    return lines + ["", *table(document), ""]


def render(results: dict[str, dict[str, Any]], machine_lines: list[tuple[str, str]], *, quick: bool,
           started: datetime, seconds: float | None = None) -> str:
    """BENCHMARKS.md from the JSON documents of the benches, by job name (jobs not in `results` are left out)."""
    jobs = [job for job in JOBS if job.name in results]
    when = started.strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Benchmarks", "",
        "Generated by `make bench` (`.venv/bin/python bench/report.py`); do not edit by hand.",
        "Every figure comes with its ratio to a baseline measured in the same run on the same machine,",
        "so ratios compare across machines while raw figures do not.", "",
        f"Run {when}" + (f", {seconds / 60:.1f} minutes" if seconds else "")
        + (" — **quick smoke run: sizes too small to quote**" if quick else "") + ".", "",
    ]
    out += [f"- {label}: {value}" for label, value in machine_lines]
    out += [
        "", "## How to reproduce", "",
        "    make bench                                   # every bench, under 12 minutes",
        "    .venv/bin/python bench/report.py --quick     # smoke run, about 3 minutes",
        "    .venv/bin/python bench/report.py --only checkout,fanout", "",
        "Each bench alone (add `--json PATH` to get its figures as JSON):", "",
    ]
    out += [f"    {job.command(quick)}" for job in jobs]
    out.append("")
    for job in jobs:
        out += section(job, results[job.name], quick)
    return "\n".join(out).rstrip() + "\n"


def selected(only: str | None) -> list[Job]:
    """The jobs `--only` names (a job's name, or its script's name for every run of that script)."""
    if not only:
        return list(JOBS)
    names = {name.strip().removesuffix(".py") for name in only.split(",") if name.strip()}
    jobs = [job for job in JOBS if job.name in names or job.script.removesuffix(".py") in names]
    unknown = names - {job.name for job in jobs} - {job.script.removesuffix(".py") for job in jobs}
    if unknown:
        sys.exit(f"unknown bench: {', '.join(sorted(unknown))} (known: {', '.join(job.name for job in JOBS)})")
    return jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, about 2 minutes: a smoke run")
    parser.add_argument("--only", metavar="NAME[,NAME]", help="run only these benches")
    parser.add_argument("--note", help="a line for the header, e.g. what else shared the machine")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    jobs = selected(args.only)
    started, began, load = clock.now(), time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as directory:
        results = {job.name: run_job(job, args.quick, Path(directory)) for job in jobs}
    seconds = time.monotonic() - began
    text = render(results, machine(args.note, load), quick=args.quick, started=started, seconds=seconds)
    Path(args.output).write_text(text)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
