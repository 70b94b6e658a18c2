"""Fair intake: who sent each update (the per-person budget), a chat's first waiting update found by index,
and the status of an update dropped over its sender's budget.

The AlterField only adds "dropped" to the status column's description, but tortoise-orm 1.1.9 rebuilds
a SQLite table for it and the copy loses the (status, update_id) index (see 0005): it is put back here.
"""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import InboxStatus


async def restore_status_index(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "sqlite":
        await schema_editor.client.execute_script(
            'CREATE INDEX IF NOT EXISTS "idx_inbox_update_status_update_id" ON "inbox_update" (status, update_id)'
        )


class Migration(migrations.Migration):
    dependencies = [('market', '0012_demo_rows')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='InboxUpdate',
            name='status',
            field=fields.CharEnumField(default=InboxStatus.PENDING, description='PENDING: pending\nPROCESSING: processing\nDONE: done\nFAILED: failed\nDROPPED: dropped', enum_type=InboxStatus, max_length=16),
        ),
        ops.AddField(
            model_name='InboxUpdate',
            name='sender_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddIndex(
            model_name='InboxUpdate',
            index=Index(fields=['chat_id', 'update_id']),
        ),
        ops.AddIndex(
            model_name='InboxUpdate',
            index=Index(fields=['sender_id', 'received_at']),
        ),
        ops.RunPython(restore_status_index, ops.RunPython.noop),
    ]
