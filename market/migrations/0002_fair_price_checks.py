from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint


class Migration(migrations.Migration):
    dependencies = [('market', '0001_initial')]

    initial = False

    operations = [
        ops.AddConstraint(
            model_name='FairPrice',
            constraint=CheckConstraint(check='organization_id IS NOT NULL OR network_id IS NOT NULL', name='fair_price_has_a_declarer'),
        ),
        ops.AddConstraint(
            model_name='FairPrice',
            constraint=CheckConstraint(check='ABS(CAST(price AS NUMERIC) - CAST(producer_share AS NUMERIC) - CAST(transport AS NUMERIC) - CAST(solidarity_fund AS NUMERIC) - CAST(other_costs AS NUMERIC)) < 0.005', name='fair_price_breakdown_adds_up'),
        ),
    ]
