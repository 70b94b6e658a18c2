"""Received orders: an organization's members find its orders by status, page through them, see who waits,
and write to a buyer; nobody else sees them."""

from decimal import Decimal

import pytest

from market import clock
from market.enums import MemberRole, MembershipStatus, OrderShelf, OrderStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import Member, Notification, Order, Person
from market.services.orders.buyers import MESSAGE_LIMIT, write_to_buyer
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.received import (
    PAGE_SIZE,
    count_waiting_orders,
    get_received_order,
    list_received_orders,
)
from market.services.orders.status import advance_order, refuse_order
from market.services.people.privacy import forget_person
from tests.market.services.shop import Shop, make_shop

S = OrderStatus


async def order(person_id: int, shop: Shop, key: str, product: str = "Tomate") -> int:
    await add_to_cart(person_id, shop.offers[product], Decimal("1"))
    (placed,) = await place_orders(person_id, idempotency_key=key)
    return placed.id


async def orders_in(shop: Shop, consumer: int, *statuses: OrderStatus) -> list[int]:
    """One order a status, placed in this order, each moved on by the shop's admin to its status."""
    ids = []
    for number, status in enumerate(statuses):
        order_id = await order(consumer, shop, f"k{number}")
        steps = {S.CONFIRMED: [S.CONFIRMED], S.READY: [S.CONFIRMED, S.READY],
                 S.DELIVERED: [S.CONFIRMED, S.READY, S.DELIVERED]}.get(status, [])
        for step in steps:
            await advance_order(order_id, by_person_id=shop.admin_id, to=step)
        if status == S.CANCELLED:
            await refuse_order(order_id, by_person_id=shop.admin_id, reason="Se heló")
        ids.append(order_id)
    return ids


async def written() -> tuple[int, int]:
    return await Order.all().count(), await Notification.all().count()


# The list


async def test_open_orders_come_new_first_then_confirmed_then_ready_each_oldest_first(shop, consumer):
    ready, new_1, confirmed, new_2, _delivered = await orders_in(
        shop, consumer, S.READY, S.PLACED, S.CONFIRMED, S.PLACED, S.DELIVERED)

    page = await list_received_orders(shop.organization_id, viewer_person_id=shop.producer_id)

    assert [(o.id, o.status) for o in page.orders] == [
        (new_1, S.PLACED), (new_2, S.PLACED), (confirmed, S.CONFIRMED), (ready, S.READY)]
    assert (page.counts.placed, page.counts.confirmed, page.counts.ready, page.counts.delivered) == (2, 1, 1, 1)
    assert page.orders[0].consumer_name == "Rosa Quispe" and page.orders[0].total == Decimal("7.50")
    assert (page.organization_name, page.country_code, page.shelf) == ("OECA Valles de Comarapa", "BO", OrderShelf.OPEN)


async def test_delivered_and_cancelled_orders_wait_on_the_finished_shelf_newest_first(shop, consumer):
    delivered, _open, cancelled = await orders_in(shop, consumer, S.DELIVERED, S.PLACED, S.CANCELLED)

    page = await list_received_orders(shop.organization_id, viewer_person_id=shop.admin_id, shelf=OrderShelf.FINISHED)

    assert [(o.id, o.status) for o in page.orders] == [(cancelled, S.CANCELLED), (delivered, S.DELIVERED)]
    assert page.counts.on(OrderShelf.FINISHED) == 2 and page.counts.on(OrderShelf.OPEN) == 1


async def test_orders_come_a_page_at_a_time_and_a_page_past_the_end_shows_the_last(shop, consumer):
    ids = await orders_in(shop, consumer, *[S.PLACED] * (PAGE_SIZE + 2))

    first = await list_received_orders(shop.organization_id, viewer_person_id=shop.admin_id)
    second = await list_received_orders(shop.organization_id, viewer_person_id=shop.admin_id, page=1)
    beyond = await list_received_orders(shop.organization_id, viewer_person_id=shop.admin_id, page=7)

    assert [o.id for o in first.orders] == ids[:PAGE_SIZE]
    assert (first.has_previous, first.has_next) == (False, True)
    assert [o.id for o in second.orders] == ids[PAGE_SIZE:]
    assert (second.has_previous, second.has_next) == (True, False)
    assert beyond.page == 1 and beyond.orders == second.orders


async def test_an_organization_without_orders_lists_none(shop):
    page = await list_received_orders(shop.organization_id, viewer_person_id=shop.admin_id)

    assert (page.orders, page.page, page.has_previous, page.has_next) == ((), 0, False, False)


