"""What one bag, jar or box of an offer holds.

- `offer.content_quantity`, `offer.content_unit`: 250 g for a coffee sold in bags of 250 g, NULL when not known,
  so that "12 bolsas de 500 g" is published as 24 of its bags rather than 12.

Two nullable columns added with ALTER TABLE ... ADD COLUMN on both engines: no SQLite table is rebuilt, so no
index or check constraint is lost (see 0005). The offers there before have no content: nobody has said it yet.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0022_lots')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Offer',
            name='content_quantity',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=3),
        ),
        ops.AddField(
            model_name='Offer',
            name='content_unit',
            field=fields.CharField(null=True, max_length=16),
        ),
    ]
