"""Put back on SQLite the unique constraints and indexes that table rebuilds dropped.

tortoise-orm 1.1.9 changes a SQLite table (AddConstraint, AlterField, some AddField) by copying it
into a new one, and the copy loses the table's UNIQUE constraints and indexes: a second offer for
a product, or a cart line twice, was accepted on SQLite while PostgreSQL refused it. PostgreSQL
kept them all, so this runs on SQLite only. tests/market/test_migrations.py compares the database
with the models on both engines, so a later rebuild that drops one again fails the suite.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# (unique, table, columns): what PostgreSQL has and SQLite lost by migration 0004.
LOST_ON_SQLITE = (
    (True, "cart_item", ("person_id", "offer_id")),
    (True, "offer", ("product_id",)),
    (True, "round_allocation", ("round_offer_id", "member_id")),
    (True, "round_offer", ("round_id", "offer_id")),
    (True, "unit_conversion", ("territory_id", "unit")),
    (False, "fair_price", ("search_key", "territory_id", "valid_from")),
    (False, "inbox_update", ("status", "update_id")),
    (False, "member_order_row", ("member_id",)),
    (False, "member_order_row", ("round_offer_id", "at")),
    (False, "offer", ("status", "stock")),
    (False, "order_line", ("offer_id",)),
    (False, "organization", ("legal_form",)),
    (False, "organization", ("territory_id",)),
)


def statements() -> list[str]:
    return [
        f'CREATE {"UNIQUE " if unique else ""}INDEX IF NOT EXISTS '
        f'"{"uid" if unique else "idx"}_{table}_{"_".join(columns)}" '
        f'ON "{table}" ({", ".join(columns)})'
        for unique, table, columns in LOST_ON_SQLITE
    ]


async def restore(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "sqlite":
        return
    for statement in statements():
        await schema_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("market", "0004_inbox_chat")]

    initial = False

    operations = [ops.RunPython(restore, ops.RunPython.noop)]
