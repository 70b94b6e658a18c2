"""The member register and the history of memberships.

- `member_entry`: a producer's own entry (one per membership, unique member_id): community (a territory, or the
  name as typed), what they produce (a JSON list of lines), family size, self-declared gender, updated_at;
- `membership_event`: each step of a membership (requested, requested again, approved, refused, left), when and
  by whom. The members there before have no history: each gets one event for its present status, at its
  membership date, by nobody (a pending member "requested", the others their status).

Two new tables only: no SQLite table is rebuilt, so no index or check constraint is lost (see 0005).
"""

import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import Gender, MembershipEventKind


async def record_present_memberships(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "INSERT INTO membership_event (organization_id, person_id, kind, at) "
        "SELECT organization_id, person_id, CASE status WHEN 'pending' THEN 'requested' ELSE status END, joined_at "
        "FROM member ORDER BY id"
    )


class Migration(migrations.Migration):
    dependencies = [('market', '0020_network_status')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MemberEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.OneToOneField('market.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='entry', on_delete=OnDelete.CASCADE)),
                ('community', fields.ForeignKeyField('market.Territory', source_field='community_id', null=True, db_constraint=True, to_field='id', related_name='member_entries', on_delete=OnDelete.SET_NULL)),
                ('community_name', fields.CharField(default='', max_length=120)),
                ('production', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('family_size', fields.SmallIntField(null=True)),
                ('gender', fields.CharEnumField(null=True, description='WOMAN: woman\nMAN: man\nANOTHER: another\nUNDISCLOSED: undisclosed', enum_type=Gender, max_length=16)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'member_entry', 'app': 'market', 'pk_attr': 'id', 'table_description': "A producer's own entry in their organization's register: community, production, family, gender."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MembershipEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='membership_events', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='membership_events', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='REQUESTED: requested\nREQUESTED_AGAIN: requested_again\nAPPROVED: approved\nREFUSED: refused\nLEFT: left', enum_type=MembershipEventKind, max_length=16)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('by_person', fields.ForeignKeyField('market.Person', source_field='by_person_id', null=True, db_constraint=True, to_field='id', related_name='membership_events_made', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'membership_event', 'app': 'market', 'indexes': [Index(fields=['organization_id', 'person_id'])], 'pk_attr': 'id', 'table_description': "A step of a person's membership of an organization: asked, approved, refused, left, asked again."},
            bases=['Model'],
        ),
        ops.RunPython(record_present_memberships, ops.RunPython.noop),
    ]
