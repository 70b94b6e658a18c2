"""API tokens: an organization's bearer tokens for the write API, kept as SHA-256 digests.

A new table with its unique digest and its (organization, prefix) index created with it: no rebuild,
nothing lost on SQLite.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0010_alerts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='api_tokens', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.ForeignKeyField('market.Person', source_field='created_by_id', db_constraint=True, to_field='id', related_name='api_tokens', on_delete=OnDelete.CASCADE)),
                ('label', fields.CharField(max_length=60)),
                ('prefix', fields.CharField(max_length=8)),
                ('digest', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_token', 'app': 'market', 'indexes': [Index(fields=['organization_id', 'prefix'])], 'pk_attr': 'id', 'table_description': 'A bearer token of an organization for the write API, kept as a SHA-256 digest and never in clear.'},
            bases=['Model'],
        ),
    ]
