from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from market.enums import InboxStatus


class Migration(migrations.Migration):
    dependencies = [('market', '0002_fair_price_checks')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='InboxUpdate',
            name='status',
            field=fields.CharEnumField(default=InboxStatus.PENDING, description='PENDING: pending\nPROCESSING: processing\nDONE: done\nFAILED: failed', enum_type=InboxStatus, max_length=16),
        ),
        ops.AddField(
            model_name='InboxUpdate',
            name='claimed_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Organization',
            name='pickup_point',
            field=fields.TextField(default='', unique=False),
        ),
    ]
