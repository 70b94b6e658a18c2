"""Group joins that coordinators control.

- `purchasing_group.join_policy` (open, approval), open by default, in the database too: every group there
  before keeps joining as it did, by its link;
- `group_join_request`: a person's request to join a group that approves newcomers, its outcome, who decided
  and when, and a refusal's reason; `pending_key` is unique while the request waits (one waiting request per
  person and group).

A new table, and a column added with ALTER TABLE ... ADD COLUMN on both engines (NOT NULL with its database
default): no SQLite table is rebuilt, so no index or check constraint is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import GroupJoinPolicy, JoinRequestStatus


class Migration(migrations.Migration):
    dependencies = [('market', '0018_maturity')]

    initial = False

    operations = [
        ops.AddField(
            model_name='PurchasingGroup',
            name='join_policy',
            field=fields.CharEnumField(default=GroupJoinPolicy.OPEN, description='OPEN: open\nAPPROVAL: approval', db_default=GroupJoinPolicy.OPEN, enum_type=GroupJoinPolicy, max_length=16),
        ),
        ops.CreateModel(
            name='GroupJoinRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('group', fields.ForeignKeyField('market.PurchasingGroup', source_field='group_id', db_constraint=True, to_field='id', related_name='join_requests', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='group_join_requests', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=JoinRequestStatus.PENDING, description='PENDING: pending\nAPPROVED: approved\nREFUSED: refused\nCANCELLED: cancelled', enum_type=JoinRequestStatus, max_length=16)),
                ('pending_key', fields.CharField(null=True, unique=True, max_length=32)),
                ('asked_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_by', fields.ForeignKeyField('market.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='group_joins_decided', on_delete=OnDelete.RESTRICT)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'group_join_request', 'app': 'market', 'indexes': [Index(fields=['group_id', 'status']), Index(fields=['person_id'])], 'pk_attr': 'id', 'table_description': "A person's request to join a group that approves newcomers, and its outcome: who decided, when, why."},
            bases=['Model'],
        ),
    ]
