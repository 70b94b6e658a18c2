"""An organization's maturity from evidence (market.rules.maturity).

- `maturity_declaration`: what only people can say (statutes approved, an assembly held, the members'
  contributions collected), each with its day, who declared it and when; never updated: a correction is a row;
- `maturity_change`: each change of `organization.maturity` (from, to, when, the criteria it rested on).

`organization.maturity` stays the current level; the recomputation (on the bot's timer, after a declaration)
replaces the labels written before by what the rule says, and records each change. Two new tables: no SQLite
table is rebuilt, so nothing is lost (see 0005).
"""

import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import DeclarationKind, Maturity

LEVELS = 'EMBRYONIC: embryonic\nCONSOLIDATING: consolidating\nCONSOLIDATED: consolidated'


class Migration(migrations.Migration):
    dependencies = [('market', '0017_territories')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MaturityDeclaration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='maturity_declarations', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='STATUTES: statutes\nASSEMBLY: assembly\nCONTRIBUTIONS: contributions', enum_type=DeclarationKind, max_length=16)),
                ('happened_on', fields.DateField()),
                ('declared_by', fields.ForeignKeyField('market.Person', source_field='declared_by_id', db_constraint=True, to_field='id', related_name='maturity_declarations', on_delete=OnDelete.RESTRICT)),
                ('declared_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'maturity_declaration', 'app': 'market', 'indexes': [Index(fields=['organization_id', 'kind'])], 'pk_attr': 'id', 'table_description': 'What only people can say about their organization: its statutes approved, an assembly held, the members\''},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MaturityChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='maturity_changes', on_delete=OnDelete.CASCADE)),
                ('from_level', fields.CharEnumField(description=LEVELS, enum_type=Maturity, max_length=16)),
                ('to_level', fields.CharEnumField(description=LEVELS, enum_type=Maturity, max_length=16)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('evidence', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'maturity_change', 'app': 'market', 'indexes': [Index(fields=['organization_id', 'changed_at'])], 'pk_attr': 'id', 'table_description': "A change of an organization's maturity level: from which, to which, when, and the criteria it rested on"},
            bases=['Model'],
        ),
    ]
