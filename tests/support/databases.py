"""Test databases: one migrated database per pytest session, emptied before each test.

FERIA_TEST_DB chooses the engine: "sqlite" (default) or "postgres". For PostgreSQL the
session creates its own database on the server named by TEST_POSTGRES_URL and drops it
at the end. The two engines run as separate pytest sessions (see TECH-NOTES: one process,
two dialects and one connection label do not mix).

`seeded` gives a test the same database with data in it (the demo network): the seed runs once a
session and is copied for each test after that (a file copy on SQLite; binary COPY on PostgreSQL),
which costs milliseconds where seeding costs 0.5 s (SQLite) to 1 s (PostgreSQL) a test.

Migrating takes about 4 s of CPU (tortoise replays every migration's state), and a run makes several
databases: each pytest-xdist worker's own, the API's demo, the pages' demo. The processes of a run share one
migrated database, made by the first that needs it (a file on SQLite, a template database on PostgreSQL,
which the others copy: `CREATE DATABASE … TEMPLATE`), in the run's directory that tests/conftest.py makes.
Outside pytest (bench/) each database is migrated itself.
"""

from __future__ import annotations

import asyncio
import fcntl
import io
import os
import shutil
import uuid
from collections.abc import Awaitable, Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from market.db import close_database, migrate, open_database
from market.models import __models__

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# The directory the processes of one run share (pytest-xdist's controller and workers): tests/conftest.py
# makes it and names it here before the workers start (they inherit it), and removes it at the end.
RUN_DIRECTORY = "FERIA_TEST_RUN_DIRECTORY"

Seed = Callable[[], Awaitable[None]]
T = TypeVar("T")


async def on_database(url: str, work: Callable[[], Awaitable[T]], *, global_fallback: bool = True) -> T:
    """`work()` with the ORM open on `url` (a test that reads or writes outside its own event loop)."""
    ctx = await open_database(url, global_fallback=global_fallback)
    try:
        return await work()
    finally:
        await close_database(ctx)


