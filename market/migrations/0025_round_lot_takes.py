"""Whose product a round sold.

- `round_lot_take`: what a round's close took from a lot for one of its offers (CHECK quantity > 0);
- `lot_change.round_offer_id`: the round offer a "sold" change was for (an order line's sale names its line);
- `round_offer.margin_rate`: the organization's margin on what the round sells, frozen when the round opened like
  its price, 0 for the rounds before (and by default in the database).

Rounds closed before took no stock, and keep none: their sales stay out of the statements.

As in 0022, the CHECK constraint needs its own AddConstraint, which on SQLite rebuilds the new table without its
indexes: they are put back here, on SQLite only.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint

SQLITE_INDEXES = (("round_offer_id",), ("lot_id",))


async def restore_sqlite_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "sqlite":
        return
    for columns in SQLITE_INDEXES:
        await schema_editor.client.execute_script(
            f'CREATE INDEX IF NOT EXISTS "idx_round_lot_take_{"_".join(columns)}" ON "round_lot_take" '
            f'({", ".join(columns)})'
        )


class Migration(migrations.Migration):
    dependencies = [('market', '0024_statements')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RoundLotTake',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('round_offer', fields.ForeignKeyField('market.RoundOffer', source_field='round_offer_id', db_constraint=True, to_field='id', related_name='lot_takes', on_delete=OnDelete.CASCADE)),
                ('lot', fields.ForeignKeyField('market.Lot', source_field='lot_id', db_constraint=True, to_field='id', related_name='round_takes', on_delete=OnDelete.RESTRICT)),
                ('quantity', fields.DecimalField(max_digits=14, decimal_places=3)),
            ],
            options={'table': 'round_lot_take', 'app': 'market', 'indexes': [Index(fields=['round_offer_id']), Index(fields=['lot_id'])], 'pk_attr': 'id', 'table_description': "What a round's closing took from a lot for one of its offers (market.services.lots.sales.take_for_round)."},
            bases=['Model'],
        ),
        ops.AddConstraint(
            model_name='RoundLotTake',
            constraint=CheckConstraint(check='CAST(quantity AS NUMERIC) > 0', name='round_lot_take_quantity_positive'),
        ),
        ops.AddField(
            model_name='LotChange',
            name='round_offer',
            field=fields.ForeignKeyField('market.RoundOffer', source_field='round_offer_id', null=True, db_constraint=True, to_field='id', related_name='lot_changes', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='RoundOffer',
            name='margin_rate',
            field=fields.DecimalField(default=0, db_default=0, max_digits=6, decimal_places=4),
        ),
        ops.RunPython(restore_sqlite_indexes, ops.RunPython.noop),
    ]
