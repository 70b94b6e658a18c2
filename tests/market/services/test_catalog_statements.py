"""The search's statements written once (market.services.catalog.page_statements) find the pages tortoise's queries
find: every filter, words with synonyms and characters LIKE reads specially, stale and unknown cursors, both ways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.transactions import in_transaction

from market.enums import LegalForm, OfferStatus, OrganizationStatus, SealStatus
from market.errors import Invalid
from market.models import Offer, Product, SearchSynonym
from market.services.catalog import products as search
from market.services.catalog.products import ProductQuery, search_products
from tests.market.services.catalog_fixtures import bolivia, count_queries, days, organization, product, seal
from tests.support.clock import TODAY

NAMES = ["Tomate", "Tomate cherry", "Tomates", "Café tostado en grano", "Cafe de altura", "Quinua real", "Papa",
         "Miel 100% pura", "Miel 100 pura", "Ají_amarillo", "Aji amarillo", "Haba", "Maíz", "Tomate"]


@pytest.fixture
async def world(db):
    """Products of three approved organizations and a pending one: stock, none, zero written "0.000", an offer
    withdrawn or past its day, a product turned off, seals valid, expired and suspended; names tied in the key."""
    async with in_transaction():
        places = await bolivia()
        sellers = [
            await organization("amboro", places["bo-scz-comarapa-pulquina"]),
            await organization("comarapa", places["bo-scz-comarapa"], legal_form=LegalForm.COOPERATIVE),
            await organization("irupana", places["bo-lpz-irupana"], legal_form=LegalForm.OECA),
            await organization("espera", places["bo-lpz"], status=OrganizationStatus.PENDING),
        ]
        made: list[Product] = []
        for i, name in enumerate(NAMES * 3):
            stock = [None, "10", "0", "2.5", "0.000", "7"][i % 6]
            made.append(await product(sellers[i % 4], f"{name}" if i < len(NAMES) else f"{name} {i}",
                                      category_code=("vegetables", "grains", "honey")[i % 3], stock=stock,
                                      active=i % 11 != 5,
                                      offer_status=OfferStatus.WITHDRAWN if i % 13 == 4 else OfferStatus.ACTIVE))
        await Offer.filter(product_id__in=[p.id for p in made[7::9]]).update(
            valid_until=dt.datetime.combine(days(-1), dt.time(12), tzinfo=dt.UTC))
        await seal(sellers[0], made[0::8])
        await seal(sellers[1], made[1::5], valid_until=days(-3))
        await seal(sellers[2], made[2::4], status=SealStatus.SUSPENDED)
        await seal(sellers[2], made[3::7], valid_from=days(2))
        await SearchSynonym.create(language="es", word="quinua", synonym="quinoa")
    return [p.id for p in made] + [999_999]


async def both(query: ProductQuery) -> tuple[object, object]:
    """The page (or refusal) of the written statements, and tortoise's, for the same search."""
    answers = []
    for run in (lambda: search_products(query, today=TODAY), lambda: search._built_search(query, TODAY, None)):
        try:
            answers.append(await run())
        except Invalid as refusal:
            answers.append((refusal.code, refusal.params))
    return answers[0], answers[1]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.sampled_from([None, "tomate", "tomates", "cafe grano", "quinoa", "100%", "aji_amarillo", "_", "zz"]),
    category=st.sampled_from([None, "vegetables", "honey", "none"]),
    territory=st.sampled_from([None, "bo", "bo-scz", "bo-lpz-irupana", "bo-scz-comarapa-pulquina", "nowhere"]),
    organization=st.sampled_from([None, "amboro", "irupana", "espera"]),
    legal_form=st.sampled_from([None, "cooperative", "oeca"]),
    sealed_only=st.booleans(),
    in_stock_only=st.booleans(),
    limit=st.integers(1, 6),
    cursor=st.tuples(st.sampled_from(["after", "before", None]), st.integers(0, 42)),
)
async def test_any_search_finds_the_same_page_as_tortoises_queries(
    world, text, category, territory, organization, legal_form, sealed_only, in_stock_only, limit, cursor,
):
    side, index = cursor
    query = ProductQuery(
        text=text, category=category, territory=territory, organization=organization, legal_form=legal_form,
        sealed_only=sealed_only, in_stock_only=in_stock_only, limit=limit,
        **({side: world[index]} if side else {}),
    )

    written, built = await both(query)

    assert written == built


@pytest.mark.parametrize("filters", [{}, {"in_stock_only": True}, {"sealed_only": True, "territory": "bo"}])
async def test_walking_every_page_forward_then_back_gives_the_same_pages(world, filters):
    page, turned = await search_products(ProductQuery(limit=3, **filters), today=TODAY), 0
    for side in ("after", "before"):
        while (cursor := page.next_after if side == "after" else page.previous_before) is not None and turned < 40:
            page, built = await both(ProductQuery(limit=3, **{side: cursor}, **filters))
            assert page == built
            turned += 1

    assert turned >= 2


async def test_a_page_after_a_cursor_costs_two_statements_and_a_first_page_one(world):
    with count_queries() as first:
        page = await search_products(ProductQuery(limit=3), today=TODAY)
    with count_queries() as after:
        await search_products(ProductQuery(limit=3, after=page.next_after), today=TODAY)
    with count_queries() as words:
        await search_products(ProductQuery(text="tomate", limit=3), today=TODAY)

    assert (first.count, after.count, words.count) == (1, 2, 2)


async def test_zero_stock_written_with_decimals_is_out_of_stock(world):
    zero = await Offer.filter(stock=Decimal("0.000")).values_list("product_id", flat=True)
    found = await search_products(ProductQuery(in_stock_only=True, limit=100), today=TODAY)

    assert zero and not set(zero) & {item.id for item in found.items}
