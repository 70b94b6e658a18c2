"""Demo rows: what the demo seed created, so that `seed-demo` keeps the demo alive and leaves people's rows alone.

A new table with its unique (table_name, row_id): nothing rebuilt, nothing lost.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0011_api_tokens')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DemoRow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('table_name', fields.CharField(max_length=64)),
                ('row_id', fields.IntField()),
            ],
            options={'table': 'demo_row', 'app': 'market', 'unique_together': (('table_name', 'row_id'),), 'pk_attr': 'id', 'table_description': 'A row the demo seed created (an order round, a fair price), named by its table and id.'},
            bases=['Model'],
        ),
    ]
