"""PGS networks registered in the bot wait for an operator.

- `pgs_network.status` (pending, approved, refused), pending by default, in the database too: the networks
  there before were made by the demo or by hand and were public, so they are approved here, in the same
  migration;
- `pgs_network.proposed_by`: who registered it in the bot, NULL for those made before; they become its first
  reviewer once an operator approves it.

Columns added with ALTER TABLE ... ADD COLUMN on both engines (the NOT NULL one with its database default): no
SQLite table is rebuilt, so no index or check constraint is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from market.enums import NetworkStatus


async def approve_existing_networks(apps, schema_editor) -> None:
    await schema_editor.client.execute_script("UPDATE pgs_network SET status = 'approved'")


class Migration(migrations.Migration):
    dependencies = [('market', '0019_group_joins')]

    initial = False

    operations = [
        ops.AddField(
            model_name='PgsNetwork',
            name='status',
            field=fields.CharEnumField(default=NetworkStatus.PENDING, description='PENDING: pending\nAPPROVED: approved\nREFUSED: refused', db_default=NetworkStatus.PENDING, enum_type=NetworkStatus, max_length=16),
        ),
        ops.AddField(
            model_name='PgsNetwork',
            name='proposed_by',
            field=fields.ForeignKeyField('market.Person', source_field='proposed_by_id', null=True, db_constraint=True, to_field='id', related_name='networks_proposed', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunPython(approve_existing_networks, ops.RunPython.noop),
    ]
