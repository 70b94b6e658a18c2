"""Territories from real lists, proposed communities, and what a registration in the chat records.

- `territory.iso_code`: the ISO 3166 code of a country or first-level subdivision (BO, BO-S), the row
  pycountry's place lands on; the demo's rows get theirs here (bo→BO, bo-scz→BO-S, ...), so choosing
  Bolivia › Santa Cruz lands on the demo's Santa Cruz;
- `territory.status` (approved by default, in the database too: every row there before is approved) and
  `territory.proposed_by`: a community a person proposed waits for an operator;
- `organization.logo_file_id`: the Telegram file_id of the logo a registrant sent;
- `pickup_point`: an organization's pickup points, in order; each organization's existing text becomes its
  first point (organization.pickup_point keeps the first one's text).

Columns are added with AddField; tests/market/test_migrations.py checks that no index or unique constraint is
lost on either engine (see 0005).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import TerritoryStatus

# The demo's codes and the ISO 3166 codes of the same places.
DEMO_ISO_CODES = {"bo": "BO", "bo-scz": "BO-S", "bo-lpz": "BO-L", "bo-pts": "BO-P", "mx": "MX", "mx-oax": "MX-OAX",
                  "br": "BR", "br-rs": "BR-RS"}


async def give_codes_and_points(apps, schema_editor) -> None:
    client = schema_editor.client
    for code, iso_code in DEMO_ISO_CODES.items():
        await client.execute_script(f"UPDATE territory SET iso_code = '{iso_code}' WHERE code = '{code}'")
    await client.execute_script(
        "INSERT INTO pickup_point (organization_id, position, text) "
        "SELECT id, 1, pickup_point FROM organization WHERE pickup_point <> ''")


class Migration(migrations.Migration):
    dependencies = [('market', '0016_board')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Territory',
            name='iso_code',
            field=fields.CharField(null=True, unique=True, max_length=8),
        ),
        ops.AddField(
            model_name='Territory',
            name='status',
            field=fields.CharEnumField(default=TerritoryStatus.APPROVED, db_default=TerritoryStatus.APPROVED,
                                       description='PENDING: pending\nAPPROVED: approved\nREFUSED: refused',
                                       enum_type=TerritoryStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Territory',
            name='proposed_by',
            field=fields.ForeignKeyField('market.Person', source_field='proposed_by_id', null=True,
                                         db_constraint=True, to_field='id', related_name='territories_proposed',
                                         on_delete=OnDelete.SET_NULL),
        ),
        ops.AddIndex(model_name='Territory', index=Index(fields=['status'])),
        ops.AddField(
            model_name='Organization',
            name='logo_file_id',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.CreateModel(
            name='PickupPoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id',
                                                        db_constraint=True, to_field='id',
                                                        related_name='pickup_points', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField()),
                ('text', fields.TextField()),
            ],
            options={'table': 'pickup_point', 'app': 'market', 'unique_together': (('organization_id', 'position'),),
                     'pk_attr': 'id', 'table_description': (
                         "One of the places where consumers collect an organization's direct orders, in the "
                         "order it lists them.")},
            bases=['Model'],
        ),
        ops.RunPython(give_codes_and_points, ops.RunPython.noop),
    ]
