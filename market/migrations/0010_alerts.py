"""Alerts: fair-market events, a person's mute and quiet hours, and the unit of a price threshold.

A new table (its CHECK, then its index, so that SQLite's rebuild for the CHECK loses nothing) and
nullable columns added to person and subscription without rebuilding them: no other index is lost.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint


class Migration(migrations.Migration):
    dependencies = [('market', '0009_search_misses')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FairEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='fair_events', on_delete=OnDelete.CASCADE)),
                ('network', fields.ForeignKeyField('market.PgsNetwork', source_field='network_id', null=True, db_constraint=True, to_field='id', related_name='fair_events', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=160)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('place', fields.CharField(max_length=255)),
                ('territory', fields.ForeignKeyField('market.Territory', source_field='territory_id', db_constraint=True, to_field='id', related_name='fair_events', on_delete=OnDelete.RESTRICT)),
                ('participants', fields.TextField(default='', unique=False)),
                ('created_by', fields.ForeignKeyField('market.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='fair_events', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'fair_event', 'app': 'market', 'pk_attr': 'id', 'table_description': 'A feria announced by an organization or a PGS network, at a moment and a place in a territory.'},
            bases=['Model'],
        ),
        # The CHECK by an explicit operation (tortoise writes those in CreateModel options but never
        # creates them); on SQLite it rebuilds the new table, so its index comes after.
        ops.AddConstraint(
            model_name='FairEvent',
            constraint=CheckConstraint(check='organization_id IS NOT NULL OR network_id IS NOT NULL', name='fair_event_has_an_announcer'),
        ),
        ops.AddIndex(model_name='FairEvent', index=Index(fields=['territory_id', 'starts_at'])),
        ops.AddField(
            model_name='Person',
            name='alerts_muted_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Person',
            name='quiet_from_minute',
            field=fields.SmallIntField(null=True),
        ),
        ops.AddField(
            model_name='Person',
            name='quiet_until_minute',
            field=fields.SmallIntField(null=True),
        ),
        ops.AddField(
            model_name='Subscription',
            name='unit',
            field=fields.CharField(null=True, max_length=16),
        ),
    ]
