"""Lots: whose stock an offer holds.

- `lot`: a producer's share of an offer's stock (member_id), or the organization's own (member_id NULL, own_key
  the offer's id: one own lot per offer, as NULLs are distinct to a unique key), its stock (CHECK >= 0) and since
  when it holds stock (checkout takes from the oldest first);
- `lot_change`: each change of a lot's stock, who, before, after, why, the order line if any, when;
- `lot_take`: what an order line took from a lot, and when it was given back.

Every offer there before gets its organization's own lot holding the offer's stock, stocked since the offer's last
change, with one "migrated" change: offer.stock == the sum of its lots' stock from here on.

The CHECK constraints need their own AddConstraint (tortoise writes those of CreateModel's options but never makes
them), and on SQLite AddConstraint rebuilds the new tables without their unique keys and indexes (see 0005): they
are put back here, on SQLite only.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint

from market.enums import LotChangeReason

# (unique, table, columns) that a SQLite rebuild drops.
SQLITE_INDEXES = (
    (True, "lot", ("offer_id", "member_id")),
    (True, "lot", ("own_key",)),
    (False, "lot_change", ("lot_id", "at")),
    (False, "lot_take", ("order_line_id",)),
    (False, "lot_take", ("lot_id",)),
)


async def restore_sqlite_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "sqlite":
        return
    for unique, table, columns in SQLITE_INDEXES:
        await schema_editor.client.execute_script(
            f'CREATE {"UNIQUE " if unique else ""}INDEX IF NOT EXISTS '
            f'"{"uid" if unique else "idx"}_{table}_{"_".join(columns)}" ON "{table}" ({", ".join(columns)})'
        )


async def own_lot_per_offer(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "INSERT INTO lot (offer_id, member_id, own_key, stock, stocked_since) "
        "SELECT id, NULL, id, stock, updated_at FROM offer ORDER BY id"
    )
    await schema_editor.client.execute_script(
        "INSERT INTO lot_change (lot_id, by_person_id, before, after, reason, order_line_id, at) "
        "SELECT id, NULL, 0, stock, 'migrated', NULL, stocked_since FROM lot ORDER BY id"
    )


class Migration(migrations.Migration):
    dependencies = [('market', '0021_member_register')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Lot',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('offer', fields.ForeignKeyField('market.Offer', source_field='offer_id', db_constraint=True, to_field='id', related_name='lots', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('market.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='lots', on_delete=OnDelete.RESTRICT)),
                ('own_key', fields.IntField(null=True, unique=True)),
                ('stock', fields.DecimalField(default=0, max_digits=14, decimal_places=3)),
                ('stocked_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'lot', 'app': 'market', 'unique_together': (('offer_id', 'member_id'),), 'pk_attr': 'id', 'table_description': "A producer's share of an offer's stock, or the organization's own (member NULL: bought in, or pooled)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LotChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('lot', fields.ForeignKeyField('market.Lot', source_field='lot_id', db_constraint=True, to_field='id', related_name='changes', on_delete=OnDelete.CASCADE)),
                ('by_person', fields.ForeignKeyField('market.Person', source_field='by_person_id', null=True, db_constraint=True, to_field='id', related_name='lot_changes', on_delete=OnDelete.SET_NULL)),
                ('before', fields.DecimalField(max_digits=14, decimal_places=3)),
                ('after', fields.DecimalField(max_digits=14, decimal_places=3)),
                ('reason', fields.CharEnumField(description='POSTED: posted\nADDED: added\nTAKEN: taken\nSOLD: sold\nGIVEN_BACK: given_back\nMIGRATED: migrated', enum_type=LotChangeReason, max_length=16)),
                ('order_line', fields.ForeignKeyField('market.OrderLine', source_field='order_line_id', null=True, db_constraint=True, to_field='id', related_name='lot_changes', on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'lot_change', 'app': 'market', 'indexes': [Index(fields=['lot_id', 'at'])], 'pk_attr': 'id', 'table_description': "A change of a lot's stock: who, before, after, why, the order line if a sale's, when. Never updated."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LotTake',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order_line', fields.ForeignKeyField('market.OrderLine', source_field='order_line_id', db_constraint=True, to_field='id', related_name='lot_takes', on_delete=OnDelete.CASCADE)),
                ('lot', fields.ForeignKeyField('market.Lot', source_field='lot_id', db_constraint=True, to_field='id', related_name='takes', on_delete=OnDelete.RESTRICT)),
                ('quantity', fields.DecimalField(max_digits=14, decimal_places=3)),
                ('returned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'lot_take', 'app': 'market', 'indexes': [Index(fields=['order_line_id']), Index(fields=['lot_id'])], 'pk_attr': 'id', 'table_description': 'What an order line took from a lot, and when it was given back (once: the order cancelled or refused).'},
            bases=['Model'],
        ),
        ops.AddConstraint(
            model_name='Lot',
            constraint=CheckConstraint(check='CAST(stock AS NUMERIC) >= 0', name='lot_stock_not_negative'),
        ),
        ops.AddConstraint(
            model_name='LotTake',
            constraint=CheckConstraint(check='CAST(quantity AS NUMERIC) > 0', name='lot_take_quantity_positive'),
        ),
        ops.RunPython(restore_sqlite_indexes, ops.RunPython.noop),
        ops.RunPython(own_lot_per_offer, ops.RunPython.noop),
    ]
