from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0003_inbox_claims_pickup_points')]

    initial = False

    operations = [
        ops.AddField(
            model_name='InboxUpdate',
            name='chat_id',
            field=fields.BigIntField(null=True),
        ),
    ]
