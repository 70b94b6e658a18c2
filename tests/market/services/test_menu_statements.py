"""The main menu's statement written once (market.services.people.menu) answers what tortoise's queries answered: the
same organizations in the same order with the same orders waiting, and the same operator role, over random
memberships (roles, statuses, organizations whose names tie), orders in every status and operators removed or not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, OrderStatus
from market.models import Member, Operator, Order
from market.services.operators.roles import is_operator
from market.services.orders.received import WaitingOrders, count_waiting_orders
from market.services.people.menu import menu_facts
from tests.market.services.catalog_fixtures import bolivia, count_queries, organization
from tests.market.services.shop import make_person

# The twins the statement is held to are the ORM's queries the other screens still use: count_waiting_orders and
# is_operator.
# Names that tie (the id then orders them), and one that sorts apart only by case or accent.
NAMES = ["Miel del Chaco", "Apicultores de Irupana", "Miel del Chaco", "apicultores de irupana", "Ñandutí"]
ORDERS = 14


@pytest.fixture
async def world(db):
    """Five organizations, four people who may belong to them and be operators, and orders of a fifth who buys."""
    async with in_transaction():
        place = (await bolivia())["bo-scz-comarapa"]
        sellers = [(await organization(f"org-{i}", place, name=name)).id for i, name in enumerate(NAMES)]
        people = [await make_person(f"Persona {i}", telegram_user_id=700 + i) for i in range(4)]
        buyer = await make_person("Rosa Quispe", telegram_user_id=501)
        orders = [
            (await Order.create(consumer_id=buyer, organization_id=sellers[0], currency="BOB", total=Decimal("10"),
                                fund_total=Decimal("0.50"))).id
            for _ in range(ORDERS)
        ]
    return sellers, people, orders


memberships = st.dictionaries(
    st.tuples(st.integers(0, 3), st.integers(0, len(NAMES) - 1)),  # (person, organization)
    st.tuples(st.sampled_from(list(MemberRole)), st.sampled_from([MembershipStatus.APPROVED] * 3 +
                                                                  list(MembershipStatus))),
    max_size=12,
)
orders = st.lists(st.tuples(st.integers(0, len(NAMES) - 1), st.sampled_from([OrderStatus.PLACED] * 3 +
                                                                             list(OrderStatus))),
                  min_size=ORDERS, max_size=ORDERS)
# Each person's operator roles: none, one removed, one standing, or one removed and one standing.
roles = st.lists(st.sampled_from([(), (True,), (False,), (True, False)]), min_size=4, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(memberships=memberships, orders=orders, roles=roles)
async def test_any_memberships_orders_and_roles_answer_what_tortoises_queries_answered(
    world, memberships, orders, roles,
):
    sellers, people, order_ids = world
    await Member.all().delete()
    await Operator.all().delete()
    await Member.bulk_create([
        Member(person_id=people[person], organization_id=sellers[seller], role=role, status=status)
        for (person, seller), (role, status) in memberships.items()
    ])
    for order_id, (seller, status) in zip(order_ids, orders, strict=True):
        await Order.filter(id=order_id).update(organization_id=sellers[seller], status=status)
    for person, removals in zip(people, roles, strict=True):
        for removed in removals:
            await Operator.create(person_id=person, removed_at=clock.now() - dt.timedelta(days=1) if removed else None)

    for person in [*people, 999_999]:
        assert await menu_facts(person) == (await count_waiting_orders(person), await is_operator(person))


async def test_the_menu_reads_its_facts_in_one_statement(world):
    sellers, people, _ = world
    await Member.create(person_id=people[0], organization_id=sellers[0], role=MemberRole.ADMIN)
    await Member.create(person_id=people[0], organization_id=sellers[1], role=MemberRole.PRODUCER)
    await Operator.create(person_id=people[0])

    with count_queries() as read:
        waiting, operator = await menu_facts(people[0])

    assert read.count == 1
    assert ([(o.organization_name, o.waiting) for o in waiting.organizations], waiting.total, operator) == (
        [("Apicultores de Irupana", 0), ("Miel del Chaco", ORDERS)], ORDERS, True)


async def test_a_person_who_handles_no_orders_and_is_no_operator_gets_nothing(world):
    _, people, _ = world
    await Operator.create(person_id=people[1], removed_at=clock.now())

    assert await menu_facts(people[1]) == (WaitingOrders(()), False)