@contextmanager
def _one_process_at_a_time(name: str) -> Iterator[Path | None]:
    """The run's directory, held by this process alone until the block ends (None outside a pytest run)."""
    if not os.environ.get(RUN_DIRECTORY):
        yield None
        return
    directory = Path(os.environ[RUN_DIRECTORY])
    with (directory / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield directory


def migrated_sqlite_file() -> Path | None:
    """The run's migrated SQLite file, migrated by the first process asking (None outside a pytest run)."""
    with _one_process_at_a_time("migrated-sqlite") as directory:
        if directory is None:
            return None
        path, done = directory / "migrated.sqlite3", directory / "migrated.sqlite3.done"
        if not done.exists():
            asyncio.run(migrate(f"sqlite://{path}"))
            done.touch()
        return path


def migrated_postgres_template(server_url: str) -> str | None:
    """The name of the run's migrated template database, made by the first process asking (None outside a
    pytest run); `drop_run_databases` drops it at the end of the run."""
    with _one_process_at_a_time("migrated-postgres") as directory:
        if directory is None:
            return None
        record = directory / "migrated-postgres"
        if not record.exists():
            template = PostgresTestDatabase(server_url, name=f"feria_test_template_{uuid.uuid4().hex[:12]}")
            template.create(copy_the_runs=False)
            record.write_text(template.name)
        return record.read_text()


def drop_run_databases(directory: Path) -> None:
    """At the end of a run: drop the template database its processes copied, if one was made."""
    record = directory / "migrated-postgres"
    if record.exists():
        server_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        PostgresTestDatabase(server_url, name=record.read_text()).drop()


def engine() -> str:
    value = os.environ.get("FERIA_TEST_DB", "sqlite")
    if value not in ("sqlite", "postgres"):
        raise RuntimeError(f"FERIA_TEST_DB must be sqlite or postgres, not {value!r}")
    return value


def _with_database(server_url: str, name: str) -> str:
    parts = urlsplit(server_url.replace("postgresql://", "postgres://", 1))
    return urlunsplit(parts._replace(path=f"/{name}"))


# The sequences of the given tables' serial or identity columns (not the migrations table's).
_OWNED_SEQUENCES = """
    FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    WHERE s.relkind = 'S' AND t.relname = ANY($1::text[])
"""
_RESTART_SEQUENCES = "SELECT setval(s.oid, 1, false)" + _OWNED_SEQUENCES
_SEQUENCES = "SELECT s.oid::regclass::text, pg_sequence_last_value(s.oid)" + _OWNED_SEQUENCES


class PostgresTestDatabase:
    """A uniquely named database on the test server, created migrated and dropped after."""

    def __init__(self, server_url: str | None = None, name: str | None = None) -> None:
        self.server_url = server_url or os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        # Unique on the server (the two passes side by side, other people's runs), naming the pytest-xdist worker.
        self.name = name or f"feria_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:12]}"
        self.url = _with_database(self.server_url, self.name)
        self._snapshots: dict[Hashable, tuple[dict[str, bytes], list[tuple[str, int]]]] = {}

    async def _admin(self, sql: str) -> None:
        conn = await asyncpg.connect(self.server_url.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    async def seeded(self, seed: Seed, key: Hashable) -> str:
        """The session's database holding what `seed` writes: seeded the first time for `key`, then
        restored from a snapshot of its rows and sequences taken that first time."""
        await self.empty()
        snapshot = self._snapshots.get(key)
        if snapshot is None:
            await on_database(self.url, seed, global_fallback=False)
            self._snapshots[key] = await self._snapshot()
        else:
            await self._restore(snapshot)
        return self.url

    async def _snapshot(self) -> tuple[dict[str, bytes], list[tuple[str, int]]]:
        conn = await self._connect()
        try:
            rows: dict[str, bytes] = {}
            for (table,) in await conn.fetch(self._filled_tables):
                buffer = io.BytesIO()
                await conn.copy_from_table(table, output=buffer, format="binary")
                rows[table] = buffer.getvalue()
            sequences = await conn.fetch(_SEQUENCES, self._tables)
            return rows, [(name, last) for name, last in sequences if last is not None]
        finally:
            await conn.close()

    async def _restore(self, snapshot: tuple[dict[str, bytes], list[tuple[str, int]]]) -> None:
        rows, sequences = snapshot
        conn = await self._connect()
        try:
            async with conn.transaction():
                # Rows go back table by table: foreign keys are not checked while they do (superuser).
                await conn.execute("SET LOCAL session_replication_role = replica")
                for table, data in rows.items():
                    await conn.copy_to_table(table, source=io.BytesIO(data), format="binary")
                for name, last in sequences:
                    await conn.execute("SELECT setval($1::regclass, $2, true)", name, last)
        finally:
            await conn.close()

    def _connect(self):
        return asyncpg.connect(self.url.replace("postgres://", "postgresql://", 1))

    @property
    def _tables(self) -> list[str]:
        return [model._meta.db_table for model in __models__]

    def create(self, *, copy_the_runs: bool = True) -> str:
        """Create it migrated: a copy of the run's migrated template (see the module's doc), or migrated
        itself outside a pytest run or with `copy_the_runs=False`."""
        template = migrated_postgres_template(self.server_url) if copy_the_runs else None
        copy = f' TEMPLATE "{template}"' if template else ""
        asyncio.run(self._admin(f'CREATE DATABASE "{self.name}"{copy}'))
        # A throwaway database need not wait for its commits to reach the disk (a crash loses only the
        # last commits, never consistency); the tests commit thousands of times. Never in product code.
        asyncio.run(self._admin(f'ALTER DATABASE "{self.name}" SET synchronous_commit = off'))
        if not template:
            asyncio.run(migrate(self.url))
        return self.url

    def drop(self) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    async def empty(self) -> None:
        """Remove every row of every Feria table and restart every sequence, keeping the schema.

        DELETE rather than TRUNCATE, foreign keys unchecked (superuser), in one round trip: a test leaves tens
        of rows, not millions, and TRUNCATE costs new files for each table and its indexes (the demo's 40
        tables: 0.57 s a test; DELETE, an empty table's included, 0.05 s).
        """
        conn = await self._connect()
        try:
            async with conn.transaction():
                await conn.execute(
                    "SET LOCAL session_replication_role = replica;"
                    + "".join(f'DELETE FROM "{table}";' for table in self._tables)
                )
                # An empty table's sequence may have moved too (rows inserted, then deleted).
                await conn.execute(_RESTART_SEQUENCES, self._tables)
        finally:
            await conn.close()

    @property
    def _filled_tables(self) -> str:
        return " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in self._tables)


class SqliteTestDatabase:
    """A migrated template file, copied afresh for each test (faster than deleting rows)."""

    def __init__(self, directory: Path) -> None:
        self.template = directory / "template.sqlite3"
        self.url = f"sqlite://{self.template}"
        self._seeded: dict[Hashable, Path] = {}

    def create(self) -> str:
        """The template: a copy of the run's migrated file (see the module's doc), or migrated itself."""
        migrated = migrated_sqlite_file()
        if migrated is None:
            asyncio.run(migrate(self.url))
        else:
            self.fresh_copy(self.template, migrated)
        return self.url

    def fresh_copy(self, path: Path, source: Path | None = None) -> str:
        """A copy of the template (or of `source`), with its write-ahead log if one is left."""
        source = source or self.template
        shutil.copyfile(source, path)
        wal = source.with_name(source.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, path.with_name(path.name + "-wal"))
        return f"sqlite://{path}"

    async def seeded(self, path: Path, seed: Seed, key: Hashable) -> str:
        """A copy of the template holding what `seed` writes (seeded once for `key`, then copied)."""
        seeded = self._seeded.get(key)
        if seeded is None:
            seeded = self.template.with_name(f"seeded-{len(self._seeded)}.sqlite3")
            shutil.copyfile(self.template, seeded)
            await on_database(f"sqlite://{seeded}", seed, global_fallback=False)
            self._seeded[key] = seeded
        return self.fresh_copy(path, seeded)

    def drop(self) -> None:
        self.template.unlink(missing_ok=True)
