"""Only organizations an operator approved are public: a pending or refused one is in no list, count or card;
and a category shows the names an operator stored for it."""

import pytest
from tortoise.transactions import in_transaction

from market.enums import OrganizationStatus
from market.errors import NotFound
from market.models import Category, Organization
from market.services.catalog.browse import get_catalog_overview, list_categories, list_regions
from market.services.catalog.card import get_product_card
from market.services.catalog.categories import all_categories, get_category_names
from market.services.catalog.directory import list_organizations
from market.services.catalog.organization_page import get_organization_profile
from market.services.catalog.products import ProductQuery, search_products
from tests.market.services.catalog_fixtures import TODAY, bolivia, organization, product

PENDING, REFUSED = OrganizationStatus.PENDING, OrganizationStatus.REFUSED


@pytest.fixture
async def world(db) -> dict[str, int]:
    """An approved organization selling coffee, a pending one selling cocoa, a refused one selling honey."""
    async with in_transaction():
        places = await bolivia()
        amboro = await organization("cafe-amboro", places["bo-scz-comarapa"])
        nueva = await organization("nueva", places["bo-scz-comarapa"], status=PENDING)
        rechazada = await organization("rechazada", places["bo-lpz-irupana"], status=REFUSED)
        coffee = await product(amboro, "Café", category_code="coffee_cocoa")
        cocoa = await product(nueva, "Cacao", category_code="coffee_cocoa")
        honey = await product(rechazada, "Miel", category_code="honey_preserves")
        return {"coffee": coffee.id, "cocoa": cocoa.id, "honey": honey.id}


async def test_a_search_finds_only_the_products_of_approved_organizations(world):
    page = await search_products(ProductQuery(), today=TODAY)

    assert [p.name for p in page.items] == ["Café"]


@pytest.mark.parametrize("product", ["cocoa", "honey"])
async def test_the_card_of_a_product_of_a_pending_or_refused_organization_is_not_found(world, product):
    with pytest.raises(NotFound) as refused:
        await get_product_card(world[product], today=TODAY)

    assert refused.value.code == "product_not_found"


async def test_the_directory_and_the_organization_page_know_only_approved_organizations(world):
    page = await list_organizations()

    assert [o.slug for o in page.items] == ["cafe-amboro"]
    assert (await get_organization_profile("cafe-amboro", today=TODAY)).slug == "cafe-amboro"
    for slug in ("nueva", "rechazada"):
        with pytest.raises(NotFound):
            await get_organization_profile(slug, today=TODAY)


async def test_categories_regions_and_counts_leave_out_what_is_not_approved(world):
    overview = await get_catalog_overview()

    assert (overview.organization_count, overview.product_count) == (1, 1)
    assert {c.code: c.product_count for c in overview.categories} == {"coffee_cocoa": 1, "honey_preserves": 0}
    assert {(r.code, r.organization_count) for r in overview.regions} == {("bo-scz", 1), ("bo-lpz", 0)}
    assert [(c.code, c.product_count) for c in await list_categories()] == [("coffee_cocoa", 1)]
    assert [(r.code, r.product_count) for r in await list_regions()] == [("bo-scz", 1)]


async def test_approving_an_organization_makes_its_products_public(world):
    await Organization.filter(slug="nueva").update(status=OrganizationStatus.APPROVED)

    page = await search_products(ProductQuery(), today=TODAY)

    assert [p.name for p in page.items] == ["Cacao", "Café"]


async def test_a_category_carries_the_names_an_operator_stored_everywhere_it_is_shown(world):
    await Category.filter(code="coffee_cocoa").update(name_es="Café y cacao de altura", name_en="Highland coffee")

    summaries = await list_categories()
    [summary] = (await search_products(ProductQuery(), today=TODAY)).items
    card = await get_product_card(world["coffee"], today=TODAY)

    stored = {"es": "Café y cacao de altura", "en": "Highland coffee"}
    assert summaries[0].names == stored and summary.category_names == stored and card.category_names == stored
    assert (await get_category_names("coffee_cocoa")).stored == stored
    assert {c.code: dict(c.stored) for c in await all_categories()} == {"coffee_cocoa": stored, "honey_preserves": {}}
    with pytest.raises(NotFound) as unknown:
        await get_category_names("nada")
    assert unknown.value.code == "category_not_found"
