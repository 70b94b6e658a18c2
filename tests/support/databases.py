"""Test databases: one migrated database per pytest session, emptied before each test.

FERIA_TEST_DB chooses the engine: "sqlite" (default) or "postgres". For PostgreSQL the
session creates its own database on the server named by TEST_POSTGRES_URL and drops it
at the end. The two engines run as separate pytest sessions (see TECH-NOTES: one process,
two dialects and one connection label do not mix).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from market.db import migrate
from market.models import __models__

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def engine() -> str:
    value = os.environ.get("FERIA_TEST_DB", "sqlite")
    if value not in ("sqlite", "postgres"):
        raise RuntimeError(f"FERIA_TEST_DB must be sqlite or postgres, not {value!r}")
    return value


def _with_database(server_url: str, name: str) -> str:
    parts = urlsplit(server_url.replace("postgresql://", "postgres://", 1))
    return urlunsplit(parts._replace(path=f"/{name}"))


class PostgresTestDatabase:
    """A uniquely named database on the test server, created migrated and dropped after."""

    def __init__(self) -> None:
        self.server_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        self.name = f"feria_test_{uuid.uuid4().hex[:12]}"
        self.url = _with_database(self.server_url, self.name)

    async def _admin(self, sql: str) -> None:
        conn = await asyncpg.connect(self.server_url.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def create(self) -> str:
        asyncio.run(self._admin(f'CREATE DATABASE "{self.name}"'))
        asyncio.run(migrate(self.url))
        return self.url

    def drop(self) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    async def empty(self) -> None:
        """Remove every row of every Feria table, keeping the schema."""
        tables = ", ".join(f'"{model._meta.db_table}"' for model in __models__)
        conn = await asyncpg.connect(self.url.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()


class SqliteTestDatabase:
    """A migrated template file, copied afresh for each test (faster than deleting rows)."""

    def __init__(self, directory: Path) -> None:
        self.template = directory / "template.sqlite3"
        self.url = f"sqlite://{self.template}"

    def create(self) -> str:
        asyncio.run(migrate(self.url))
        return self.url

    def fresh_copy(self, path: Path) -> str:
        shutil.copyfile(self.template, path)
        return f"sqlite://{path}"

    def drop(self) -> None:
        self.template.unlink(missing_ok=True)
