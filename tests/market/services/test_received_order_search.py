"""Received orders searched at the desk: by status and by the organization's own days, newest first, with their
lines; only its members search them."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from market import clock
from market.enums import OrderStatus
from market.errors import Forbidden, NotFound
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.search import organization_orders, search_received_orders
from market.services.orders.status import advance_order
from tests.market.services.shop import Shop

LA_PAZ = ZoneInfo("America/La_Paz")  # the shop's territory: UTC-4


async def placed_at(shop: Shop, consumer: int, moment: datetime, key: str) -> int:
    clock.freeze(moment.replace(tzinfo=LA_PAZ))
    await add_to_cart(consumer, shop.offers["Tomate"], Decimal("2"))
    (placed,) = await place_orders(consumer, idempotency_key=key)
    return placed.id


@pytest.mark.parametrize(("since", "until", "found"), [
    (None, None, ["late_5", "morning_4", "late_3"]),
    (date(2026, 3, 4), date(2026, 3, 4), ["morning_4"]),
    (None, date(2026, 3, 3), ["late_3"]),
    (date(2026, 3, 5), None, ["late_5"]),
])
async def test_the_days_are_the_organizations_own(shop, consumer, since, until, found):
    ids = {
        "late_3": await placed_at(shop, consumer, datetime(2026, 3, 3, 23, 30), "a"),  # the 4th already in UTC
        "morning_4": await placed_at(shop, consumer, datetime(2026, 3, 4, 10, 0), "b"),
        "late_5": await placed_at(shop, consumer, datetime(2026, 3, 5, 0, 10), "c"),
    }

    page = await search_received_orders(shop.organization_id, viewer_person_id=shop.admin_id, since=since, until=until)

    assert [o.id for o in page.orders] == [ids[name] for name in found]
    assert page.matching == len(found)


async def test_a_status_filters_and_each_row_carries_its_lines_and_payment(shop, consumer):
    first = await placed_at(shop, consumer, datetime(2026, 3, 3, 9, 0), "a")
    second = await placed_at(shop, consumer, datetime(2026, 3, 3, 10, 0), "b")
    await advance_order(first, by_person_id=shop.admin_id, to=OrderStatus.CONFIRMED)

    confirmed = await search_received_orders(shop.organization_id, viewer_person_id=shop.admin_id,
                                             status=OrderStatus.CONFIRMED)
    placed = await search_received_orders(shop.organization_id, viewer_person_id=shop.admin_id,
                                          status=OrderStatus.PLACED)

    assert [o.id for o in confirmed.orders] == [first] and [o.id for o in placed.orders] == [second]
    row = placed.orders[0]
    assert [(line.product_name, line.quantity) for line in row.lines] == [("Tomate", Decimal("2"))]
    assert (row.consumer_name, row.paid, row.proof_pending) == ("Rosa Quispe", False, False)


async def test_pages_of_a_given_size_and_a_page_past_the_end_shows_the_last(shop, consumer):
    ids = [await placed_at(shop, consumer, datetime(2026, 3, 3, 9, minute), f"k{minute}") for minute in range(5)]

    second = await search_received_orders(shop.organization_id, viewer_person_id=shop.admin_id, page=1, page_size=2)
    beyond = await search_received_orders(shop.organization_id, viewer_person_id=shop.admin_id, page=9, page_size=2)

    assert [o.id for o in second.orders] == [ids[2], ids[1]]
    assert (second.pages, second.has_previous, second.has_next) == (3, True, True)
    assert [o.id for o in beyond.orders] == [ids[0]] and beyond.page == 2


async def test_nobody_outside_the_organization_searches_its_orders(shop, consumer):
    with pytest.raises(Forbidden):
        await search_received_orders(shop.organization_id, viewer_person_id=consumer)
    with pytest.raises(NotFound):
        await organization_orders("no-such-organization")
