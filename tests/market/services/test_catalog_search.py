"""One search for every door: a page of products, a stale cursor started over, words that found nothing counted."""

from __future__ import annotations

import pytest

from market.errors import Invalid
from market.models import Product, SearchMiss
from market.services.catalog.products import ProductQuery
from market.services.catalog.search import search_catalog
from tests.market.services.catalog_fixtures import bolivia, organization, product


@pytest.fixture
async def world(db):
    """Comarapa sells three kinds of tomato and a lettuce."""
    places = await bolivia()
    comarapa = await organization("comarapa", places["bo-scz-comarapa"])
    for name in ("Tomate", "Tomate cherry", "Tomate de árbol", "Lechuga"):
        await product(comarapa, name)
    return places


async def misses() -> list[tuple[str, str, str | None]]:
    return await SearchMiss.all().order_by("id").values_list("search_key", "channel", "territory__code")


async def test_words_that_find_products_answer_a_page_and_count_no_miss(world):
    found = await search_catalog(ProductQuery(text="tomate", limit=2), "web", client="10.0.0.1")

    assert [item.name for item in found.page.items] == ["Tomate", "Tomate cherry"]
    assert found.page.next_after is not None and not found.restarted
    assert await misses() == []


async def test_words_that_find_nothing_are_counted_once_for_the_place_searched(world):
    query = ProductQuery(text="quinua roja", territory="bo-scz")

    found = await search_catalog(query, "api", client="10.0.0.1")
    await search_catalog(query, "api", client="10.0.0.1")

    assert found.page.items == ()
    assert await misses() == [("quinua roja", "api", "bo-scz")]


async def test_a_page_turned_or_a_list_without_words_counts_no_miss(world):
    await search_catalog(ProductQuery(text="quinua"), "bot", client="10.0.0.1", count_miss=False)
    await search_catalog(ProductQuery(category="grains"), "bot", client="10.0.0.1")

    assert await misses() == []


async def test_a_cursor_whose_product_is_gone_starts_again_at_the_first_page(world):
    first = await search_catalog(ProductQuery(text="tomate", limit=1), "web")
    await Product.filter(id=first.page.next_after).delete()  # Tomate, the cursor of the next page

    again = await search_catalog(ProductQuery(text="tomate", limit=1, after=first.page.next_after), "web")

    assert again.restarted
    assert [item.name for item in again.page.items] == ["Tomate cherry"]


async def test_a_door_that_tells_its_client_gets_the_stale_cursor_refused(world):
    with pytest.raises(Invalid) as refused:
        await search_catalog(ProductQuery(text="tomate", before=999_999), "api", restart_stale_cursor=False)

    assert refused.value.params["parameter"] == "before"


async def test_two_cursors_at_once_are_refused_not_started_over(world):
    with pytest.raises(Invalid) as refused:
        await search_catalog(ProductQuery(text="tomate", after=1, before=2), "web")

    assert refused.value.params["reason"] == "after_and_before"
