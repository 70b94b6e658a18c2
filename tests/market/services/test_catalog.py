"""Browsing the catalog: categories and regions with their product counts, and the home page overview."""

import pytest
from tortoise.transactions import in_transaction

from market.demo.seed import seed_demo
from market.enums import LegalForm, OfferStatus
from market.services.catalog.browse import (
    CategorySummary,
    RegionSummary,
    get_catalog_overview,
    list_categories,
    list_regions,
)
from tests.market.services.catalog_fixtures import TODAY, bolivia, category, organization, product


@pytest.fixture
async def world(db):
    """Santa Cruz sells vegetables and coffee (some out of stock), La Paz sells grains; nobody sells crafts."""
    async with in_transaction():  # one commit, not one per row
        places = await bolivia()
        for code, position in [("vegetables", 0), ("grains", 2), ("coffee_cocoa", 1), ("crafts", 3)]:
            await category(code, position)
        amboro = await organization("amboro", places["bo-scz-comarapa-pulquina"])
        comarapa = await organization("comarapa", places["bo-scz-comarapa"], legal_form=LegalForm.OECA)
        irupana = await organization("irupana", places["bo-lpz-irupana"])
        await product(amboro, "Café", category_code="coffee_cocoa")
        await product(amboro, "Cacao", category_code="coffee_cocoa", stock="0")
        await product(comarapa, "Tomate")
        await product(comarapa, "Papa", stock=None)
        await product(comarapa, "Haba", offer_status=OfferStatus.WITHDRAWN)
        await product(comarapa, "Arveja", active=False)
        await product(irupana, "Quinua", category_code="grains")
        return places


async def test_categories_count_products_in_stock_in_the_catalogs_order_leaving_out_empty_ones(world):
    assert await list_categories() == (
        CategorySummary("vegetables", 1), CategorySummary("coffee_cocoa", 1), CategorySummary("grains", 1)
    )


async def test_categories_can_count_every_active_product_in_stock_or_not(world):
    assert await list_categories(in_stock_only=False) == (
        CategorySummary("vegetables", 3), CategorySummary("coffee_cocoa", 2), CategorySummary("grains", 1)
    )


@pytest.mark.parametrize("territory, expected", [
    ("bo-scz", (CategorySummary("vegetables", 3), CategorySummary("coffee_cocoa", 2))),
    ("bo-scz-comarapa-pulquina", (CategorySummary("coffee_cocoa", 2),)),
    ("bo-lpz", (CategorySummary("grains", 1),)),
    ("nowhere", ()),
])
async def test_categories_of_a_territory_count_the_places_below_it(world, territory, expected):
    assert await list_categories(territory=territory, in_stock_only=False) == expected


async def test_regions_count_the_products_of_their_municipalities_and_communities(world):
    assert await list_regions() == (
        RegionSummary("bo-lpz", "La Paz", "BO", 1), RegionSummary("bo-scz", "Santa Cruz", "BO", 2)
    )
    assert await list_regions(in_stock_only=False) == (
        RegionSummary("bo-lpz", "La Paz", "BO", 1), RegionSummary("bo-scz", "Santa Cruz", "BO", 5)
    )


async def test_regions_of_a_category_leave_out_regions_without_it_unless_asked(world):
    assert await list_regions(category="grains") == (RegionSummary("bo-lpz", "La Paz", "BO", 1),)
    assert await list_regions(category="grains", include_empty=True) == (
        RegionSummary("bo-lpz", "La Paz", "BO", 1), RegionSummary("bo-scz", "Santa Cruz", "BO", 0)
    )
    assert await list_regions(category="crafts") == ()


async def test_an_empty_catalog_has_no_categories_nor_regions(db):
    await bolivia()

    assert await list_categories() == () and await list_regions() == ()


async def test_the_demo_catalog_spreads_over_five_regions_in_three_countries(db):
    await seed_demo(TODAY)

    regions = await list_regions()
    categories = await list_categories()
    overview = await get_catalog_overview()

    assert [(r.country_code, r.code) for r in regions] == [
        ("BO", "bo-lpz"), ("BO", "bo-pts"), ("BO", "bo-scz"), ("BR", "br-rs"), ("MX", "mx-oax")
    ]
    assert sum(r.product_count for r in regions) == sum(c.product_count for c in categories) == overview.product_count
    assert [c.code for c in categories] == [c.code for c in overview.categories if c.product_count]
    assert {r.code: r.organization_count for r in overview.regions} == {
        "bo-lpz": 1, "bo-pts": 1, "bo-scz": 2, "br-rs": 3, "mx-oax": 2
    }
