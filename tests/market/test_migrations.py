"""The committed migrations build exactly the schema the models describe, on both engines, and each migration that
moves data moves it as it says.

A data migration's test starts from a database migrated up to just before it, inserts rows as they were then, and
applies it. tortoise replays the state of every earlier migration before it applies one (5 to 10 s a step, more on a
loaded machine), so the databases just before each migration are made once a process, each from the one before
(`chain`), and the module's tests run on one pytest-xdist worker (`xdist_group`). The earliest test migrates on to the
latest migration, so that rows written then are read back through today's models.
"""

import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as tortoise_migrate
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.executor import MigrationExecutor
from tortoise.migrations.graph import MigrationKey
from tortoise.migrations.schema_generator.state import State

from market.db import APP_LABEL, close_database, migrate, open_database, tortoise_config
from market.enums import LotChangeReason
from market.models import __models__
from tests.support.databases import PostgresTestDatabase, engine

pytestmark = pytest.mark.xdist_group("migrations")


async def test_the_models_need_no_migration_that_is_not_committed(db, database_url):
    config = tortoise_config(database_url)
    detector = MigrationAutodetector(db.apps, {APP_LABEL: config["apps"][APP_LABEL]})

    writers = await detector.changes()

    assert [op.describe() for w in writers for op in w.operations] == []


async def database_columns(connection, dialect: str) -> set[tuple[str, str]]:
    if dialect == "sqlite":
        tables = [row["name"] for row in await connection.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]
        columns = set()
        for table in tables:
            for row in await connection.execute_query_dict(f'PRAGMA table_info("{table}")'):
                columns.add((table, row["name"]))
        return columns
    rows = await connection.execute_query_dict(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
    )
    return {(row["table_name"], row["column_name"]) for row in rows}


async def test_an_empty_database_migrated_has_every_table_and_column_of_the_models(db, database_url):
    dialect = "postgres" if database_url.startswith("postgres") else "sqlite"
    expected = {
        (model._meta.db_table, model._meta.fields_db_projection[name])
        for model in __models__
        for name in model._meta.db_fields
    }

    actual = await database_columns(Tortoise.get_connection("default"), dialect)

    assert expected - actual == set()
    tables = {table for table, _ in actual}
    extra = {t for t in tables - {m._meta.db_table for m in __models__} if not t.startswith("tortoise_")}
    assert extra == set()


async def database_indexes(connection, dialect: str) -> set[tuple[str, bool, tuple[str, ...]]]:
    """(table, unique, columns) of every index, including those behind UNIQUE constraints."""
    found = set()
    if dialect == "sqlite":
        tables = [row["name"] for row in await connection.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]
        for table in tables:
            for index in await connection.execute_query_dict(f'PRAGMA index_list("{table}")'):
                info = await connection.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
                found.add((table, bool(index["unique"]), tuple(row["name"] for row in info)))
        return found
    rows = await connection.execute_query_dict(
        "SELECT t.relname AS table, ix.indisunique AS unique, "
        "array_agg(a.attname ORDER BY k.ord) AS columns "
        "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' "
        "CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
        "GROUP BY t.relname, ix.indexrelid, ix.indisunique"
    )
    return {(row["table"], row["unique"], tuple(row["columns"])) for row in rows}


def declared_indexes() -> set[tuple[str, bool, tuple[str, ...]]]:
    """What the models ask for: unique fields, unique_together pairs, and Meta.indexes."""
    declared = set()
    for model in __models__:
        meta, table = model._meta, model._meta.db_table
        column = meta.fields_db_projection
        for name, field in meta.fields_map.items():
            if field.unique and not field.pk and name in column:
                declared.add((table, True, (column[name],)))
        for names in meta.unique_together:
            declared.add((table, True, tuple(column.get(n, n) for n in names)))
        for names in meta.indexes:
            if isinstance(names, (tuple, list)):
                declared.add((table, False, tuple(column.get(n, n) for n in names)))
    return declared


