"""Invite codes for producers joining an organization (the payload of the admin's deep link).

NULL until an admin asks for the link (market.services.organizations.producers makes one). Like 0007, on SQLite this
adds the column and a unique index without rebuilding the table.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0007_group_invite_code')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Organization',
            name='producer_invite_code',
            field=fields.CharField(null=True, unique=True, max_length=32),
        ),
    ]
