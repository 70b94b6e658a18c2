"""Search people can use: each product's match key (its words' stems), and the synonyms a network adds.

- `product.match_key`: every word's forms between spaces (market.rules.matching.match_key), filled here for the
  products already stored; the places that name a product keep it up to date;
- `person.place_asked_at`: when the bot asked where the person is, so that it asks once;
- `search_synonym`: a new table, the words a network's people use beside the catalog's (quinoa for quinua).

The column is added with ALTER TABLE ... ADD COLUMN on both engines, with its database default.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from market.rules.matching import match_key


async def fill_match_keys(apps, schema_editor) -> None:
    client = schema_editor.client
    _, rows = await client.execute_query('SELECT "id", "name" FROM "product"')
    mark = "?" if client.capabilities.dialect == "sqlite" else "$1"
    second = "?" if client.capabilities.dialect == "sqlite" else "$2"
    for row in rows:
        await client.execute_query(f'UPDATE "product" SET "match_key" = {mark} WHERE "id" = {second}',
                                   [match_key(row["name"]), row["id"]])


class Migration(migrations.Migration):
    dependencies = [('market', '0026_product_photos')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('language', fields.CharField(max_length=8)),
                ('word', fields.CharField(max_length=40)),
                ('synonym', fields.CharField(max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'search_synonym', 'app': 'market', 'unique_together': (('language', 'word', 'synonym'),), 'pk_attr': 'id', 'table_description': "A word a network's people use for a product, beside the one the catalog names it by (quinoa for quinua)."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Product',
            name='match_key',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.RunPython(fill_match_keys, ops.RunPython.noop),
        ops.AddField(
            model_name='Person',
            name='place_asked_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
