"""The committed migrations build exactly the schema the models describe, on both engines."""

from tortoise import Tortoise

from market.db import APP_LABEL, tortoise_config
from market.models import __models__
from tortoise.migrations.autodetector import MigrationAutodetector


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
