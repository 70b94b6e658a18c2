"""Entries an admin writes for a member: `member_entry.version`, how many times the entry was changed (0 for the
entries written before), and `member_entry.written_by_id`, the admin who wrote it last for the member (none: the
member wrote it).

Added with ALTER TABLE ... ADD COLUMN on both engines; tests/market/test_migrations.py checks that the table's
unique key on member_id is still there.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0032_desk')]

    initial = False

    operations = [
        ops.AddField(
            model_name='MemberEntry',
            name='version',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='MemberEntry',
            name='written_by',
            field=fields.ForeignKeyField('market.Person', source_field='written_by_id', null=True, db_constraint=True, to_field='id', related_name='member_entries_written', on_delete=OnDelete.SET_NULL),
        ),
    ]
