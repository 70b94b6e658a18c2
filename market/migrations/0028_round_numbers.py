"""Rounds numbered per group, and the day a group usually picks up.

- `order_round.number`: the round's number in its group (1 for a group's first), so that a group's second
  round is "#2" whatever other groups did; the rounds there before are numbered per group in the order they
  were opened (by id);
- `purchasing_group.pickup_weekday`: the weekday (0 Monday … 6 Sunday) its members usually pick up on, learnt
  from the day a coordinator chose for the group's last round; none until one is chosen.

Columns added with ALTER TABLE ... ADD COLUMN on both engines: no SQLite table is rebuilt, so no index or check
constraint is lost (see 0005).
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


async def number_existing_rounds(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "UPDATE order_round SET number = (SELECT COUNT(*) FROM order_round AS earlier "
        "WHERE earlier.group_id = order_round.group_id AND earlier.id <= order_round.id)"
    )


class Migration(migrations.Migration):
    dependencies = [('market', '0027_search_keys')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OrderRound',
            name='number',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='PurchasingGroup',
            name='pickup_weekday',
            field=fields.SmallIntField(null=True),
        ),
        ops.RunPython(number_existing_rounds, ops.RunPython.noop),
    ]
