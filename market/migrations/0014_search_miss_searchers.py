"""Search misses counted per searcher and day, with the product's words only.

The old table kept what was typed ("text") and one counter per place and words, so one client repeating a
phishing line, or a person's message to the bot, reached every producer's board around. Its rows are dropped,
not converted: they hold raw text, and a counter says nothing of how many people searched, which the board
now needs (three at least). A search missed again after the upgrade is counted afresh. No person's row is
touched: search_miss held no person.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import SearchChannel


class Migration(migrations.Migration):
    dependencies = [('market', '0013_inbox_fairness')]

    initial = False

    operations = [
        ops.DeleteModel(name='SearchMiss'),
        ops.CreateModel(
            name='SearchMiss',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('territory', fields.ForeignKeyField('market.Territory', source_field='territory_id', null=True, db_constraint=True, to_field='id', related_name='search_misses', on_delete=OnDelete.CASCADE)),
                ('search_key', fields.CharField(max_length=40)),
                ('channel', fields.CharEnumField(description='BOT: bot\nWEB: web\nAPI: api', enum_type=SearchChannel, max_length=8)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='search_misses', on_delete=OnDelete.CASCADE)),
                ('searcher', fields.CharField(max_length=40)),
                ('day', fields.DateField()),
            ],
            options={'table': 'search_miss', 'app': 'market', 'unique_together': (('territory_id', 'search_key', 'searcher', 'day'),), 'indexes': [Index(fields=['day']), Index(fields=['person_id'])], 'pk_attr': 'id', 'table_description': 'One searcher\'s search that found nothing: once a day per place and product words.'},
            bases=['Model'],
        ),
    ]
