"""The inbox's waiting updates are found by the partial indexes alone, on both engines: the (status, update_id) goes.

0035 gave PostgreSQL two partial indexes of the updates pending or processing and kept the (status, update_id) index
beside them. The planner prices an index scan by the index's pages: after a burst of updates waiting at once, a partial
index keeps the pages it grew to while it holds a few rows, and the planner went back to the status index and the
dead entries it walks past (CI's test worker, after many tests, chose it; a burst of 5,000 updates answered and deleted
does the same). With that index gone the claim has the partial one, or a read of the whole table, to choose from.

SQLite gets the same two partial indexes, which its planner reads for the claim, and loses its copy of the status index
(named by 0013, which put it back after a table rebuild). Nothing else asked for it: the purge of processed updates
reads them in id order, the oldest first.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

WAITING = "status IN ('pending', 'processing')"
PARTIAL = (
    ("idx_inbox_update_waiting", "update_id"),
    ("idx_inbox_update_chat_waiting", "chat_id, update_id"),
)
# The status index's names: tortoise's on PostgreSQL, 0013's on SQLite.
STATUS_INDEX = {"postgres": "idx_inbox_updat_status_d2f621", "sqlite": "idx_inbox_update_status_update_id"}


class ForgetIndex(ops.RemoveIndex):
    """The models' state loses the index; the database's changes are RunPython's below (its name differs by engine)."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None


async def partial_only(apps, schema_editor) -> None:
    client = schema_editor.client
    for name, columns in PARTIAL:
        await client.execute_script(f'CREATE INDEX IF NOT EXISTS "{name}" ON "inbox_update" ({columns}) WHERE {WAITING}')
    for name in STATUS_INDEX.values():
        await client.execute_script(f'DROP INDEX IF EXISTS "{name}"')


async def status_again(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    await client.execute_script(
        f'CREATE INDEX IF NOT EXISTS "{STATUS_INDEX[dialect]}" ON "inbox_update" (status, update_id)'
    )
    if dialect != "postgres":  # 0035 made PostgreSQL's; its own backward drops them
        for name, _ in PARTIAL:
            await client.execute_script(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [('market', '0035_inbox_waiting')]

    initial = False

    operations = [
        ForgetIndex(model_name='InboxUpdate', fields=['status', 'update_id']),
        ops.RunPython(partial_only, status_again),
    ]
