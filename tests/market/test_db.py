"""The connection settings market.db gives each engine."""

import asyncio

import pytest
from tortoise.transactions import in_transaction

from market.db import POSTGRES_POOL_SIZE, tortoise_config


@pytest.mark.parametrize("url, expected", [
    ("postgres://postgres@db/feria", f"postgres://postgres@db/feria?maxsize={POSTGRES_POOL_SIZE}"),
    ("postgres://db/feria?ssl=true", f"postgres://db/feria?ssl=true&maxsize={POSTGRES_POOL_SIZE}"),
    ("postgres://db/feria?maxsize=3", "postgres://db/feria?maxsize=3"),  # the URL's own choice stands
    ("sqlite://var/feria.sqlite3", "sqlite://var/feria.sqlite3?synchronous=NORMAL"),
])
def test_each_engine_gets_its_defaults_unless_the_url_sets_them(url, expected):
    assert tortoise_config(url)["connections"]["default"] == expected


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
