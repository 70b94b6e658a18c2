"""Shared fixtures: the clock, a real database per test (SQLite or PostgreSQL), and settings."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from config import Settings, load_settings
from market import clock
from market.db import close_database, open_database
from tests.support.clock import NOW
from tests.support.databases import (
    RUN_DIRECTORY,
    PostgresTestDatabase,
    SqliteTestDatabase,
    drop_run_databases,
    engine,
)
from tests.support.settings import NO_RATE_LIMITS

# As serve.py does: python-telegram-bot 22 warns unless retry_after is read as a timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "1")


def pytest_report_header(config):
    return f"feria test database: {engine()}"


_RUN_DIRECTORY = pytest.StashKey[str]()


def pytest_configure(config):
    """The run's directory (tests/support/databases.py): made by the process that starts the run, before
    pytest-xdist starts its workers, which inherit its name."""
    if not hasattr(config, "workerinput"):
        config.stash[_RUN_DIRECTORY] = os.environ[RUN_DIRECTORY] = tempfile.mkdtemp(prefix="feria-test-run-")


def pytest_unconfigure(config):
    """After every worker: the template database the run's processes copied goes, then the directory."""
    directory = config.stash.get(_RUN_DIRECTORY, None)
    if directory is not None:
        try:
            drop_run_databases(Path(directory))
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            os.environ.pop(RUN_DIRECTORY, None)


# The fixtures that make a test database (every other database fixture asks for one of them): a new one
# that makes its own (PostgresTestDatabase, SqliteTestDatabase) belongs here, or the PostgreSQL pass skips it.
DATABASE_FIXTURES = frozenset({"migrated_database", "demo_database_url", "chain"})


def uses_database(item: pytest.Item) -> bool:
    """Whether the test asks for a database, itself or through its fixtures (or needs PostgreSQL), and what it
    checks could differ between engines: `@pytest.mark.engine_blind` says it cannot (an accessibility audit of
    pages reads their HTML, the same from either engine, whose own tests run in both passes)."""
    if "postgres_only" in item.keywords:
        return True
    return "engine_blind" not in item.keywords and not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def give_each_test_an_id_of_its_own(items: list[pytest.Item]) -> None:
    """pytest-xdist hands tests to its workers by id, and every worker must collect the same ids, one a test.

    pytest 9.2 builds a test's id from its function's name and its parametrization; schemathesis 4.32
    (`@schema.parametrize()`) makes a test of each API operation without a parametrization: eleven tests, one
    id, of which `--dist loadfile` ran one. Each gets its operation in its id (`…[GET /products]`, as its name
    says); any other id shared by two tests stops the run.
    """
    for item in items:
        label = getattr(item, "operation_label", None)
        if label is not None and item.nodeid == f"{item.parent.nodeid}::{item.originalname}":
            item._id = item._id.with_params(label)
    shared = sorted(nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1)
    if shared:
        raise pytest.UsageError(f"tests that share an id (pytest-xdist needs one a test): {shared}")


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres_only` tests skip, saying why, on the SQLite run; the PostgreSQL run leaves out
    the tests that use no database (they would run the same twice), unless FERIA_TEST_ALL=1."""
    give_each_test_an_id_of_its_own(items)
    if engine() == "postgres":
        if os.environ.get("FERIA_TEST_ALL") != "1":
            deselected = [item for item in items if not uses_database(item)]
            if deselected:
                config.hook.pytest_deselected(items=deselected)
                items[:] = [item for item in items if uses_database(item)]
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass of make test)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def session_clock():
    """What the session's own fixtures (databases seeded once) see: tests.support.clock.NOW, running on."""
    clock.travel(NOW)
    yield
    clock.reset()


@pytest.fixture(autouse=True)
def feria_clock(session_clock):
    """Every test starts at tests.support.clock.NOW whatever the day it runs on; the clock runs on from
    there, and a test moves it with `feria_clock.advance(...)`, `.freeze(...)` or `.travel(...)`."""
    clock.travel(NOW)
    yield clock
    clock.travel(NOW)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Create and migrate the session's database once."""
    database = (
        PostgresTestDatabase() if engine() == "postgres"
        else SqliteTestDatabase(tmp_path_factory.mktemp("db"))
    )
    database.create()
    yield database
    database.drop()


@pytest.fixture
async def database_url(migrated_database, tmp_path) -> str:
    """A URL to an empty, migrated database for this test alone."""
    if isinstance(migrated_database, SqliteTestDatabase):
        return migrated_database.fresh_copy(tmp_path / "feria.sqlite3")
    await migrated_database.empty()
    return migrated_database.url


@pytest.fixture
def seeded(database_url, migrated_database):
    """`url = await seeded(seed, key)`: this test's database holding what `seed()` writes (the demo
    network, say), seeded once a session for each `key` and copied for every test after that.
    Ask for it before anything connects to the database (it replaces the SQLite file)."""

    async def with_seed(seed, key) -> str:
        if isinstance(migrated_database, SqliteTestDatabase):
            return await migrated_database.seeded(Path(database_url.removeprefix("sqlite://")), seed, key)
        return await migrated_database.seeded(seed, key)

    return with_seed


@pytest.fixture
async def db(database_url):
    """The ORM opened on this test's empty database (tests of the app let it open its own)."""
    ctx = await open_database(database_url)
    yield ctx
    await close_database(ctx)


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    """Settings as a fresh machine would have them, on this test's database."""
    return load_settings({"DATABASE_URL": database_url, "PORT": "8080", **NO_RATE_LIMITS})
