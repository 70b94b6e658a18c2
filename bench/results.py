"""The `--json PATH` file every benchmark can write, for bench/report.py to gather into BENCHMARKS.md.

    write_results(path, name="catalog", title=..., command=..., setup=..., unit="req/s",
                  baseline="bare aiohttp JSON handler", ratio="search req/s ÷ bare req/s",
                  rows=[row("bare aiohttp JSON handler", 24000.0, 1.0, **{"p50 ms": 2.0}), ...],
                  aim="at least half the bare handler's req/s")

One row per subject measured, the baseline's own row included (ratio 1): `value` in `unit`,
`ratio` against the baseline measured in the same run, and any extra figures by column name,
in the order the table should show them. The printed output of a bench does not change.

`fresh_database` gives a bench its own migrated database on either engine.
"""

from __future__ import annotations

import asyncio
import json
import shlex
import sys
from pathlib import Path
from typing import Any


def row(subject: str, value: float, ratio: float | None, against: str = "", **extra: Any) -> dict[str, Any]:
    """One line of a result table; `against` names the row's baseline when the bench has several."""
    return {"subject": subject, "value": value, "ratio": ratio, "against": against, "extra": extra}


def command_line() -> str:
    """How this bench was started, as one would type it again (without --json)."""
    args, kept, skip = sys.argv[1:], [], False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--json":
            skip = True
        elif not arg.startswith("--json="):
            kept.append(arg)
    return shlex.join([".venv/bin/python", f"bench/{Path(sys.argv[0]).name}", *kept])


def write_results(path: str | None, *, name: str, title: str, setup: str, unit: str, baseline: str,
                  ratio: str, rows: list[dict[str, Any]], aim: str = "", notes: list[str] = ()) -> None:
    """Write the figures as JSON when `--json` was given (else nothing)."""
    if not path:
        return
    document = {
        "name": name, "title": title, "command": command_line(), "setup": setup, "unit": unit,
        "baseline": baseline, "ratio": ratio, "rows": rows, "aim": aim, "notes": list(notes),
    }
    Path(path).write_text(json.dumps(document, indent=2, ensure_ascii=False, default=float) + "\n")


async def fresh_database(engine: str, sqlite_file: Path):
    """A migrated database of its own: (url, None) on SQLite at `sqlite_file`, or (url, the
    PostgresTestDatabase to drop afterwards) on a uniquely named PostgreSQL database."""
    if engine == "sqlite":
        from market.db import migrate

        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite://{sqlite_file}"
        await migrate(url)
        return url, None
    from tests.support.databases import PostgresTestDatabase

    database = PostgresTestDatabase()
    await asyncio.to_thread(database.create)
    return database.url, database
