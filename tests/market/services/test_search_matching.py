"""Search people can use: plurals, synonyms, a sentence, one typo, the nearest first, and what to try instead."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

from market.enums import TerritoryLevel
from market.errors import Invalid
from market.models import Product, SearchMiss, Territory
from market.services.catalog.matching import ELSEWHERE, add_synonym, list_synonyms
from market.services.catalog.products import ProductQuery
from market.services.catalog.search import search_catalog
from tests.market.services.catalog_fixtures import bolivia, organization, product


async def abroad(code: str, country: str, currency: str, zone: str, name: str) -> Territory:
    return await Territory.create(code=code, name=name, level=TerritoryLevel.COUNTRY, country_code=country,
                                  currency=currency, time_zone=zone)


@pytest.fixture
async def world(db):
    """Irupana (La Paz) and Comarapa (Santa Cruz) in Bolivia, a cooperative in Brazil and one in Mexico."""
    places = await bolivia()
    irupana = await organization("irupana", places["bo-lpz-irupana"])
    comarapa = await organization("comarapa", places["bo-scz-comarapa"])
    serra = await organization("serra", await abroad("br", "BR", "BRL", "America/Sao_Paulo", "Brasil"))
    oaxaca = await organization("oaxaca", await abroad("mx", "MX", "MXN", "America/Mexico_City", "México"))
    for seller, name in ((oaxaca, "Café"), (serra, "Tomate"), (serra, "Queijo colonial"), (comarapa, "Tomate"),
                         (comarapa, "Naranja"), (irupana, "Café"), (irupana, "Papa"), (irupana, "Quinua real")):
        await product(seller, name)
    return places


async def names(text: str, **query) -> list[str]:
    found = await search_catalog(ProductQuery(text=text, **query), "web", client="10.0.0.1")
    return [f"{item.name} · {item.organization_slug}" for item in found.page.items]


@pytest.mark.parametrize("typed, found", [
    ("tomates", ["Tomate · comarapa", "Tomate · serra"]),
    ("papas", ["Papa · irupana"]),
    ("NARANJAS", ["Naranja · comarapa"]),
    ("quinoa", ["Quinua real · irupana"]),
    ("quiero 2 kg de quinua", ["Quinua real · irupana"]),
    ("queijos", ["Queijo colonial · serra"]),
])
async def test_plurals_synonyms_and_a_sentence_find_the_product(world, typed, found):
    assert sorted(await names(typed)) == found


async def test_a_plural_does_not_find_a_longer_word_that_shares_its_stem(world):
    await product(await organization("valle", world["bo-scz"]), "Papaya")

    assert await names("papas") == ["Papa · irupana"]


async def test_one_typo_finds_the_product_and_says_which_word_was_searched(world):
    found = await search_catalog(ProductQuery(text="naranaj"), "bot", person_id=None)

    assert found.corrected == "naranja"
    assert [item.name for item in found.page.items] == ["Naranja"]
    assert await SearchMiss.all().count() == 0


async def test_words_that_find_nothing_come_with_the_nearest_names_and_are_counted(world):
    found = await search_catalog(ProductQuery(text="quinua roja negra"), "web", client="10.0.0.1")

    assert found.page.items == ()
    assert "Quinua real" in found.suggestions
    assert await SearchMiss.all().count() == 1


async def test_a_person_in_la_paz_sees_bolivian_offers_first_and_others_marked_elsewhere(world):
    found = await search_catalog(ProductQuery(text="cafe", near="bo-lpz-irupana"), "bot")

    page = found.page
    assert [(i.organization_slug, i.nearness) for i in page.items] == [("irupana", 1), ("oaxaca", ELSEWHERE)]
    assert page.near_country == "BO"


async def test_the_nearest_come_first_across_pages(world):
    await product(await organization("achacachi", world["bo-lpz"]), "Tomate")
    near = "bo-lpz-irupana"

    first = await search_catalog(ProductQuery(text="tomate", near=near, limit=2), "bot")
    second = await search_catalog(ProductQuery(text="tomate", near=near, limit=2, after=first.page.next_after), "bot")
    back = await search_catalog(ProductQuery(text="tomate", near=near, limit=2, before=second.page.previous_before),
                                "bot")

    assert [i.organization_slug for i in first.page.items] == ["achacachi", "comarapa"]
    assert [i.organization_slug for i in second.page.items] == ["serra"]
    assert second.page.next_after is None
    assert [i.organization_slug for i in back.page.items] == ["achacachi", "comarapa"]


async def test_a_synonym_an_operator_adds_finds_the_product(world):
    assert await names("kinwa") == []

    assert await add_synonym("es", "Quinua", "kinwa")
    assert not await add_synonym("es", "kinwa", "quinua")  # known already

    assert await names("kinwa") == ["Quinua real · irupana"]
    assert await list_synonyms() == (("es", "quinua", "kinwa"),)


async def test_a_synonym_must_be_one_word_of_a_language_the_search_knows(world):
    with pytest.raises(Invalid):
        await add_synonym("fr", "quinua", "kinwa")
    with pytest.raises(Invalid):
        await add_synonym("es", "quinua", "quinua de altura")


async def test_a_product_renamed_is_found_by_its_new_name(world):
    papa = await Product.get(name="Papa")
    papa.name = "Oca"
    await papa.save(update_fields=["name"])

    assert await names("ocas") == ["Oca · irupana"]


async def test_the_migration_fills_the_match_key_of_the_products_stored_before_it(world):
    fill = importlib.import_module("market.migrations.0027_search_keys").fill_match_keys
    await Product.all().update(match_key="")
    before = await search_catalog(ProductQuery(text="tomates"), "web")

    await fill(None, SimpleNamespace(client=Product._meta.db))

    after = await search_catalog(ProductQuery(text="tomates"), "web")
    assert before.corrected == "tomate"  # found only through the typo's correction
    assert after.corrected is None and len(after.page.items) == 2
    assert await Product.get(name="Queijo colonial").values_list("match_key", flat=True) == " colonial queij queijo "
