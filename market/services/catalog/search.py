"""Searching the catalog from any door (bot, web page, API): one page, a stale cursor started over, a typo put
right, a miss counted.

    search_catalog(query, channel) ──▶ search_products ──(a cursor's product is gone)──▶ the first page
                                              ├──(nothing; a word one typo from the catalog's)──▶ the corrected search
                                              └──(words that found nothing)──▶ suggestions, record_search_miss

| the search                                         | answer                    | counted as a miss |
|----------------------------------------------------|---------------------------|-------------------|
| words that find products                           | the page                  | no                |
| a typo of a catalog word ("tomatr")                | the page for "tomate"     | no                |
| words that find nothing                            | an empty page, suggestions| yes (count_miss)  |
| no words (a category, an organization) and nothing | an empty page             | no                |
| a cursor whose product is gone                     | the first page, restarted | if it is empty    |
| the same, restart_stale_cursor=False (the API)     | Invalid(after / before)   | no                |
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from market import clock
from market.enums import SearchChannel
from market.errors import Invalid
from market.services.catalog.demand import record_search_miss
from market.services.catalog.matching import correction, suggestions
from market.services.catalog.products import ProductPage, ProductQuery, search_products

CURSORS = ("after", "before")


@dataclass(frozen=True)
class CatalogSearch:
    """The page a door shows for a search."""

    page: ProductPage
    # The asked cursor's product was gone (sold out, withdrawn): `page` is the first page instead.
    restarted: bool = False
    # The words searched instead of a typo ("tomate" for "tomatr"): the page is theirs ("Did you mean …?").
    corrected: str | None = None
    # Nothing found: the catalog's names nearest to what was typed, to search instead.
    suggestions: tuple[str, ...] = ()


async def search_catalog(
    query: ProductQuery, channel: SearchChannel | str, *, person_id: int | None = None, client: str | None = None,
    restart_stale_cursor: bool = True, count_miss: bool = True,
) -> CatalogSearch:
    """One page of products for `query`; words that found nothing are counted for the demand board.

    The searcher is `person_id` (the bot) or `client` (a web client's address); the place of a miss is
    the query's territory, else the person's. `count_miss=False` for a page turned of a search already
    counted when it was typed. `restart_stale_cursor=False` lets a stale cursor's Invalid through, for
    a door that tells its client rather than starting over.
    """
    try:
        page, restarted = await search_products(query, today=clock.today()), False
    except Invalid as error:
        if not (restart_stale_cursor and _stale_cursor(error)):
            raise
        first = dataclasses.replace(query, after=None, before=None)
        page, restarted = await search_products(first, today=clock.today()), True
    if not query.text or page.items:
        return CatalogSearch(page, restarted)
    corrected = await correction(query.text)
    if corrected is not None:
        again = await search_products(dataclasses.replace(query, text=corrected), today=clock.today())
        if again.items:
            return CatalogSearch(again, restarted, corrected=corrected)
    if count_miss:  # found nothing: producers nearby may grow it
        await record_search_miss(query.text, channel=channel, territory_code=query.territory, person_id=person_id,
                                 client=client)
    return CatalogSearch(page, restarted, suggestions=await suggestions(query.text))


def _stale_cursor(error: Invalid) -> bool:
    """A cursor naming no product (not a cursor given twice, which is the asker's mistake)."""
    return error.params.get("parameter") in CURSORS and "reason" not in error.params