async def test_every_unique_constraint_and_index_the_models_declare_exists_in_the_database(db, database_url):
    """SQLite table rebuilds during migrations drop them silently (see migration 0005)."""
    dialect = "postgres" if database_url.startswith("postgres") else "sqlite"

    actual = await database_indexes(Tortoise.get_connection("default"), dialect)

    # A unique index also serves as a plain one; any index on the same columns will do for a plain one.
    present = {(table, columns) for table, _, columns in actual}
    unique = {(table, columns) for table, is_unique, columns in actual if is_unique}
    missing = {
        (table, is_unique, columns) for table, is_unique, columns in declared_indexes()
        if (table, columns) not in (unique if is_unique else present)
    }
    assert missing == set()


async def migrate_to(url: str, name: str) -> None:
    await tortoise_migrate(config=tortoise_config(url), target=f"market.{name}")


class MigrationChain:
    """Databases migrated up to one migration or another: each made once, from the nearest one made before it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # Migration name: a database migrated up to it and never used again (an SQLite file, a PostgreSQL database).
        self.made: dict[str, str] = {}
        self.postgres: list[PostgresTestDatabase] = []

    async def copy_at(self, name: str | None) -> str:
        """The URL of a new database of the test's own, migrated up to `name` (None: no migration applied yet)."""
        if name is not None and name not in self.made:
            source, url = await self._new(self.made.get(max((m for m in self.made if m < name), default="")))
            await migrate_to(url, name)
            await Tortoise.close_connections()
            self.made[name] = source
        return (await self._new(self.made.get(name or "")))[1]

    async def _new(self, copied: str | None) -> tuple[str, str]:
        """A new database, a copy of `copied` (else blank): its file or name, and its URL."""
        if engine() == "sqlite":
            path = self.directory / f"{uuid.uuid4().hex[:12]}.sqlite3"
            if copied is not None:
                shutil.copyfile(copied, path)
            return str(path), f"sqlite://{path}"
        database = PostgresTestDatabase()
        self.postgres.append(database)
        await database._admin(f'CREATE DATABASE "{database.name}"' + (f' TEMPLATE "{copied}"' if copied else ""))
        return database.name, database.url

    def drop(self) -> None:
        for database in self.postgres:
            database.drop()


@pytest.fixture(scope="module")
def chain(tmp_path_factory, remembered_states) -> Iterator[MigrationChain]:
    made = MigrationChain(tmp_path_factory.mktemp("migrations"))
    yield made
    made.drop()


@pytest.fixture(scope="module")
def remembered_states() -> Iterator[None]:
    """tortoise's executor, within this module, projects the state of the migrations already applied from the
    longest run of them it projected before (a copy), instead of replaying each from the first.

    The projection replays every earlier migration's operations in memory before each `migrate` (5 to 10 s once
    there are thirty); what it projects from the same migrations is the same state, and State.clone is what the
    executor itself uses to keep a state before changing it. What each migration does to the database is untouched.
    """
    projected: dict[tuple[MigrationKey, ...], State] = {}
    original = MigrationExecutor._project_state

    async def project(self, applied, *, upto=None):
        if upto is not None:  # a rollback's state, which these tests never ask for
            return await original(self, applied, upto=upto)
        done = tuple(key for key in self._full_plan() if key in applied)
        start = max((n for n in range(len(done) + 1) if done[:n] in projected), default=0)
        if start:
            state = projected[done[:start]].clone()
        else:
            state = await original(self, set())
        for key in done[start:]:
            await self.loader.graph.nodes[key].apply(state, dry_run=True, schema_editor=None)
        if start < len(done):
            projected[done] = state.clone()
        return state

    MigrationExecutor._project_state = project
    try:
        yield
    finally:
        MigrationExecutor._project_state = original


async def rows(sql: str) -> list[dict]:
    """What `sql` reads on the database the last migration was applied to, then its connections closed."""
    try:
        return await Tortoise.get_connection("default").execute_query_dict(sql)
    finally:
        await Tortoise.close_connections()


