"""The demand board: what rounds and orders want of an organization, and what people nearby searched in vain."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from market.enums import OrderStatus, RoundStatus, TerritoryLevel
from market.errors import Forbidden
from market.models import Order, OrderRound, Person, SearchMiss, Territory
from market.services.catalog.demand import demand_board, purge_search_misses, record_search_miss
from market.services.groups.rounds.ordering import set_order_line
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from tests.market.services.catalog_fixtures import count_queries
from tests.market.services.round_world import OPENED, make_round_world
from tests.market.services.shop import make_person

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=timezone.utc)


async def order(person_id: int, offer_id: int, quantity: str, key: str) -> int:
    await add_to_cart(person_id, offer_id, Decimal(quantity))
    (placed,) = await place_orders(person_id, idempotency_key=key)
    return placed.id


def by_name(board) -> dict[str, tuple[Decimal, Decimal, Decimal | None, str]]:
    return {p.name: (p.in_rounds, p.in_orders, p.stock, p.unit) for p in board.products}


async def test_the_board_adds_open_rounds_in_the_offers_unit_and_placed_and_confirmed_orders(db):
    world = await make_round_world(("A", "B"))
    shop = world.shop
    for name, product, units in (("A", "Tomate", 3), ("B", "Tomate", 2), ("A", "Café", 3)):
        await set_order_line(world.round_id, world.offers[product], person_id=world.members[name], quantity=units,
                             tolerance=1, now=OPENED)
    rosa = await make_person("Rosa", telegram_user_id=501)
    await order(rosa, shop.offers["Tomate"], "2", "k1")
    confirmed = await order(rosa, shop.offers["Tomate"], "1.5", "k2")
    cancelled = await order(rosa, shop.offers["Tomate"], "9", "k3")
    await Order.filter(id=confirmed).update(status=OrderStatus.CONFIRMED)
    await Order.filter(id=cancelled).update(status=OrderStatus.CANCELLED)

    board = await demand_board(shop.organization_id, viewer_person_id=shop.producer_id, now=NOW)

    # Café: 3 order units of half a kilo. Lechuga, wanted by nobody, is not on the board.
    assert by_name(board) == {
        "Tomate": (Decimal(5), Decimal("3.5"), Decimal("87.5"), "kg"),  # the three orders took 12.5 kg
        "Café": (Decimal("1.5"), Decimal(0), Decimal(50), "kg"),
    }
    assert [p.name for p in board.products] == ["Tomate", "Café"]  # most wanted first
    assert board.products[0].wanted == Decimal("8.5")
    assert board.organization_name == "OECA Valles de Comarapa"


async def test_a_closed_round_no_longer_counts(db):
    world = await make_round_world(("A",))
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members["A"], quantity=3,
                         tolerance=0, now=OPENED)
    await OrderRound.filter(id=world.round_id).update(status=RoundStatus.CLOSED)

    board = await demand_board(world.shop.organization_id, viewer_person_id=world.shop.admin_id, now=NOW)

    assert board.products == ()


async def test_only_approved_members_see_the_board(shop, consumer):
    admin_board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id)

    assert admin_board.products == () and admin_board.missed_searches == ()
    for outsider in (shop.pending_producer_id, consumer):
        with pytest.raises(Forbidden) as refused:
            await demand_board(shop.organization_id, viewer_person_id=outsider)
        assert refused.value.code == "not_a_member"


async def place(code: str, level: TerritoryLevel, parent: Territory | None = None) -> Territory:
    return await Territory.create(code=code, name=code.title(), level=level, parent=parent, country_code="BO",
                                  currency="BOB", time_zone="America/La_Paz")


async def searched(text: str, territory_id: int | None, *clients: str, channel="web", now=NOW) -> None:
    """`text` searched in vain by each web client of `clients` (addresses)."""
    for client in clients:
        await record_search_miss(text, channel=channel, territory_id=territory_id, client=client, now=now)


THREE = ("10.0.0.1", "10.0.0.2", "10.0.0.3")


async def test_searches_count_in_the_organizations_place_its_parent_and_the_parents_places(shop):
    region = await place("santa-cruz", TerritoryLevel.REGION)
    await Territory.filter(id=shop.territory_id).update(parent_id=region.id)
    neighbour = await place("saipina", TerritoryLevel.MUNICIPALITY, region)
    community = await place("chilon", TerritoryLevel.COMMUNITY, neighbour)
    far = await place("la-paz", TerritoryLevel.REGION)
    for text, territory_id, client in (
        ("quinua roja", shop.territory_id, "a"), ("Quinua Roja", community.id, "b"), ("quinua roja", region.id, "c"),
        ("miel", neighbour.id, "a"), ("miel", community.id, "b"), ("cafe", far.id, "a"), ("cafe", None, "b"),
        ("cafe", shop.territory_id, "c"),
    ):
        await searched(text, territory_id, client, channel="bot")
    await record_search_miss("miel", channel="web", territory_code="chilon", client="c", now=NOW)

    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    # Café was searched by three, but only one of them nearby.
    assert [(m.search_key, m.searchers) for m in board.missed_searches] == [("miel", 3), ("quinua roja", 3)]


async def test_words_searched_by_fewer_than_three_people_never_show(shop, consumer):
    await Person.filter(id=consumer).update(territory_id=shop.territory_id)
    for _ in range(50):  # one client, fifty times, and the same person every day of a week
        await searched("pago atrasado escriba", shop.territory_id, "10.6.6.6")
    for day in range(7):
        await record_search_miss("pago atrasado escriba", channel="bot", person_id=consumer,
                                 now=NOW - timedelta(days=day))

    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    assert board.missed_searches == ()
    assert await SearchMiss.filter(searcher__startswith="person:").count() == 7  # once a day


async def test_only_product_words_are_kept_never_links_phones_or_messages(shop, consumer):
    await Person.filter(id=consumer).update(territory_id=shop.territory_id)
    for text in (
        "PAGO ATRASADO escriba a t.me/pagosbo", "Gabriela Roca cel 71234567 Av Banzer 44",
        "hola buenas tardes, mañana llevo lo de siempre", "\u202eMi\u200bel\u200f",
    ):
        await searched(text, shop.territory_id, *THREE)
        await record_search_miss(text, channel="bot", person_id=consumer, now=NOW)

    rows = await SearchMiss.all().values_list("search_key", flat=True)
    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    assert set(rows) == {"miel"}
    assert [(m.search_key, m.searchers) for m in board.missed_searches] == [("miel", 4)]


async def test_one_web_client_searching_on_many_days_is_one_searcher_and_its_address_is_not_kept(shop):
    for day in range(5):
        await searched("pago atrasado", shop.territory_id, "203.0.113.7", now=NOW - timedelta(days=day))
    await searched("pago atrasado", shop.territory_id, "203.0.113.8")

    searchers = await SearchMiss.all().values_list("searcher", flat=True)
    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    assert len(searchers) == 6 and len(set(searchers)) == 2  # a row a day, two clients
    assert not any("203.0.113" in s for s in searchers)
    assert board.missed_searches == ()


async def test_only_searches_made_in_the_last_60_days_show(shop):
    for text, days_ago in (("miel", 59), ("chia", 61)):
        await searched(text, shop.territory_id, *THREE, now=NOW - timedelta(days=days_ago))

    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    assert [m.search_key for m in board.missed_searches] == ["miel"]


async def test_the_ten_searched_by_most_people_show_first(shop):
    for n in range(12):
        await searched(f"producto {'x' * (n + 1)}", shop.territory_id, *(f"10.0.1.{i}" for i in range(n + 3)))

    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    assert [(m.search_key, m.searchers) for m in board.missed_searches] == [
        (f"producto {'x' * (n + 1)}", n + 3) for n in range(11, 1, -1)
    ]


async def test_a_bot_search_counts_where_the_person_is(shop, consumer):
    await Person.filter(id=consumer).update(territory_id=shop.territory_id)
    await record_search_miss("amaranto", channel="bot", person_id=consumer, now=NOW)
    await searched("amaranto", shop.territory_id, "10.0.0.1", "10.0.0.2")

    board = await demand_board(shop.organization_id, viewer_person_id=shop.admin_id, now=NOW)

    assert [(m.search_key, m.searchers) for m in board.missed_searches] == [("amaranto", 3)]


async def test_the_same_search_at_the_same_moment_is_kept_once(shop):
    await asyncio.gather(*(searched("quinua roja", shop.territory_id, "10.0.0.1") for _ in range(8)))

    assert await SearchMiss.all().count() == 1


async def test_a_miss_that_cannot_be_recorded_is_logged_without_the_words_and_the_search_goes_on(shop, caplog):
    caplog.set_level(logging.ERROR, logger="market.services.catalog.demand")

    await record_search_miss("miel", channel="fax", territory_id=shop.territory_id, client="10.0.0.1")

    assert await SearchMiss.all().count() == 0
    assert "could not record a search miss" in caplog.text and "miel" not in caplog.text


async def test_searches_older_than_the_retention_are_purged_in_batches(shop):
    for days_ago in (89, 90, 91, 120):
        await searched(f"miel {'x' * days_ago}"[:12], shop.territory_id, "10.0.0.1", "10.0.0.2",
                       now=NOW - timedelta(days=days_ago))

    deleted = await purge_search_misses(older_than=(NOW - timedelta(days=90)).date(), batch=1)

    assert deleted == 4
    assert sorted(await SearchMiss.all().values_list("day", flat=True)) == [
        (NOW - timedelta(days=days)).date() for days in (90, 90, 89, 89)
    ]


async def test_the_board_costs_the_same_few_queries_whatever_the_number_of_products(db):
    world = await make_round_world(("A", "B"))
    for product in ("Tomate", "Lechuga", "Café"):
        await set_order_line(world.round_id, world.offers[product], person_id=world.members["A"], quantity=2,
                             tolerance=0, now=OPENED)
    await searched("miel", world.shop.territory_id, *THREE)

    with count_queries() as counted:
        board = await demand_board(world.shop.organization_id, viewer_person_id=world.shop.admin_id, now=NOW)

    assert len(board.products) == 3 and len(board.missed_searches) == 1
    assert len(counted.statements) == 5
