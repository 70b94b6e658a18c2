"""The product card's statements written once (market.services.catalog.card, badges.product_seal_badges) answer what
tortoise's queries answered: the same seals in the same order, the same fair price, over random fair prices along the
organization's places (nearest, own or a network's, another organization's, around today, ties) and random seals
(granted, expired, suspended, not yet valid, several a product, ties in valid_until)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from market.enums import SealStatus, TerritoryLevel
from market.models import FairPrice, Seal, SealProduct, Territory
from market.services.catalog.badges import SealBadge, seal_badge, valid_seal_filter
from market.services.catalog.browse import TERRITORY_DEPTH
from market.services.catalog.card import FairPriceView, get_product_card
from market.text import search_key
from tests.market.services.catalog_fixtures import bolivia, count_queries, days, network, organization, product
from tests.support.clock import TODAY


# The ORM's queries as they were before the statements (commit bdc4070), the twin the statements are held to.
async def orm_seals(product_id: int, today: dt.date) -> tuple[SealBadge, ...]:
    seals = await (
        SealProduct.filter(valid_seal_filter(today, "seal__"), product_id=product_id)
        .select_related("seal__network")
        .order_by("seal__valid_until", "seal__code")
    )
    return tuple(seal_badge(s.seal, today) for s in seals)


async def orm_fair_price(organization_id: int, key: str, chain: list[int], today: dt.date) -> FairPriceView | None:
    candidates = await FairPrice.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(organization_id=organization_id) | Q(organization_id__isnull=True),
        search_key=key, territory_id__in=chain, valid_from__lte=today,
    ).select_related("territory", "organization", "network")
    if not candidates:
        return None
    best = min(candidates, key=lambda f: (
        chain.index(f.territory_id), f.organization_id is None, -f.valid_from.toordinal(), -f.id
    ))
    return FairPriceView(
        amount=best.price, currency=best.currency, unit=best.unit, territory_code=best.territory.code,
        territory_name=best.territory.name, producer_share=best.producer_share, transport=best.transport,
        solidarity_fund=best.solidarity_fund, other_costs=best.other_costs, valid_from=best.valid_from,
        valid_until=best.valid_until, organization_name=best.organization.name if best.organization else None,
        network_name=best.network.name if best.network else None,
    )


async def chain_of(organization_id: int) -> list[int]:
    """The organization's place and the places above it, nearest first (what the card statement's t0, t1… were)."""
    place = await Territory.get(organizations__id=organization_id)
    chain = [place.id]
    while place.parent_id is not None and len(chain) <= TERRITORY_DEPTH:
        place = await Territory.get(id=place.parent_id)
        chain.append(place.id)
    return chain


NAMES = ["Tomate", "Papa"]
# Where the organizations are (a community four places deep, a municipality, a country) and an off-chain place.
PLACES = ["bo-scz-comarapa-pulquina", "bo-scz-comarapa", "bo-scz", "bo", "bo-lpz-irupana", "pe"]


@pytest.fixture
async def world(db):
    """Three organizations along Santa Cruz's chain and one in La Paz, each selling a tomato; two sell potatoes.
    Two networks."""
    async with in_transaction():
        places = await bolivia()
        places["pe"] = await Territory.create(code="pe", name="Perú", level=TerritoryLevel.COUNTRY, country_code="PE",
                                              currency="PEN", time_zone="America/Lima")
        sellers = [await organization(f"org-{code}", places[code]) for code in (*PLACES[:2], "bo", "bo-lpz-irupana")]
        made = [await product(s, name) for s in sellers for name in NAMES[:1 + (s is sellers[0] or s is sellers[2])]]
        networks = [await network("red-andina", places["bo"]), await network("red-valles", places["bo"])]
    chains = {s.id: await chain_of(s.id) for s in sellers}
    return {code: places[code].id for code in PLACES}, sellers, [p.id for p in made], networks, chains


fair_prices = st.lists(
    st.tuples(
        st.sampled_from(["Tomate"] * 3 + ["Papa"]),
        st.sampled_from(PLACES[:4] * 2 + PLACES[4:]),
        st.integers(0, 2),  # whose products: a seller along Santa Cruz's chain
        st.sampled_from(["network", "own", "both", "other"]),  # who declares: "other" is La Paz's organization
        st.sampled_from([-1, -1, 0, 0, 1]),  # valid_from, days from today
        st.sampled_from([None, None, -1, 0, 30]),  # valid_until
        st.sampled_from(["4.00", "6.00", "6.50"]),  # producer share: tells tied declarations apart
        # New, or declared again: the previous one's product and place (for the same seller's products), or those and
        # its valid_from too (a tie only the id breaks, when the declarer is alike).
        st.sampled_from(["new", "new", "same place", "same day"]),
    ),
    max_size=12,
)
seals = st.lists(
    st.tuples(
        st.sampled_from([SealStatus.GRANTED] * 4 + [SealStatus.SUSPENDED, SealStatus.EXPIRED, SealStatus.IN_REVIEW]),
        st.sampled_from([-100, -1, 0, 0, 1, None]),  # valid_from
        st.sampled_from([None, None, -1, 0, 30, 30, 100]),  # valid_until
        st.sampled_from("ZMA"),  # the code's first letter: ties in valid_until order by code
        st.sets(st.integers(0, 5), min_size=1, max_size=3),  # which products
        st.integers(0, 1),  # which network
    ),
    max_size=6,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fair_prices=fair_prices, seals=seals, today_shift=st.sampled_from([0, 0, 0, 1]))
async def test_any_fair_prices_and_seals_show_what_tortoises_queries_showed(world, fair_prices, seals, today_shift):
    places, sellers, products, networks, chains = world
    today = TODAY + dt.timedelta(days=today_shift)
    await FairPrice.all().delete()
    await SealProduct.all().delete()
    await Seal.all().delete()
    declared = None
    for i, (name, place, whose, declarer, since, until, share, again) in enumerate(fair_prices):
        if again != "new" and declared:
            name, place, whose, since = declared[:3] + (declared[3] if again == "same day" else since,)
        declared = name, place, whose, since
        by = {"own": sellers[whose], "both": sellers[whose], "other": sellers[3], "network": None}[declarer]
        await FairPrice.create(
            search_key=search_key(name), product_name=name, territory_id=places[place], organization=by,
            network=networks[i % 2] if declarer in ("network", "both") else None, price=Decimal(share) + 1,
            currency="BOB", unit="kg", producer_share=Decimal(share), transport=Decimal(1),
            valid_from=days(since), valid_until=None if until is None else days(until),
        )
    for i, (status, since, until, letter, covered, which) in enumerate(seals):
        made = await Seal.create(
            code=f"{letter}{i}", network=networks[which], organization=sellers[0], status=status,
            valid_from=None if since is None else days(since), valid_until=None if until is None else days(until),
        )
        await SealProduct.bulk_create([SealProduct(seal=made, product_id=products[n]) for n in covered])

    for product_id in products:
        card = await get_product_card(product_id, today=today)

        seller = card.organization.id
        assert (card.seals, card.fair_price) == (
            await orm_seals(product_id, today),
            await orm_fair_price(seller, search_key(card.name), chains[seller], today),
        )


async def test_a_card_is_two_statements_whatever_its_seals_and_fair_price(world):
    places, sellers, products, networks, _ = world
    await FairPrice.create(
        search_key=search_key("Tomate"), product_name="Tomate", territory_id=places["bo-scz"], network=networks[0],
        price=Decimal("7.00"), currency="BOB", unit="kg", producer_share=Decimal("6.00"), transport=Decimal(1),
        valid_from=days(-1),
    )
    made = await Seal.create(code="S1", network=networks[0], organization=sellers[0], status=SealStatus.GRANTED,
                             valid_from=days(-1), valid_until=days(10))
    await SealProduct.create(seal=made, product_id=products[0])

    with count_queries() as statements:
        card = await get_product_card(products[0], today=TODAY)

    assert card.fair_price is not None and card.fair_price.amount == Decimal("7.00")
    assert [s.code for s in card.seals] == ["S1"]
    assert statements.count == 2  # the card with its fair price, its seals


async def test_the_organizations_own_fair_price_on_a_place_above_loses_to_a_networks_nearer(world):
    places, sellers, products, networks, _ = world
    common = {"search_key": search_key("Tomate"), "product_name": "Tomate", "currency": "BOB", "unit": "kg",
              "transport": Decimal(1), "valid_from": days(-1)}
    await FairPrice.create(territory_id=places["bo"], organization=sellers[0], price=Decimal("9.00"),
                           producer_share=Decimal("8.00"), **common)
    await FairPrice.create(territory_id=places["bo-scz-comarapa"], network=networks[1], price=Decimal("7.00"),
                           producer_share=Decimal("6.00"), **common)

    fair = (await get_product_card(products[0], today=TODAY)).fair_price

    assert fair is not None
    assert (fair.amount, fair.territory_code, fair.organization_name, fair.network_name) == (
        Decimal("7.00"), "bo-scz-comarapa", None, "Red red-valles")
    assert isinstance(fair.valid_from, dt.date) and fair.valid_until is None

