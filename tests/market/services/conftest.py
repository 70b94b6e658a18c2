"""Fixtures of the service tests: a shop and a consumer on the test's database (see shop.py)."""

from __future__ import annotations

import logging

import pytest

from tests.market.services.shop import Shop, make_person, make_shop


@pytest.fixture
async def shop(db) -> Shop:
    return await make_shop()


@pytest.fixture
async def consumer(db) -> int:
    """Rosa, who buys: Telegram user 501."""
    return await make_person("Rosa Quispe", telegram_user_id=501)


class QueryLog:
    """The SQL statements tortoise runs (it logs each one at DEBUG), counted from `start()`."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self._caplog = caplog
        caplog.set_level(logging.DEBUG, logger="tortoise.db_client")

    def start(self) -> None:
        self._caplog.clear()

    @property
    def statements(self) -> list[str]:
        return [r.getMessage() for r in self._caplog.records if r.name == "tortoise.db_client"]


@pytest.fixture
def queries(caplog) -> QueryLog:
    return QueryLog(caplog)
