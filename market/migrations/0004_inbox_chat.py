from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

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
