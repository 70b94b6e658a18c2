"""What people looked for and did not find: the catalog searches a producer could answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import SearchChannel
from market.models.base import created_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.places import Person, Territory


class SearchMiss(Model):
    """One searcher's search that found nothing: once a day per place and product words.

    Only the normalized product words are kept (market.rules.demand.product_key), never what was
    typed. The searcher is a person of the bot ("person:<id>", and `person` is set so that forgetting
    them removes their searches) or, on the web and the API, a digest of the client's address. A
    producer's board counts searchers, not searches: one client repeating a line, on one day or on
    many, counts once.
    Rows are purged after SEARCH_MISS_RETENTION_DAYS (market.services.people.profile.profile.profile.retention).
    """

    id = fields.IntField(primary_key=True)
    territory: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="search_misses", null=True, on_delete=fields.CASCADE
    )
    territory_id: int | None
    search_key = fields.CharField(max_length=40)
    channel = fields.CharEnumField(SearchChannel, max_length=8)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="search_misses", null=True, on_delete=fields.CASCADE
    )
    person_id: int | None
    searcher = fields.CharField(max_length=40)
    day = fields.DateField()

    class Meta:
        table = "search_miss"
        unique_together = (("territory_id", "search_key", "searcher", "day"),)
        indexes = (("day",), ("person_id",))


class SearchSynonym(Model):
    """A word a network's people use for a product, beside the one the catalog names it by (quinoa for quinua).

    Extends the synonyms every network starts from (market.rules.matching.SYNONYMS); both words are kept as
    search keys, accents and capitals aside.
    """

    id = fields.IntField(primary_key=True)
    language = fields.CharField(max_length=8)
    word = fields.CharField(max_length=40)
    synonym = fields.CharField(max_length=40)
    created_at = created_at()

    class Meta:
        table = "search_synonym"
        unique_together = (("language", "word", "synonym"),)
