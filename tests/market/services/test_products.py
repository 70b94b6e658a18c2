"""Product search (every filter, keyset pagination) and the product card."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.transactions import in_transaction

from market.demo.seed import seed_demo
from market.enums import LegalForm, OfferStatus, SealStatus
from market.errors import Invalid, NotFound
from market.models import Offer, Product
from market.services.catalog.card import get_offer_name, get_product_card
from market.services.catalog.products import ProductQuery, search_products
from tests.market.services.catalog_fixtures import (
    TODAY,
    bolivia,
    count_queries,
    days,
    fair_price,
    organization,
    product,
    seal,
)


@pytest.fixture
async def world(db):
    """Three organizations at three depths of Bolivia, with products in every state a search meets."""
    async with in_transaction():  # one commit, not one per row
        places = await bolivia()
        amboro = await organization("cafe-amboro", places["bo-scz-comarapa-pulquina"], name="Asociación Café Amboró")
        comarapa = await organization("oeca-comarapa", places["bo-scz-comarapa"], legal_form=LegalForm.OECA)
        irupana = await organization("coraca-irupana", places["bo-lpz-irupana"], legal_form=LegalForm.CORACA)
        rows = {
            "tostado": await product(amboro, "Café Tostado", category_code="coffee_cocoa"),
            "miel": await product(amboro, "Miel de abeja", category_code="honey_preserves", stock="0"),
            "cacao": await product(amboro, "Cacao en grano", category_code="coffee_cocoa", active=False),
            "organico": await product(irupana, "CAFÉ orgánico de Yungas", category_code="coffee_cocoa"),
            "quinua": await product(irupana, "Quinua real", category_code="grains"),
            "naranja": await product(irupana, "Naranja", category_code="fruits", stock=None),
            "tomate": await product(comarapa, "Tomate", price="7.50"),
            "lechuga": await product(comarapa, "Lechuga", offer_status=OfferStatus.WITHDRAWN),
        }
        await seal(irupana, [rows["organico"]])
        await seal(irupana, [rows["quinua"]], valid_from=days(-400), valid_until=days(-1))
        await seal(comarapa, [rows["tomate"]], status=SealStatus.SUSPENDED)
        return {"places": places, "amboro": amboro, "comarapa": comarapa, "irupana": irupana, **rows}


async def names(**filters) -> list[str]:
    page = await search_products(ProductQuery(limit=100, **filters), today=TODAY)
    return [item.name for item in page.items]


@pytest.mark.parametrize("text", ["cafe", "CAFÉ", "Café", "  café  ", "caf"])
async def test_text_search_ignores_accents_case_and_spaces(world, text):
    assert await names(text=text) == ["CAFÉ orgánico de Yungas", "Café Tostado"]


async def test_every_word_of_the_text_must_be_in_the_name_in_any_order(world):
    assert await names(text="yungas CAFE") == ["CAFÉ orgánico de Yungas"]
    assert await names(text="cafe tomate") == []


async def test_text_with_sql_wildcards_matches_them_literally(world):
    assert await names(text="%") == [] and await names(text="_") == []


async def test_without_filters_every_active_product_is_listed_by_name(world):
    assert await names() == [
        "CAFÉ orgánico de Yungas", "Café Tostado", "Lechuga", "Miel de abeja", "Naranja", "Quinua real", "Tomate"
    ]


@pytest.mark.parametrize("territory, expected", [
    ("bo", ["CAFÉ orgánico de Yungas", "Café Tostado", "Lechuga", "Miel de abeja", "Naranja", "Quinua real",
            "Tomate"]),
    # The region takes in the municipality of Comarapa and the community of Pulquina below it.
    ("bo-scz", ["Café Tostado", "Lechuga", "Miel de abeja", "Tomate"]),
    ("bo-scz-comarapa", ["Café Tostado", "Lechuga", "Miel de abeja", "Tomate"]),
    ("bo-scz-comarapa-pulquina", ["Café Tostado", "Miel de abeja"]),
    ("bo-lpz", ["CAFÉ orgánico de Yungas", "Naranja", "Quinua real"]),
    ("nowhere", []),
])
async def test_a_territory_takes_in_every_place_below_it(world, territory, expected):
    assert await names(territory=territory) == expected


@pytest.mark.parametrize("filters, expected", [
    ({"category": "coffee_cocoa"}, ["CAFÉ orgánico de Yungas", "Café Tostado"]),
    ({"category": "crafts"}, []),
    ({"organization": "oeca-comarapa"}, ["Lechuga", "Tomate"]),
    ({"legal_form": "coraca"}, ["CAFÉ orgánico de Yungas", "Naranja", "Quinua real"]),
    # No stock, no offer and a withdrawn offer are all out of stock.
    ({"in_stock_only": True}, ["CAFÉ orgánico de Yungas", "Café Tostado", "Quinua real", "Tomate"]),
    # Only a seal valid today counts: not the expired one on quinoa, nor the suspended one on tomatoes.
    ({"sealed_only": True}, ["CAFÉ orgánico de Yungas"]),
    ({"text": "cafe", "territory": "bo-lpz", "in_stock_only": True, "sealed_only": True},
     ["CAFÉ orgánico de Yungas"]),
])
async def test_each_filter_narrows_the_list(world, filters, expected):
    assert await names(**filters) == expected


async def test_a_summary_tells_the_offer_the_place_and_whether_a_valid_seal_covers_it(world):
    page = await search_products(ProductQuery(limit=100), today=TODAY)
    by_name = {item.name: item for item in page.items}

    organico, tomate = by_name["CAFÉ orgánico de Yungas"], by_name["Tomate"]
    assert (organico.sealed, tomate.sealed, by_name["Quinua real"].sealed) == (True, False, False)
    assert (tomate.price, tomate.currency, tomate.stock, tomate.unit) == (Decimal("7.50"), "BOB", Decimal("10"), "kg")
    assert (tomate.organization_slug, tomate.territory_code, tomate.territory_name, tomate.country_code) == (
        "oeca-comarapa", "bo-scz-comarapa", "Comarapa", "BO"
    )
    assert (organico.category_code, organico.organization_name) == ("coffee_cocoa", "Coraca Irupana")
    # A product without an offer, or with a withdrawn one, shows no price.
    for name in ("Naranja", "Lechuga"):
        assert (by_name[name].offer_id, by_name[name].price, by_name[name].stock) == (None, None, None)


async def test_a_seal_stops_counting_the_day_after_its_last_day_without_any_job(world):
    on_last_day = await search_products(ProductQuery(sealed_only=True), today=days(100))
    day_after = await search_products(ProductQuery(sealed_only=True), today=days(101))

    assert [i.name for i in on_last_day.items] == ["CAFÉ orgánico de Yungas"] and on_last_day.items[0].sealed
    assert day_after.items == ()


@pytest.mark.parametrize("query, parameter", [
    (ProductQuery(limit=0), "limit"),
    (ProductQuery(limit=101), "limit"),
    (ProductQuery(after=1, before=2), "before"),
    (ProductQuery(legal_form="kolkhoz"), "legal_form"),
    (ProductQuery(text="tomate " * 40), "text"),
    (ProductQuery(after=999_999), "after"),
    (ProductQuery(before=999_999), "before"),
])
async def test_a_bad_query_is_refused_naming_its_parameter(world, query, parameter):
    with pytest.raises(Invalid) as refused:
        await search_products(query, today=TODAY)

    assert refused.value.code == "invalid_parameter" and refused.value.params["parameter"] == parameter


async def test_pages_link_forward_and_back_with_no_link_past_either_end(world):
    first = await search_products(ProductQuery(limit=3), today=TODAY)
    second = await search_products(ProductQuery(limit=3, after=first.next_after), today=TODAY)
    last = await search_products(ProductQuery(limit=3, after=second.next_after), today=TODAY)
    back = await search_products(ProductQuery(limit=3, before=last.previous_before), today=TODAY)

    assert [len(p.items) for p in (first, second, last)] == [3, 3, 1]
    assert first.previous_before is None and last.next_after is None
    assert back == second


async def test_a_cursor_that_stopped_matching_still_pages_and_links_only_to_pages_that_exist(db):
    places = await bolivia()
    seller = await organization("amboro", places["bo-scz"])
    rows = [await product(seller, name) for name in ("Acelga", "Berro", "Cebolla", "Durazno", "Espinaca")]
    in_stock = dict(in_stock_only=True, limit=2)
    first = await search_products(ProductQuery(**in_stock), today=TODAY)
    for row in rows[:2] + rows[4:]:  # sold out since: the first page and the last product
        await Offer.filter(product_id=row.id).update(stock=Decimal(0))

    forward = await search_products(ProductQuery(after=first.next_after, **in_stock), today=TODAY)
    backward = await search_products(ProductQuery(before=rows[4].id, **in_stock), today=TODAY)

    assert [i.name for i in forward.items] == ["Cebolla", "Durazno"] == [i.name for i in backward.items]
    assert (forward.previous_before, forward.next_after) == (None, None)
    assert (backward.previous_before, backward.next_after) == (None, None)


async def test_a_page_costs_a_few_queries_whatever_its_size(world):
    for n in range(30):
        await product(world["amboro"], f"Producto {n:02}")

    with count_queries() as first_page:
        page = await search_products(ProductQuery(limit=20, in_stock_only=True, territory="bo"), today=TODAY)
    with count_queries() as middle_page:
        await search_products(ProductQuery(limit=20, after=page.items[5].id, sealed_only=False), today=TODAY)

    assert len(page.items) == 20
    assert first_page.count <= 2 and middle_page.count <= 4


def as_pages(items: list[int], size: int) -> list[list[int]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limit=st.integers(1, 8),
    text=st.sampled_from([None, "a", "tomate", "cafe"]),
    territory=st.sampled_from([None, "bo", "bo-scz", "bo-lpz-irupana"]),
    in_stock_only=st.booleans(),
)
async def test_paging_forward_then_back_visits_every_product_once_in_the_same_pages(
    many_products, limit, text, territory, in_stock_only
):
    filters = dict(text=text, territory=territory, in_stock_only=in_stock_only)
    everything = [i.id for i in (await search_products(ProductQuery(limit=100, **filters), today=TODAY)).items]

    page = await search_products(ProductQuery(limit=limit, **filters), today=TODAY)
    forward = [page]
    # Bounded walks: a cursor that never moves must fail the test, not hang it.
    while page.next_after is not None and len(forward) <= len(everything):
        page = await search_products(ProductQuery(limit=limit, after=page.next_after, **filters), today=TODAY)
        forward.append(page)
    backward = [page]
    while page.previous_before is not None and len(backward) <= len(everything):
        page = await search_products(ProductQuery(limit=limit, before=page.previous_before, **filters), today=TODAY)
        backward.append(page)

    assert [[i.id for i in p.items] for p in forward] == as_pages(everything, limit)
    assert backward[::-1] == forward


@pytest.fixture
async def many_products(db):
    """Forty products, many sharing a name across organizations, so ties in the name key are common."""
    async with in_transaction():  # one commit, not one per row
        places = await bolivia()
        sellers = [
            await organization("amboro", places["bo-scz-comarapa-pulquina"]),
            await organization("comarapa", places["bo-scz-comarapa"]),
            await organization("irupana", places["bo-lpz-irupana"]),
        ]
        kinds = ["Tomate", "Café", "Papa", "Tomate cherry", "Cafe de altura", "Haba", "Maíz", "Tomate"]
        for n in range(40):
            seller = sellers[n % 3]
            await product(seller, f"{kinds[n % len(kinds)]} {n // 8}" if n % 5 else kinds[n % len(kinds)] + f" {n}",
                          stock=str(n % 4))


async def test_a_card_shows_the_product_its_organization_offer_and_valid_seals(world):
    card = await get_product_card(world["organico"].id, today=TODAY)

    assert (card.name, card.unit, card.category_code, card.photo_file_id) == (
        "CAFÉ orgánico de Yungas", "kg", "coffee_cocoa", None
    )
    assert (card.organization.slug, card.organization.legal_form, card.organization.territory_name) == (
        "coraca-irupana", "coraca", "Irupana"
    )
    assert (card.offer.price, card.offer.currency, card.offer.stock, card.offer.pack_size) == (
        Decimal("5.00"), "BOB", Decimal("10"), 1
    )
    assert [(s.status, s.valid_today, s.valid_until) for s in card.seals] == [(SealStatus.GRANTED, True, days(100))]
    assert card.fair_price is None


@pytest.mark.parametrize("name", ["quinua", "tomate"])
async def test_a_card_leaves_out_expired_and_suspended_seals(world, name):
    card = await get_product_card(world[name].id, today=TODAY)

    assert card.seals == ()


@pytest.mark.parametrize("name", ["naranja", "lechuga"])
async def test_a_card_has_no_offer_without_an_active_one(world, name):
    card = await get_product_card(world[name].id, today=TODAY)

    assert card.offer is None


@pytest.mark.parametrize("name", ["cacao", None])
async def test_an_inactive_or_unknown_product_has_no_card(world, name):
    product_id = world[name].id if name else 999_999

    with pytest.raises(NotFound) as refused:
        await get_product_card(product_id, today=TODAY)

    assert refused.value.code == "product_not_found"


async def test_the_fair_price_declared_nearest_to_the_product_wins(world):
    places = world["places"]
    await fair_price("tomate", places["bo"], producer_share="5.00")
    await fair_price("tomate", places["bo-scz"], producer_share="6.00")

    from_region = (await get_product_card(world["tomate"].id, today=TODAY)).fair_price
    await fair_price("Tomate", places["bo-scz-comarapa"], producer_share="6.50", declared_by=world["comarapa"])
    from_municipality = (await get_product_card(world["tomate"].id, today=TODAY)).fair_price

    assert (from_region.territory_code, from_region.amount, from_region.producer_share, from_region.transport) == (
        "bo-scz", Decimal("7.00"), Decimal("6.00"), Decimal("1.00")
    )
    assert (from_region.network_name, from_region.organization_name) == ("Red red-spg", None)
    assert (from_municipality.territory_code, from_municipality.amount) == ("bo-scz-comarapa", Decimal("7.50"))
    assert from_municipality.organization_name == "Oeca Comarapa"


async def test_a_fair_price_declared_for_the_country_reaches_a_product_made_in_a_community(world):
    await fair_price("café tostado", world["places"]["bo"])

    card = await get_product_card(world["tostado"].id, today=TODAY)

    assert card.organization.territory_code == "bo-scz-comarapa-pulquina"
    assert card.fair_price.territory_code == "bo"


async def test_an_organization_own_fair_price_comes_before_a_networks_in_the_same_place(world):
    await fair_price("tomate", world["places"]["bo-scz"], producer_share="6.00")
    await fair_price("tomate", world["places"]["bo-scz"], producer_share="6.40", declared_by=world["comarapa"])

    card = await get_product_card(world["tomate"].id, today=TODAY)

    assert card.fair_price.producer_share == Decimal("6.40")


async def test_a_fair_price_another_organization_declared_for_itself_never_shows(world):
    await fair_price("tomate", world["places"]["bo-scz"], declared_by=world["amboro"])

    card = await get_product_card(world["tomate"].id, today=TODAY)

    assert card.fair_price is None


@pytest.mark.parametrize("valid_from, valid_until, shown", [
    (days(-30), days(30), True),
    (days(-30), None, True),
    (days(-30), days(0), True),
    (days(-30), days(-1), False),
    (days(1), days(30), False),
])
async def test_only_a_fair_price_valid_today_shows(world, valid_from, valid_until, shown):
    await fair_price("tomate", world["places"]["bo-scz"], valid_from=valid_from, valid_until=valid_until)

    card = await get_product_card(world["tomate"].id, today=TODAY)

    assert (card.fair_price is not None) is shown


async def test_a_card_costs_three_queries(world):
    await fair_price("tomate", world["places"]["bo-scz"])

    with count_queries() as queries:
        await get_product_card(world["tomate"].id, today=TODAY)

    assert queries.count <= 3


async def test_an_offers_name_is_its_products_and_an_unknown_offer_is_not_found(world):
    tomate = await Offer.get(product=world["tomate"])

    assert await get_offer_name(tomate.id) == ("Tomate", "kg")
    with pytest.raises(NotFound) as missing:
        await get_offer_name(tomate.id + 1000)
    assert missing.value.code == "offer_not_found"


async def test_the_demo_coffee_of_irupana_shows_its_seal_and_the_fair_price_of_la_paz(db):
    await seed_demo(TODAY)
    coffee = await Product.get(organization__slug="coraca-irupana", search_key="cafe organico de yungas")

    card = await get_product_card(coffee.id, today=TODAY)

    assert [s.network_name for s in card.seals] == ["Red de Certificación Participativa de Bolivia"]
    fair = card.fair_price
    assert (fair.territory_code, fair.organization_name, fair.amount, fair.currency) == (
        "bo-lpz", "CORACA Irupana", Decimal("110.00"), "BOB"
    )
    assert fair.producer_share + fair.transport + fair.solidarity_fund + fair.other_costs == fair.amount
