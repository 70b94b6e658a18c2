"""What each family is owed.

- `organization.margin_rate`: the share of each sale the organization keeps for its costs (0 to 0.30), 0 by
  default, in the database too;
- `order_line.margin_amount`: that margin on a line, at the rate when it was ordered, 0 for the lines before;
- `ledger_entry.producer_id`: on the new "producer" account, the producer member an organization paid.

Columns added with ALTER TABLE ... ADD COLUMN on both engines (the NOT NULL ones with their database default). The
AlterFields only add "producer" and "producer_payment" to the ledger's descriptions, but tortoise-orm 1.1.9 rebuilds
the SQLite table for them and the copy loses its unique key and indexes (see 0005): they are put back here.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from market.enums import LedgerAccount, LedgerKind

# (unique, columns) of ledger_entry that a SQLite rebuild drops.
SQLITE_INDEXES = (
    (True, ("idempotency_key",)),
    (False, ("group_id", "created_at")),
    (False, ("member_id",)),
    (False, ("organization_id", "account")),
)


async def restore_sqlite_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "sqlite":
        return
    for unique, columns in SQLITE_INDEXES:
        await schema_editor.client.execute_script(
            f'CREATE {"UNIQUE " if unique else ""}INDEX IF NOT EXISTS '
            f'"{"uid" if unique else "idx"}_ledger_entry_{"_".join(columns)}" ON "ledger_entry" ({", ".join(columns)})'
        )


class Migration(migrations.Migration):
    dependencies = [('market', '0023_offer_content')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='LedgerEntry',
            name='account',
            field=fields.CharEnumField(description='MEMBER: member\nSOLIDARITY_FUND: solidarity_fund\nGROUP: group\nORGANIZATION: organization\nPRODUCER: producer', enum_type=LedgerAccount, max_length=16),
        ),
        ops.AlterField(
            model_name='LedgerEntry',
            name='kind',
            field=fields.CharEnumField(description='CHARGE: charge\nPAYMENT: payment\nFUND_CONTRIBUTION: fund_contribution\nREFUND: refund\nCORRECTION: correction\nPRODUCER_PAYMENT: producer_payment', enum_type=LedgerKind, max_length=20),
        ),
        ops.AddField(
            model_name='Organization',
            name='margin_rate',
            field=fields.DecimalField(default=0, db_default=0, max_digits=6, decimal_places=4),
        ),
        ops.AddField(
            model_name='OrderLine',
            name='margin_amount',
            field=fields.DecimalField(default=0, db_default=0, max_digits=14, decimal_places=2),
        ),
        ops.AddField(
            model_name='LedgerEntry',
            name='producer',
            field=fields.ForeignKeyField('market.Member', source_field='producer_id', null=True, db_constraint=True, to_field='id', related_name='ledger_entries', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunPython(restore_sqlite_indexes, ops.RunPython.noop),
    ]
