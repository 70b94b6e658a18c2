"""Open and close the database, and apply the migration history, for any DATABASE_URL."""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext
from tortoise.exceptions import DBConnectionError
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

APP_LABEL = "market"


def tortoise_config(database_url: str, *, connection: str = "default") -> dict[str, Any]:
    """The tortoise config for Feria's one app on `database_url`."""
    return {
        "connections": {connection: _with_pool_reset(_with_pool_defaults(_with_sqlite_defaults(database_url)))},
        "apps": {
            APP_LABEL: {
                "models": ["market.models"],
                "migrations": "market.migrations",
                "default_connection": connection,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _with_sqlite_defaults(database_url: str) -> str:
    """SQLite in WAL mode with synchronous=NORMAL: a commit survives a killed process (the WAL is
    in the OS's hands) and only a power cut may lose the last ones; FULL, tortoise's default,
    waits for the disk on every commit, which is most of a bot update's time (bench/bot_throughput.py).
    A URL that sets `synchronous` itself keeps its choice."""
    if not database_url.startswith("sqlite://") or "synchronous=" in database_url:
        return database_url
    return database_url + ("&" if "?" in database_url else "?") + "synchronous=NORMAL"


# Connections a process may hold to PostgreSQL. Tortoise's default, 5, is fewer than the bot's intake
# workers (8) alone, beside the outbox, the timers and web requests: under load they queued for a
# connection (bench/bot_throughput.py on PostgreSQL: 68 updates/s with 5, 77 with 20).
POSTGRES_POOL_SIZE = 20


def _with_pool_defaults(database_url: str) -> str:
    """PostgreSQL with a pool of POSTGRES_POOL_SIZE, unless the URL sets `maxsize` itself."""
    if not database_url.startswith(("postgres://", "postgresql://")) or "maxsize=" in database_url:
        return database_url
    return database_url + ("&" if "?" in database_url else "?") + f"maxsize={POSTGRES_POOL_SIZE}"


def _with_pool_reset(database_url: str) -> str | dict[str, Any]:
    """PostgreSQL's pool resets in full only the connections that hold session state (see `reset_pooled`)."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return database_url
    config = expand_db_url(database_url)
    config["credentials"]["reset"] = reset_pooled
    return config


# Pooled connections holding session state past a statement (an advisory lock held for as long as the process sends):
# the pool resets these in full when they come back. See `reset_pooled`.
_KEEPING_STATE: weakref.WeakSet[asyncpg.Connection] = weakref.WeakSet()


def keeps_session_state(connection: Any) -> None:
    """Say that a connection taken from the pool (the proxy tortoise hands out, or the connection) holds session state:
    advisory locks, settings, LISTEN. The pool resets it in full when it comes back, and forgets the mark."""
    _KEEPING_STATE.add(getattr(connection, "_con", connection))


async def reset_pooled(connection: asyncpg.Connection) -> None:
    """What the pool does with a connection given back, after asyncpg has rolled back any transaction left open.

    Tortoise takes a connection from the pool for every query outside a transaction and gives it back after, and
    asyncpg's default reset (advisory locks, cursors, LISTEN, settings) is one more round trip each time: a bot update
    made five of them, and they cost PostgreSQL more than its queries did (bench/bot_throughput.py). Feria keeps no
    session state on a pooled connection except where `keeps_session_state` says so, and those are reset in full.
    """
    if connection in _KEEPING_STATE:
        _KEEPING_STATE.discard(connection)
        await connection.execute(connection.get_reset_query())


# Read by tortoise's own CLI (`tortoise makemigrations`), through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", "sqlite://var/feria.sqlite3"))


async def open_database(database_url: str, *, global_fallback: bool = True) -> TortoiseContext:
    """Connect; with `global_fallback` every task of the process (aiohttp handlers, bot
    handlers) sees the ORM, not only the task that opened it."""
    _make_sqlite_directory(database_url)
    return await Tortoise.init(
        config=tortoise_config(database_url), _enable_global_fallback=global_fallback
    )


async def close_database(ctx: TortoiseContext) -> None:
    await ctx.close_connections()


async def migrate(database_url: str) -> None:
    """Apply every migration not yet applied (the same history on SQLite and PostgreSQL)."""
    _make_sqlite_directory(database_url)
    await tortoise_migrate(config=tortoise_config(database_url))
    await Tortoise.close_connections()


async def database_reachable() -> bool:
    """True when a trivial query answers."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:  # any driver error means "not reachable" for a health check
        return False
    return True


# What the driver raises when the server is gone or out of reach (not a bad query): a socket reset or
# refused, a connection closed mid-query, a server not accepting connections yet, a connect timeout.
_UNREACHABLE = (
    ConnectionError, TimeoutError, asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError, DBConnectionError,
)


def database_unreachable(error: BaseException) -> bool:
    """True when `error` (or what caused it) says the database cannot be reached now: try again later.

    | raised                                              | unreachable |
    |-----------------------------------------------------|-------------|
    | ConnectionResetError (a pooled socket was dropped)  | yes         |
    | asyncpg ConnectionDoesNotExistError (mid-query)     | yes         |
    | ConnectionRefusedError (server down)                | yes         |
    | tortoise OperationalError (bad SQL, locked SQLite)  | no          |
    """
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        if isinstance(link, _UNREACHABLE):
            return True
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return False


def _make_sqlite_directory(database_url: str) -> None:
    """SQLite creates its file but not the folder (var/ on a fresh clone)."""
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
