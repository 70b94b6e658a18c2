"""What the demo seed wrote and keeps alive: the rows it may move to today, and no others."""

from tortoise import fields
from tortoise.models import Model


class DemoRow(Model):
    """A row the demo seed created (an order round, a fair price), named by its table and id.

    `python -m market.cli seed-demo` moves these forward when they have gone stale (a round past its
    close, a fair price past its end), so a demo seeded weeks ago still shows a living network. Rows
    that people made are never listed here, so the seed never touches them.
    """

    id = fields.IntField(primary_key=True)
    table_name = fields.CharField(max_length=64)
    row_id = fields.IntField()

    class Meta:
        table = "demo_row"
        unique_together = (("table_name", "row_id"),)
