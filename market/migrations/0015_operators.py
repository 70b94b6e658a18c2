"""Operators and their decisions; an organization's status; a category's stored names.

- `operator`: a person's role as an operator of the installation, named and removed (kept as history);
- `decision`: an operator's approval or refusal of something that waited (organization, PGS network,
  territory, category), with the reason, by whom and when;
- `organization.status` (pending, approved, refused), pending by default, in the database too: the
  organizations there before operators existed were let in by nobody but were public, so they are approved
  here, in the same migration;
- `category.name_es`, `name_pt_br`, `name_en`: the names an operator gives a category made or renamed in the
  bot (NULL for the built-in ones, named by the translation catalogs).

Two new tables, and columns added with ALTER TABLE ... ADD COLUMN on both engines (a NOT NULL one with its
database default): no SQLite table is rebuilt, so no index or check constraint is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import DecisionKind, OrganizationStatus


async def approve_existing_organizations(apps, schema_editor) -> None:
    await schema_editor.client.execute_script("UPDATE organization SET status = 'approved'")


class Migration(migrations.Migration):
    dependencies = [('market', '0014_search_miss_searchers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Operator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='operator_roles', on_delete=OnDelete.RESTRICT)),
                ('named_by', fields.ForeignKeyField('market.Person', source_field='named_by_id', null=True, db_constraint=True, to_field='id', related_name='operators_named', on_delete=OnDelete.RESTRICT)),
                ('named_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('removed_by', fields.ForeignKeyField('market.Person', source_field='removed_by_id', null=True, db_constraint=True, to_field='id', related_name='operators_removed', on_delete=OnDelete.RESTRICT)),
                ('removed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'operator', 'app': 'market', 'indexes': [Index(fields=['person_id', 'removed_at']), Index(fields=['removed_at'])], 'pk_attr': 'id', 'table_description': "A person's role as an operator of this installation, from when they were named until removed."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Decision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='ORGANIZATION: organization\nPGS_NETWORK: pgs_network\nTERRITORY: territory\nCATEGORY: category', enum_type=DecisionKind, max_length=16)),
                ('subject_id', fields.IntField()),
                ('approved', fields.BooleanField()),
                ('reason', fields.TextField(default='', unique=False)),
                ('by_person', fields.ForeignKeyField('market.Person', source_field='by_person_id', db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'decision', 'app': 'market', 'indexes': [Index(fields=['kind', 'subject_id'])], 'pk_attr': 'id', 'table_description': "An operator's decision on something that waited for approval: approved or refused, why, by whom and when."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Organization',
            name='status',
            field=fields.CharEnumField(default=OrganizationStatus.PENDING, description='PENDING: pending\nAPPROVED: approved\nREFUSED: refused', db_default=OrganizationStatus.PENDING, enum_type=OrganizationStatus, max_length=16),
        ),
        ops.RunPython(approve_existing_organizations, ops.RunPython.noop),
        ops.AlterModelOptions(
            name='Category',
            options={'table': 'category', 'app': 'market', 'pk_attr': 'id', 'table_description': 'A catalog category, known by its code.'},
        ),
        ops.AddField(
            model_name='Category',
            name='name_es',
            field=fields.CharField(null=True, max_length=60),
        ),
        ops.AddField(
            model_name='Category',
            name='name_pt_br',
            field=fields.CharField(null=True, max_length=60),
        ),
        ops.AddField(
            model_name='Category',
            name='name_en',
            field=fields.CharField(null=True, max_length=60),
        ),
    ]
