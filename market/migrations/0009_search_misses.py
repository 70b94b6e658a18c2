"""Search misses: the catalog searches that found nothing, counted per place, words and channel.

A new table with its unique (territory, key, channel) and its index created with it: no rebuild, nothing lost on SQLite.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import SearchChannel


class Migration(migrations.Migration):
    dependencies = [('market', '0008_producer_invite_code')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SearchMiss',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('territory', fields.ForeignKeyField('market.Territory', source_field='territory_id', null=True, db_constraint=True, to_field='id', related_name='search_misses', on_delete=OnDelete.CASCADE)),
                ('search_key', fields.CharField(max_length=160)),
                ('text', fields.CharField(max_length=160)),
                ('channel', fields.CharEnumField(description='BOT: bot\nWEB: web\nAPI: api', enum_type=SearchChannel, max_length=8)),
                ('count', fields.IntField(default=1)),
                ('last_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'search_miss', 'app': 'market', 'unique_together': (('territory_id', 'search_key', 'channel'),), 'indexes': [Index(fields=['last_at'])], 'pk_attr': 'id', 'table_description': 'A search that found nothing, counted per place, normalized words and channel.'},
            bases=['Model'],
        ),
    ]
