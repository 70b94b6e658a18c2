"""The connection settings market.db gives each engine."""

import asyncio

import pytest
from tortoise.connection import get_connection
from tortoise.transactions import in_transaction

from market.db import POSTGRES_POOL_SIZE, keeps_session_state, reset_pooled, tortoise_config


@pytest.mark.parametrize("url, expected", [
    ("postgres://postgres@db/feria", {"host": "db", "user": "postgres", "maxsize": str(POSTGRES_POOL_SIZE)}),
    ("postgres://db/feria?ssl=true", {"host": "db", "ssl": True, "maxsize": str(POSTGRES_POOL_SIZE)}),
    ("postgres://db/feria?maxsize=3", {"host": "db", "maxsize": "3"}),  # the URL's own choice stands
])
def test_postgresql_gets_its_pool_defaults_unless_the_url_sets_them(url, expected):
    config = tortoise_config(url)["connections"]["default"]

    assert config["engine"] == "tortoise.backends.asyncpg"
    assert {key: config["credentials"].get(key) for key in expected} == expected
    assert config["credentials"]["database"] == "feria"
    assert config["credentials"]["reset"] is reset_pooled


def test_sqlite_gets_its_defaults_unless_the_url_sets_them():
    assert tortoise_config("sqlite://var/feria.sqlite3")["connections"]["default"] == \
        "sqlite://var/feria.sqlite3?synchronous=NORMAL"
    assert tortoise_config("sqlite://x.db?synchronous=FULL")["connections"]["default"] == "sqlite://x.db?synchronous=FULL"


@pytest.mark.postgres_only
async def test_a_pooled_connection_comes_back_without_a_reset_round_trip(db):
    """Tortoise takes a connection for every query and gives it back: asyncpg's default reset was one more round trip
    each time (bench/bot_throughput.py). A connection marked as keeping session state is reset in full, once."""
    client = get_connection("default")
    async with client.acquire_connection() as connection:
        assert client._pool._reset is reset_pooled
        raw = connection._con
        before = raw._protocol.queries_count
        await reset_pooled(raw)
        unmarked = raw._protocol.queries_count - before
        keeps_session_state(connection)
        await reset_pooled(raw)
        marked = raw._protocol.queries_count - before - unmarked
        await reset_pooled(raw)  # the mark went with the reset
        again = raw._protocol.queries_count - before - unmarked - marked

    assert (unmarked, marked, again) == (0, 1, 0)


@pytest.mark.postgres_only
async def test_an_advisory_lock_left_on_a_marked_connection_goes_when_it_comes_back(db):
    """What a session keeps past a statement is let go when its connection is given back, if it said it keeps it."""
    client = get_connection("default")
    key = 0x74657374
    async with client.acquire_connection() as connection:
        assert await connection.fetchval("SELECT pg_try_advisory_lock($1)", key)
        keeps_session_state(connection)
    async with in_transaction() as other:  # another connection of the pool, or the same one: the lock is free
        _, rows = await other.execute_query(
            "SELECT COUNT(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", [key])
    assert rows[0]["held"] == 0


@pytest.mark.postgres_only
async def test_ten_transactions_at_once_each_hold_a_connection_on_postgresql(db):
    """With tortoise's default pool (5) the sixth would wait for one of the first five to end."""
    inside, release = 0, asyncio.Event()

    async def hold():
        nonlocal inside
        async with in_transaction():
            inside += 1
            await release.wait()

    tasks = [asyncio.create_task(hold()) for _ in range(10)]
    for _ in range(100):
        if inside == 10:
            break
        await asyncio.sleep(0.02)
    at_once = inside
    release.set()
    await asyncio.gather(*tasks)

    assert at_once == 10
