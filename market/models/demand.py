"""What people looked for and did not find: the catalog searches a producer could answer."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class SearchChannel(StrEnum):
    BOT = "bot"
    WEB = "web"
    API = "api"


class SearchMiss(Model):
    """A search that found nothing, counted per place, normalized words and channel.

    A repeated search raises `count` instead of adding a row. The territory is where the person
    searching is, when known (their place in the bot, the territory filter on the web and API).
    """

    id = fields.IntField(primary_key=True)
    territory = fields.ForeignKeyField(
        "market.Territory", related_name="search_misses", null=True, on_delete=fields.CASCADE
    )
    # market.text.search_key of the words: "Quinua  Roja" and "quinua roja" are one miss.
    search_key = fields.CharField(max_length=160)
    # The words as first typed (trimmed), to show them as people write them.
    text = fields.CharField(max_length=160)
    channel = fields.CharEnumField(SearchChannel, max_length=8)
    count = fields.IntField(default=1)
    last_at = fields.DatetimeField()

    class Meta:
        table = "search_miss"
        unique_together = (("territory_id", "search_key", "channel"),)
        indexes = (("last_at",),)
