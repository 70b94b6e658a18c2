"""An organization's board and its term.

- `board_record`: a seat on an organization's board (president, treasurer or admin), from when until when, who
  started it and who ended it; the admins there before have no record of how they became admins, so each
  approved admin gets an open "admin" seat here, from their membership date, started by nobody;
- `organization.term_months`: how long a board serves before it is renewed, 12 by default, in the database too.

A new table, and a column added with ALTER TABLE ... ADD COLUMN on both engines (NOT NULL with its database
default): no SQLite table is rebuilt, so no index or check constraint is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import BoardRole


async def seat_existing_admins(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "INSERT INTO board_record (organization_id, person_id, role, started_at) "
        "SELECT organization_id, person_id, 'admin', joined_at FROM member "
        "WHERE role = 'admin' AND status = 'approved'"
    )


class Migration(migrations.Migration):
    dependencies = [('market', '0015_operators')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BoardRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='board_records', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='board_seats', on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharEnumField(description='PRESIDENT: president\nTREASURER: treasurer\nADMIN: admin', enum_type=BoardRole, max_length=16)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('started_by', fields.ForeignKeyField('market.Person', source_field='started_by_id', null=True, db_constraint=True, to_field='id', related_name='board_seats_started', on_delete=OnDelete.RESTRICT)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ended_by', fields.ForeignKeyField('market.Person', source_field='ended_by_id', null=True, db_constraint=True, to_field='id', related_name='board_seats_ended', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'board_record', 'app': 'market', 'indexes': [Index(fields=['organization_id', 'ended_at']), Index(fields=['person_id'])], 'pk_attr': 'id', 'table_description': "A seat on an organization's board: who, which role, from when until when, and who made each change."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Organization',
            name='term_months',
            field=fields.SmallIntField(default=12, db_default=12),
        ),
        ops.RunPython(seat_existing_admins, ops.RunPython.noop),
    ]
