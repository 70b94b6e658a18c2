from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0005_restore_sqlite_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CatalogVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.BigIntField(default=0)),
            ],
            options={'table': 'catalog_version', 'app': 'market', 'pk_attr': 'id', 'table_description': 'One row holding a number that every write changing search results or a product card raises.'},
            bases=['Model'],
        ),
    ]
