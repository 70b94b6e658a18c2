"""Product photos made small for the web catalog.

- `product_photo`: one a product at most (unique product_id), fetched through the Bot API from the Telegram photo
  named by `file_id`, resized and kept as `data` (WebP or JPEG, `content_type`) with its `width` and `height`.

A new table only: no SQLite table is rebuilt, so no index or check constraint is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0025_round_lot_takes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProductPhoto',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.OneToOneField('market.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='web_photo', on_delete=OnDelete.CASCADE)),
                ('file_id', fields.CharField(max_length=255)),
                ('content_type', fields.CharField(max_length=16)),
                ('width', fields.SmallIntField()),
                ('height', fields.SmallIntField()),
                ('data', fields.BinaryField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'product_photo', 'app': 'market', 'pk_attr': 'id', 'table_description': "A product's photo made small for the web catalog (a few KB): fetched once through the Bot API, kept here."},
            bases=['Model'],
        ),
    ]
