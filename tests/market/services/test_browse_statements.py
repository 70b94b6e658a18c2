"""The browse's statements written once (market.services.catalog.browse: list_categories, list_regions) count what
tortoise's queries of the same filters counted: places below places, in stock only (a stock of "0.000"), offers past
their day, products turned off, organizations not approved, empty regions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from market import clock
from market.enums import OfferStatus, OrganizationStatus, TerritoryLevel
from market.models import Category, Offer, Organization, Product, Territory
from market.services.catalog import browse
from market.services.catalog.browse import CategorySummary, RegionSummary, list_categories, list_regions
from market.services.catalog.categories import NAME_COLUMNS, stored_names
from tests.market.services.catalog_fixtures import bolivia, category, count_queries, organization, product, territory


# The ORM's queries as they were before the statements (commit a342dc1), the twin the statements are held to.
async def orm_list_categories(*, territory: str | None = None, in_stock_only: bool = True):
    products = Product.filter(browse.public_filter(), active=True)
    if in_stock_only:
        products = products.filter(browse.in_stock_filter())
    if territory is not None:
        products = products.filter(browse.in_territory_filter(territory))
    per_category = dict(
        await products.group_by("category_id").annotate(n=Count("id")).values_list("category_id", "n")
    )
    return tuple(
        CategorySummary(code=c["code"], product_count=per_category[c["id"]], names=stored_names(c))
        for c in await Category.filter(id__in=list(per_category)).order_by("position", "code").values(
            "id", "code", *NAME_COLUMNS.values())
    )


async def orm_list_regions(*, category: str | None = None, in_stock_only: bool = True, include_empty: bool = False):
    products = Product.filter(browse.public_filter(), active=True)
    if in_stock_only:
        products = products.filter(browse.in_stock_filter())
    if category is not None:
        products = products.filter(category__code=category)
    per_territory = dict(
        await products.group_by("organization__territory_id").annotate(n=Count("id"))
        .values_list("organization__territory_id", "n")
    )
    per_region = await browse._sum_per_region(per_territory)
    if not per_region and not include_empty:
        return ()
    regions = Territory.filter(level=TerritoryLevel.REGION)
    if not include_empty:
        regions = regions.filter(id__in=list(per_region))
    return tuple(
        RegionSummary(code=r.code, name=r.name, country_code=r.country_code, product_count=per_region.get(r.id, 0))
        for r in await regions.order_by("country_code", "name", "code")
        if include_empty or per_region.get(r.id)
    )


CATEGORIES = ["vegetables", "grains", "honey", "coffee"]
PLACES = ["bo", "bo-scz", "bo-scz-comarapa", "bo-scz-comarapa-pulquina", "bo-lpz", "bo-lpz-irupana", "pe", "pe-cus"]


@pytest.fixture
async def world(db):
    """Products of organizations at every level of two countries (one in a country, with no region above it), a
    region with nothing in it, categories in an operator's order, one renamed."""
    async with in_transaction():
        places = await bolivia()
        pe = await territory("pe", TerritoryLevel.COUNTRY, name="Perú")
        places |= {"pe": pe, "pe-cus": await territory("pe-cus", TerritoryLevel.REGION, pe, "Cusco")}
        await territory("pe-lim", TerritoryLevel.REGION, pe, "Lima")
        await territory("bo-ben", TerritoryLevel.REGION, places["bo"], "Beni")
        for position, code in enumerate(reversed(CATEGORIES)):
            await category(code, position % 2)
        await Category.filter(code="honey").update(name_es="Miel de abeja")
        sellers = [await organization(f"org-{code}", places[code]) for code in PLACES]
        made = [
            await product(sellers[i % len(sellers)], f"Producto {i}", category_code=CATEGORIES[i % 3 + i % 2])
            for i in range(14)
        ]
    return [p.id for p in made], [s.id for s in sellers]


offer_states = st.tuples(
    st.sampled_from([OfferStatus.ACTIVE] * 3 + [OfferStatus.WITHDRAWN]),
    st.sampled_from([None, None, -1, 1]),  # days from now the offer stands until
    st.sampled_from([True] * 4 + [False]),  # the product active
    st.sampled_from(["0.000", "0", "0.001", "2.5", "10"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offers=st.lists(offer_states, min_size=14, max_size=14),
    pending=st.sets(st.integers(0, len(PLACES) - 1), max_size=3),
    territory=st.sampled_from([None, *PLACES, "nowhere"]),
    category=st.sampled_from([None, *CATEGORIES, "none"]),
    in_stock_only=st.booleans(),
    include_empty=st.booleans(),
)
async def test_any_filters_count_what_tortoises_queries_counted(
    world, offers, pending, territory, category, in_stock_only, include_empty,
):
    products, sellers = world
    for product_id, (status, days, active, stock) in zip(products, offers, strict=True):
        until = None if days is None else clock.now() + dt.timedelta(days=days)
        await Offer.filter(product_id=product_id).update(status=status, valid_until=until, stock=Decimal(stock))
        await Product.filter(id=product_id).update(active=active)
    for i, seller in enumerate(sellers):
        status = OrganizationStatus.PENDING if i in pending else OrganizationStatus.APPROVED
        await Organization.filter(id=seller).update(status=status)

    categories = await list_categories(territory=territory, in_stock_only=in_stock_only)
    regions = await list_regions(category=category, in_stock_only=in_stock_only, include_empty=include_empty)

    assert categories == await orm_list_categories(territory=territory, in_stock_only=in_stock_only)
    assert regions == await orm_list_regions(category=category, in_stock_only=in_stock_only, include_empty=include_empty)


async def test_listing_categories_or_regions_is_one_statement(world):
    with count_queries() as categories:
        await list_categories(territory="bo")
    with count_queries() as regions:
        await list_regions(category="grains", include_empty=True)

    assert (categories.count, regions.count) == (1, 1)


async def test_a_region_counts_the_places_below_it_and_an_organization_of_a_country_counts_in_none(world):
    regions = await list_regions(in_stock_only=False, include_empty=True)

    assert [(r.country_code, r.name, r.product_count) for r in regions] == [
        ("BO", "Beni", 0), ("BO", "Cusco", 1), ("BO", "La Paz", 4), ("BO", "Lima", 0), ("BO", "Santa Cruz", 6),
    ]
