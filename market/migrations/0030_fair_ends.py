"""A feria's end: `fair_event.ends_at`, when it closes (after its start), none for the ferias announced before.

Added with ALTER TABLE ... ADD COLUMN on both engines: no SQLite table is rebuilt, so no index or check constraint
is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0029_pgs_in_chat')]

    initial = False

    operations = [
        ops.AddField(
            model_name='FairEvent',
            name='ends_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
