"""Money people can follow: ways to pay, payment proofs, receipts, the solidarity fund's uses, one price rule.

- `payment_method`: an organization's or a purchasing group's ways to pay (cash, transfer, Pix, a bank's QR);
- `payment_proof`: a buyer's "Ya pagué" with the transfer's photo, confirmed or rejected by the payee;
- `receipt`: a receipt issued for a payment, its verification code and its content as issued;
- `fund_use`, `fund_installment`: grants, investments and rotating loans from a solidarity fund, and what a loan
  is to repay by when;
- `ledger_entry.fund_use_id`, and the account BUYER and the kinds FUND_USE, LOAN_REPAYMENT, REFUND_OWED;
- `order.payment_method_id`: how the buyer chose to pay at checkout;
- `round_offer.fund_inside`: a round's member price is the offer's own price with the fund's share inside (True for
  every round opened from now on); the rounds there before keep the share on top (False, the column's default),
  so their bills and ledger stay as they were.

tortoise-orm 1.1.9 rebuilds the SQLite table `ledger_entry` for the AlterFields of `account` and `kind` (their
descriptions gain the new values), and the copy loses its unique keys and indexes (see 0005): they are put back
here, on SQLite only.
"""

import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint

from market.enums import FundUseKind, LedgerAccount, LedgerKind, PaymentMethodKind, ProofStatus, ReceiptKind

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
    dependencies = [('market', '0030_fair_ends')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FundUse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='fund_uses', on_delete=OnDelete.RESTRICT)),
                ('group', fields.ForeignKeyField('market.PurchasingGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='fund_uses', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='GRANT: grant\nINVESTMENT: investment\nLOAN: loan', enum_type=FundUseKind, max_length=12)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('purpose', fields.CharField(max_length=200)),
                ('decided_on', fields.DateField()),
                ('decision', fields.CharField(default='', max_length=200)),
                ('borrower', fields.ForeignKeyField('market.Member', source_field='borrower_id', null=True, db_constraint=True, to_field='id', related_name='fund_loans', on_delete=OnDelete.RESTRICT)),
                ('group_borrower', fields.ForeignKeyField('market.GroupMember', source_field='group_borrower_id', null=True, db_constraint=True, to_field='id', related_name='fund_loans', on_delete=OnDelete.RESTRICT)),
                ('recorded_by', fields.ForeignKeyField('market.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='fund_uses_recorded', on_delete=OnDelete.SET_NULL)),
                ('idempotency_key', fields.CharField(null=True, unique=True, max_length=96)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'fund_use', 'app': 'market', 'constraints': [CheckConstraint(check='(organization_id IS NULL) <> (group_id IS NULL)', name='fund_use_one_fund'), CheckConstraint(check='CAST(amount AS NUMERIC) > 0', name='fund_use_amount_positive')], 'indexes': [Index(fields=['organization_id', 'decided_on']), Index(fields=['group_id', 'decided_on'])], 'pk_attr': 'id', 'table_description': "Money taken from one organization's or one group's solidarity fund, by an assembly's decision."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FundInstallment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('use', fields.ForeignKeyField('market.FundUse', source_field='use_id', db_constraint=True, to_field='id', related_name='installments', on_delete=OnDelete.CASCADE)),
                ('due_on', fields.DateField()),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
            ],
            options={'table': 'fund_installment', 'app': 'market', 'unique_together': (('use_id', 'due_on'),), 'constraints': [CheckConstraint(check='CAST(amount AS NUMERIC) > 0', name='fund_installment_amount_positive')], 'pk_attr': 'id', 'table_description': "What a loan's borrower is to pay back by a date (repayments count against installments oldest first)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PaymentMethod',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='payment_methods', on_delete=OnDelete.RESTRICT)),
                ('group', fields.ForeignKeyField('market.PurchasingGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='payment_methods', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='CASH_PICKUP: cash_pickup\nCASH_DELIVERY: cash_delivery\nTRANSFER: transfer\nPIX: pix\nBANK_QR: bank_qr', enum_type=PaymentMethodKind, max_length=16)),
                ('bank', fields.CharField(default='', max_length=80)),
                ('account_number', fields.CharField(default='', max_length=40)),
                ('holder', fields.CharField(default='', max_length=80)),
                ('pix_key', fields.CharField(default='', max_length=77)),
                ('city', fields.CharField(default='', max_length=40)),
                ('qr_file_id', fields.CharField(default='', max_length=255)),
                ('note', fields.CharField(default='', max_length=200)),
                ('active', fields.BooleanField(default=True)),
                ('position', fields.SmallIntField(default=0)),
                ('created_by', fields.ForeignKeyField('market.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='payment_methods_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payment_method', 'app': 'market', 'constraints': [CheckConstraint(check='(organization_id IS NULL) <> (group_id IS NULL)', name='payment_method_one_payee')], 'indexes': [Index(fields=['organization_id', 'active']), Index(fields=['group_id', 'active'])], 'pk_attr': 'id', 'table_description': 'A way to pay one organization or one purchasing group (never both), set by its admins or coordinators.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PaymentProof',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('payer', fields.ForeignKeyField('market.Person', source_field='payer_id', db_constraint=True, to_field='id', related_name='payment_proofs', on_delete=OnDelete.RESTRICT)),
                ('order', fields.ForeignKeyField('market.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='payment_proofs', on_delete=OnDelete.RESTRICT)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='payment_proofs', on_delete=OnDelete.RESTRICT)),
                ('group', fields.ForeignKeyField('market.PurchasingGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='payment_proofs', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('market.GroupMember', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='payment_proofs', on_delete=OnDelete.RESTRICT)),
                ('round', fields.ForeignKeyField('market.OrderRound', source_field='round_id', null=True, db_constraint=True, to_field='id', related_name='payment_proofs', on_delete=OnDelete.RESTRICT)),
                ('method', fields.ForeignKeyField('market.PaymentMethod', source_field='method_id', null=True, db_constraint=True, to_field='id', related_name='proofs', on_delete=OnDelete.SET_NULL)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('photo_file_id', fields.CharField(default='', max_length=255)),
                ('photo_unique_id', fields.CharField(default='', max_length=64)),
                ('source_key', fields.CharField(unique=True, max_length=96)),
                ('status', fields.CharEnumField(default=ProofStatus.PENDING, description='PENDING: pending\nCONFIRMED: confirmed\nREJECTED: rejected', enum_type=ProofStatus, max_length=12)),
                ('reason', fields.TextField(default='', unique=False)),
                ('decided_by', fields.ForeignKeyField('market.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='payment_proofs_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('payment', fields.ForeignKeyField('market.LedgerEntry', source_field='payment_id', null=True, db_constraint=True, to_field='id', related_name='proofs', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payment_proof', 'app': 'market', 'constraints': [CheckConstraint(check='CAST(amount AS NUMERIC) > 0', name='payment_proof_amount_positive')], 'indexes': [Index(fields=['order_id']), Index(fields=['organization_id', 'status']), Index(fields=['group_id', 'status']), Index(fields=['payer_id'])], 'pk_attr': 'id', 'table_description': 'A buyer\'s "I paid" (Ya pagué), perhaps with a photo of the transfer, for an order or a round account.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Receipt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=16)),
                ('kind', fields.CharEnumField(description='ORDER: order\nROUND_ACCOUNT: round_account', enum_type=ReceiptKind, max_length=16)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('group', fields.ForeignKeyField('market.PurchasingGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('order', fields.ForeignKeyField('market.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('round', fields.ForeignKeyField('market.OrderRound', source_field='round_id', null=True, db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('market.GroupMember', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('payment', fields.ForeignKeyField('market.LedgerEntry', source_field='payment_id', null=True, db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
                ('total', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('content', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('idempotency_key', fields.CharField(unique=True, max_length=96)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'receipt', 'app': 'market', 'indexes': [Index(fields=['person_id', 'issued_at']), Index(fields=['order_id']), Index(fields=['round_id', 'member_id'])], 'pk_attr': 'id', 'table_description': 'A receipt (recibo) issued for a payment: its verification code and what it said, kept as issued.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='LedgerEntry',
            name='account',
            field=fields.CharEnumField(description='MEMBER: member\nSOLIDARITY_FUND: solidarity_fund\nGROUP: group\nORGANIZATION: organization\nPRODUCER: producer\nBUYER: buyer', enum_type=LedgerAccount, max_length=16),
        ),
        ops.AlterField(
            model_name='LedgerEntry',
            name='kind',
            field=fields.CharEnumField(description='CHARGE: charge\nPAYMENT: payment\nFUND_CONTRIBUTION: fund_contribution\nREFUND: refund\nCORRECTION: correction\nPRODUCER_PAYMENT: producer_payment\nFUND_USE: fund_use\nLOAN_REPAYMENT: loan_repayment\nREFUND_OWED: refund_owed', enum_type=LedgerKind, max_length=20),
        ),
        ops.AddField(
            model_name='LedgerEntry',
            name='fund_use',
            field=fields.ForeignKeyField('market.FundUse', source_field='fund_use_id', null=True, db_constraint=True, to_field='id', related_name='ledger_entries', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Order',
            name='payment_method',
            field=fields.ForeignKeyField('market.PaymentMethod', source_field='payment_method_id', null=True, db_constraint=True, to_field='id', related_name='orders', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='RoundOffer',
            name='fund_inside',
            field=fields.BooleanField(default=True, db_default=False),
        ),
        ops.RunPython(restore_sqlite_indexes, ops.RunPython.noop),
    ]
