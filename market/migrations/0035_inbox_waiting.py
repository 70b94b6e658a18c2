"""On PostgreSQL, the inbox's waiting updates indexed apart: the claim finds them without walking past the dead.

Every update's row changes status three times (stored pending, claimed processing, done), and PostgreSQL writes a new
row version and a new entry in every index each time: the (status, update_id) index kept an entry for each version
until autovacuum came by. The claim read them all through a bitmap scan, which never learns that an entry is dead, so
it grew slower with every update the bot had answered since the last vacuum (bench/bot_throughput.py: 1.95 ms a claim
after six hundred updates, 0.44 ms with these). Two partial indexes hold only updates pending or processing: the
claim's candidates in update_id order, and a chat's earlier ones (its NOT EXISTS, and the done mark's look at what
waits). An index scan of them marks the dead entries it meets, and the next claim skips them.

SQLite writes a row in place and keeps no dead entries: nothing changes there.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

WAITING = "status IN ('pending', 'processing')"
INDEXES = (
    ("idx_inbox_update_waiting", "update_id"),
    ("idx_inbox_update_chat_waiting", "chat_id, update_id"),
)


async def index_waiting(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        for name, columns in INDEXES:
            await schema_editor.client.execute_script(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "inbox_update" ({columns}) WHERE {WAITING}'
            )


async def drop_waiting(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        for name, _ in INDEXES:
            await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [('market', '0034_stock_versions')]

    initial = False

    operations = [
        ops.RunPython(index_waiting, drop_waiting),
    ]