def moment(value) -> datetime:
    """A timestamp as the driver reads it: a datetime (asyncpg) or its text (SQLite)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


async def test_search_misses_kept_as_typed_before_0014_are_dropped_with_their_raw_text(chain):
    url = await chain.copy_at("0012_demo_rows")
    ctx = await open_database(url)
    connection = Tortoise.get_connection("default")
    for text in ("PAGO ATRASADO escriba a t.me/pagos", "Gabriela Roca cel 71234567 Av Banzer 44"):
        await connection.execute_query(
            "INSERT INTO search_miss (search_key, text, channel, count, last_at) "
            f"VALUES ('{text.lower()}', '{text}', 'bot', 50, '2026-11-21 15:00:00+00:00')"
        )
    await connection.execute_query(
        "INSERT INTO person (telegram_user_id, name, created_at, updated_at) "
        "VALUES (71234567, 'Gabriela', '2026-11-21 15:00:00+00:00', '2026-11-21 15:00:00+00:00')"
    )
    await close_database(ctx)

    await migrate(url)  # on to the latest: the rows written at 0012 are there today

    ctx = await open_database(url)
    try:
        connection = Tortoise.get_connection("default")
        assert await connection.execute_query_dict("SELECT * FROM search_miss") == []
        dialect = "postgres" if url.startswith("postgres") else "sqlite"
        columns = {column for table, column in await database_columns(connection, dialect) if table == "search_miss"}
        assert "text" not in columns and {"search_key", "searcher", "day", "person_id"} <= columns
        assert await connection.execute_query_dict("SELECT name FROM person") == [{"name": "Gabriela"}]
    finally:
        await close_database(ctx)


async def test_organizations_there_before_0015_are_approved_and_one_written_after_without_a_status_waits(chain):
    url = await chain.copy_at("0014_search_miss_searchers")
    ctx = await open_database(url)
    connection = Tortoise.get_connection("default")
    await connection.execute_query(
        "INSERT INTO territory (code, name, level, country_code, currency, time_zone, created_at) "
        "VALUES ('bo-scz', 'Santa Cruz', 'region', 'BO', 'BOB', 'America/La_Paz', '2026-11-21 15:00:00+00:00')"
    )
    await connection.execute_query(
        "INSERT INTO organization (slug, name, legal_form, maturity, territory_id, solidarity_fund_rate, description, "
        "pickup_point, created_at) SELECT 'cafe-amboro', 'Café Amboró', 'association', 'consolidating', id, '0.05', '', "
        "'', '2026-11-21 15:00:00+00:00' FROM territory"
    )
    await close_database(ctx)

    await migrate_to(url, "0015_operators")

    await Tortoise.get_connection("default").execute_query(
        "INSERT INTO organization (slug, name, legal_form, maturity, territory_id, solidarity_fund_rate, "
        "description, pickup_point, created_at) SELECT 'nueva', 'Nueva', 'cooperative', 'embryonic', id, '0', '', "
        "'', '2026-11-22 15:00:00+00:00' FROM territory"
    )
    assert await rows("SELECT slug, status FROM organization ORDER BY slug") == [
        {"slug": "cafe-amboro", "status": "approved"}, {"slug": "nueva", "status": "pending"}]


async def test_admins_there_before_0016_hold_an_open_admin_seat_from_their_membership_date_and_terms_are_12_months(chain):
    url = await chain.copy_at("0015_operators")
    ctx = await open_database(url)
    connection = Tortoise.get_connection("default")
    await connection.execute_query(
        "INSERT INTO territory (code, name, level, country_code, currency, time_zone, created_at) "
        "VALUES ('bo-scz', 'Santa Cruz', 'region', 'BO', 'BOB', 'America/La_Paz', '2026-11-21 15:00:00+00:00')"
    )
    await connection.execute_query(
        "INSERT INTO organization (slug, name, legal_form, maturity, territory_id, solidarity_fund_rate, description, "
        "pickup_point, created_at) SELECT 'cafe-amboro', 'Café Amboró', 'association', 'consolidating', id, '0.05', '', "
        "'', '2026-11-21 15:00:00+00:00' FROM territory"
    )
    for telegram_id, name, role, status, joined in (
            (1, "Hilda", "admin", "approved", "2025-03-02 14:00:00+00:00"),
            (2, "Reina", "producer", "approved", "2025-04-02 14:00:00+00:00"),
            (3, "Norma", "admin", "pending", "2025-05-02 14:00:00+00:00")):
        await connection.execute_query(
            "INSERT INTO person (telegram_user_id, name, created_at, updated_at) "
            f"VALUES ({telegram_id}, '{name}', '2025-01-01 00:00:00+00:00', '2025-01-01 00:00:00+00:00')"
        )
        await connection.execute_query(
            "INSERT INTO member (organization_id, person_id, role, status, joined_at) "
            f"SELECT organization.id, person.id, '{role}', '{status}', '{joined}' FROM organization, person "
            f"WHERE person.telegram_user_id = {telegram_id}"
        )
    await close_database(ctx)

    await migrate_to(url, "0016_board")

    seats = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT person.name, role, started_at, started_by_id, ended_at FROM board_record "
        "JOIN person ON person.id = board_record.person_id")
    assert [{**seat, "started_at": moment(seat["started_at"])} for seat in seats] == [
        {"name": "Hilda", "role": "admin", "started_at": datetime(2025, 3, 2, 14, tzinfo=timezone.utc),
         "started_by_id": None, "ended_at": None}]
    assert await rows("SELECT term_months FROM organization") == [{"term_months": 12}]


async def test_each_offer_there_before_0022_becomes_its_organizations_own_lot_with_one_migrated_change(chain):
    url = await chain.copy_at("0021_member_register")
    ctx = await open_database(url)
    connection = Tortoise.get_connection("default")
    at = "'2026-11-21 15:00:00+00:00'"
    for statement in (
        "INSERT INTO territory (code, name, level, country_code, currency, time_zone, created_at) "
        f"VALUES ('bo-scz', 'Santa Cruz', 'region', 'BO', 'BOB', 'America/La_Paz', {at})",
        "INSERT INTO organization (slug, name, legal_form, maturity, territory_id, solidarity_fund_rate, description, "
        f"pickup_point, created_at, status) SELECT 'cafe-amboro', 'Café Amboró', 'association', 'consolidating', id, "
        f"'0.05', '', '', {at}, 'approved' FROM territory",
        "INSERT INTO category (code, position) VALUES ('coffee_cocoa', 0)",
        "INSERT INTO product (organization_id, category_id, name, search_key, description, unit, active, created_at) "
        f"SELECT organization.id, category.id, 'Cacao', 'cacao', '', 'kg', true, {at} FROM organization, category",
        "INSERT INTO offer (product_id, stock, unit, price, currency, order_unit_quantity, pack_size, status, "
        f"created_at, updated_at) SELECT id, '120', 'kg', '55', 'BOB', '1', 1, 'active', {at}, {at} FROM product",
    ):
        await connection.execute_query(statement)
    await close_database(ctx)

    await migrate_to(url, "0022_lots")

    connection = Tortoise.get_connection("default")
    (offer,) = await connection.execute_query_dict("SELECT id FROM offer")
    lots = await connection.execute_query_dict("SELECT offer_id, member_id, own_key, stock FROM lot")
    assert [{**lot, "stock": Decimal(str(lot["stock"]))} for lot in lots] == [
        {"offer_id": offer["id"], "member_id": None, "own_key": offer["id"], "stock": Decimal(120)}]
    changes = await rows('SELECT "before", "after", reason FROM lot_change')
    assert [(Decimal(str(c["before"])), Decimal(str(c["after"])), c["reason"]) for c in changes] == [
        (Decimal(0), Decimal(120), LotChangeReason.MIGRATED.value)]


async def test_rounds_there_before_0028_are_numbered_in_their_group_in_the_order_they_were_opened(chain):
    url = await chain.copy_at("0027_search_keys")
    ctx = await open_database(url)
    connection = Tortoise.get_connection("default")
    await connection.execute_query(
        "INSERT INTO territory (code, name, level, country_code, currency, time_zone, created_at) "
        "VALUES ('bo-scz', 'Santa Cruz', 'region', 'BO', 'BOB', 'America/La_Paz', '2026-11-21 15:00:00+00:00')"
    )
    for slug in ("norte", "sur"):
        await connection.execute_query(
            "INSERT INTO purchasing_group (slug, name, territory_id, pickup_point, join_policy, created_at) "
            f"SELECT '{slug}', '{slug}', id, '', 'open', '2026-11-21 15:00:00+00:00' FROM territory"
        )
    for slug in ("norte", "sur", "norte", "norte", "sur"):  # opened one after the other
        await connection.execute_query(
            "INSERT INTO order_round (group_id, status, opens_at, closes_at, pickup_point, created_at) "
            "SELECT id, 'closed', '2026-11-21 15:00:00+00:00', '2026-11-22 15:00:00+00:00', '', "
            f"'2026-11-21 15:00:00+00:00' FROM purchasing_group WHERE slug = '{slug}'"
        )
    await close_database(ctx)

    await migrate_to(url, "0028_round_numbers")

    numbered = await rows(
        "SELECT purchasing_group.slug, order_round.number FROM order_round "
        "JOIN purchasing_group ON purchasing_group.id = order_round.group_id ORDER BY order_round.id")
    assert [(r["slug"], r["number"]) for r in numbered] == [("norte", 1), ("sur", 1), ("norte", 2), ("norte", 3),
                                                             ("sur", 2)]


async def test_reviewers_there_before_0029_sit_on_the_committee_in_the_role_of_their_latest_signature(chain):
    url = await chain.copy_at("0028_round_numbers")
    ctx = await open_database(url)
    connection = Tortoise.get_connection("default")
    moment = "'2026-11-21 15:00:00+00:00'"
    await connection.execute_query(
        "INSERT INTO territory (code, name, level, country_code, currency, time_zone, created_at) "
        f"VALUES ('bo-scz', 'Santa Cruz', 'region', 'BO', 'BOB', 'America/La_Paz', {moment})"
    )
    await connection.execute_query(
        "INSERT INTO organization (slug, name, legal_form, maturity, territory_id, solidarity_fund_rate, description, "
        f"pickup_point, created_at) SELECT 'cafe-amboro', 'Café Amboró', 'association', 'consolidating', id, '0.05', "
        f"'', '', {moment} FROM territory"
    )
    await connection.execute_query(
        "INSERT INTO pgs_network (slug, name, territory_id, description, status, created_at) "
        f"SELECT 'red', 'Red SPG', id, '', 'approved', {moment} FROM territory"
    )
    # Ana signed as a producer, then as a consumer; Beto never signed; Carla no longer reviews.
    for telegram_id, name, active in ((1, "Ana", True), (2, "Beto", True), (3, "Carla", False)):
        await connection.execute_query(
            f"INSERT INTO person (telegram_user_id, name, created_at, updated_at) VALUES ({telegram_id}, '{name}', "
            f"{moment}, {moment})"
        )
        await connection.execute_query(
            "INSERT INTO pgs_reviewer (network_id, person_id, active, created_at) SELECT pgs_network.id, person.id, "
            f"{'TRUE' if active else 'FALSE'}, {moment} FROM pgs_network, person WHERE telegram_user_id = {telegram_id}"
        )
    for visited_on, role in (("2025-11-01", "producer"), ("2026-11-01", "consumer")):
        await connection.execute_query(
            "INSERT INTO peer_review (network_id, organization_id, visited_on, findings, decision, created_at) "
            f"SELECT pgs_network.id, organization.id, '{visited_on}', '', 'pending', {moment} "
            "FROM pgs_network, organization"
        )
        await connection.execute_query(
            "INSERT INTO peer_review_signature (review_id, person_id, role, signed_at) "
            f"SELECT peer_review.id, person.id, '{role}', {moment} FROM peer_review, person "
            f"WHERE telegram_user_id = 1 AND visited_on = '{visited_on}'"
        )
    await close_database(ctx)

    await migrate_to(url, "0029_pgs_in_chat")

    connection = Tortoise.get_connection("default")
    reviewers = await connection.execute_query_dict(
        "SELECT person.name, committee, pgs_reviewer.role FROM pgs_reviewer "
        "JOIN person ON person.id = pgs_reviewer.person_id ORDER BY person.name")
    assert [(r["name"], bool(r["committee"]), r["role"]) for r in reviewers] == [
        ("Ana", True, "consumer"), ("Beto", True, None), ("Carla", False, None)]
    assert {r["stage"] for r in await connection.execute_query_dict("SELECT stage FROM peer_review")} == {"decided"}
    assert {r["status"] for r in await rows("SELECT status FROM peer_review_signature")} == {"agreed"}
