"""Invite codes for purchasing groups (the payload of their invite links).

Groups made before keep NULL until a coordinator looks at the group (market.services.groups.membership makes one).
On SQLite this adds the column and a unique index without rebuilding the table, so no other index is lost.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0006_catalog_version')]

    initial = False

    operations = [
        ops.AddField(
            model_name='PurchasingGroup',
            name='invite_code',
            field=fields.CharField(null=True, unique=True, max_length=32),
        ),
    ]
