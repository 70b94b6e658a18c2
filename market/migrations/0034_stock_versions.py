"""A change of offers' stock or price alone empties only the cached answers that show them: `catalog_version.
stock_version`, the second number such changes raise, and `offer.stock_version`, the number at which each offer's last
changed (0 for every offer before), indexed for the caches' look at what changed since (market.services.catalog.version).

Added with ALTER TABLE ... ADD COLUMN on both engines.
"""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('market', '0033_entries_by_admins')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='CatalogVersion',
            options={'table': 'catalog_version', 'app': 'market', 'pk_attr': 'id', 'table_description': 'One row holding the numbers that writes changing search results or a product card raise.'},
        ),
        ops.AddField(
            model_name='CatalogVersion',
            name='stock_version',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Offer',
            name='stock_version',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        ops.AddIndex(
            model_name='Offer',
            index=Index(fields=['stock_version']),
        ),
    ]
