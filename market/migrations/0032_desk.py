from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0031_money')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=12)),
                ('browser_digest', fields.CharField(max_length=64)),
                ('browser', fields.CharField(max_length=16)),
                ('system', fields.CharField(max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='login_codes', on_delete=OnDelete.CASCADE)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('refused_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_code', 'app': 'market', 'pk_attr': 'id', 'table_description': "A browser's request to sign in, answered in the bot by the person who opens its link or types its code."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('digest', fields.CharField(unique=True, max_length=64)),
                ('person', fields.ForeignKeyField('market.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='web_sessions', on_delete=OnDelete.CASCADE)),
                ('browser', fields.CharField(max_length=16)),
                ('system', fields.CharField(max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'web_session', 'app': 'market', 'indexes': [Index(fields=['person_id', 'revoked_at'])], 'pk_attr': 'id', 'table_description': 'A browser signed in to the desk as a person, for 30 days unless they sign it out from the bot or the desk.'},
            bases=['Model'],
        ),
    ]