@pytest.mark.parametrize("who", ["consumer", "other organization's admin", "pending producer", "nobody"])
async def test_only_the_organizations_approved_members_see_its_orders_and_a_refusal_changes_nothing(
    shop, consumer, who
):
    order_id = await order(consumer, shop, "k1")
    other = await make_shop("coop-b", name="Cooperativa B", telegram_base=2000)
    person = {"consumer": consumer, "other organization's admin": other.admin_id,
              "pending producer": shop.pending_producer_id, "nobody": 999_999}[who]
    before = await written()

    with pytest.raises(Forbidden) as listing:
        await list_received_orders(shop.organization_id, viewer_person_id=person)
    with pytest.raises(Forbidden) as opening:
        await get_received_order(order_id, viewer_person_id=person)
    with pytest.raises(Forbidden) as writing:
        await write_to_buyer(order_id, by_person_id=person, text="Hola")

    assert {listing.value.code, opening.value.code, writing.value.code} == {"not_a_member"}
    assert await written() == before


async def test_an_unknown_organization_or_order_is_not_found(shop):
    with pytest.raises(NotFound) as organization:
        await list_received_orders(999_999, viewer_person_id=shop.admin_id)
    with pytest.raises(NotFound) as order_missing:
        await get_received_order(999_999, viewer_person_id=shop.admin_id)

    assert (organization.value.code, order_missing.value.code) == ("organization_not_found", "order_not_found")


# Who waits


async def test_a_member_hears_how_many_orders_wait_in_each_of_their_organizations(shop, consumer):
    other = await make_shop("coop-b", name="Cooperativa B", telegram_base=2000)
    await Member.create(organization_id=other.organization_id, person_id=shop.admin_id, role=MemberRole.PRODUCER,
                        status=MembershipStatus.APPROVED)
    await orders_in(shop, consumer, S.PLACED, S.PLACED, S.CONFIRMED, S.CANCELLED)

    waiting = await count_waiting_orders(shop.admin_id)

    assert [(o.organization_name, o.waiting) for o in waiting.organizations] == [
        ("Cooperativa B", 0), ("OECA Valles de Comarapa", 2)]
    assert waiting.total == 2


async def test_someone_who_handles_no_organizations_orders_has_none_waiting(shop, consumer):
    await order(consumer, shop, "k1")

    for person in (consumer, shop.pending_producer_id):
        waiting = await count_waiting_orders(person)

        assert (waiting.organizations, waiting.total) == ((), 0)


# Reaching the buyer


async def test_a_buyer_with_a_username_can_be_linked_to_and_one_without_only_written_to(shop, consumer):
    order_id = await order(consumer, shop, "k1")

    plain = await get_received_order(order_id, viewer_person_id=shop.producer_id)
    await Person.filter(id=consumer).update(username="rosaq")
    linked = await get_received_order(order_id, viewer_person_id=shop.producer_id)

    assert (plain.buyer.name, plain.buyer.link_user_id, plain.buyer.reachable) == ("Rosa Quispe", None, True)
    assert (linked.buyer.link_user_id, linked.buyer.reachable) == (501, True)
    assert linked.order.id == order_id and linked.order.status == S.PLACED


async def test_a_message_to_the_buyer_is_owed_to_their_chat_with_the_order_number(shop, consumer):
    order_id = await order(consumer, shop, "k1")

    sent = await write_to_buyer(order_id, by_person_id=shop.producer_id, text="  ¿Pasas el sábado a las 9?  ")

    notice = await Notification.get(template="order_message")
    assert (sent.order_id, sent.buyer_name) == (order_id, "Rosa Quispe")
    assert (notice.chat_id, notice.person_id, notice.params) == (
        501, consumer, {"order_id": order_id, "text": "¿Pasas el sábado a las 9?"})


@pytest.mark.parametrize(("text", "code"), [
    ("   ", "message_missing"), ("x" * (MESSAGE_LIMIT + 1), "message_too_long"),
])
async def test_an_empty_or_too_long_message_is_refused_and_nothing_is_owed(shop, consumer, text, code):
    order_id = await order(consumer, shop, "k1")
    before = await written()

    with pytest.raises(Invalid) as refused:
        await write_to_buyer(order_id, by_person_id=shop.admin_id, text=text)

    assert refused.value.code == code
    assert await written() == before


async def test_a_forgotten_buyer_can_be_neither_linked_to_nor_written_to(shop, consumer):
    order_id = await order(consumer, shop, "k1")
    await Person.filter(id=consumer).update(username="rosaq")
    await forget_person(consumer, now=clock.now())
    before = await written()

    detail = await get_received_order(order_id, viewer_person_id=shop.admin_id)
    with pytest.raises(Conflict) as refused:
        await write_to_buyer(order_id, by_person_id=shop.admin_id, text="Hola")

    assert (detail.buyer.name, detail.buyer.link_user_id, detail.buyer.reachable) == ("", None, False)
    assert refused.value.code == "buyer_unreachable"
    assert await written() == before
