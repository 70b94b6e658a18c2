"""Order rounds: opening with frozen prices, order lines within stock, and closing once into bills and bulk orders."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import pytest

from market.enums import LedgerAccount, LedgerKind, RoundStatus
from market.errors import Conflict, Forbidden, Invalid
from market.models import LedgerEntry, Notification, Offer, RoundAllocation
from market.services.catalog.version import bump_catalog_version
from market.services.groups.rounds.bills import get_bulk_orders, get_member_bill
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.setup import OpenRound, open_round
from market.services.groups.rounds.views import get_round
from tests.market.services.round_world import CLOSES, OPENED, make_round_world

D = Decimal
LATER = OPENED + timedelta(hours=1)
# Owed when the round opens (round_lifecycle); the close's own notices are the others.
OPENING_NOTICES = ("round_opened", "round_reminder")


async def order(world, name, product, quantity, tolerance=0, minutes=0):
    return await set_order_line(
        world.round_id, world.offers[product], person_id=world.members[name], quantity=quantity,
        tolerance=tolerance, now=OPENED + timedelta(minutes=minutes),
    )


async def issue_example(world):
    """Pack size 3; A 3 with tolerance 2, B 1 with tolerance 3, C 1: two packs."""
    await order(world, "A", "Tomate", 3, 2, minutes=0)
    await order(world, "B", "Tomate", 1, 3, minutes=5)
    await order(world, "C", "Tomate", 1, 0, minutes=10)


async def test_opening_a_round_freezes_prices_per_order_unit(db):
    world = await make_round_world()
    await Offer.filter(id=world.shop.offers["Tomate"]).update(price=D("9.00"))

    view = await get_round(world.round_id)

    offers = {o.product_name: o for o in view.offers}
    assert view.status == RoundStatus.OPEN
    assert view.pickup_point == "Casa comunal de Equipetrol"
    assert (offers["Tomate"].producer_price, offers["Tomate"].member_price, offers["Tomate"].pack_size) == (
        D("7.12"), D("7.50"), 3
    )  # the cart's price, the fund's 5 % inside it
    assert (offers["Café"].producer_price, offers["Café"].member_price) == (D("45.12"), D("47.50"))


async def test_only_a_coordinator_opens_a_round_and_never_closing_in_the_past(db):
    world = await make_round_world()
    offer_ids = tuple(world.shop.offers.values())

    with pytest.raises(Forbidden) as refused:
        await open_round(OpenRound(world.group_id, closes_at=CLOSES, offer_ids=offer_ids),
                         by_person_id=world.members["A"], now=OPENED)
    with pytest.raises(Invalid) as past:
        await open_round(OpenRound(world.group_id, closes_at=OPENED - timedelta(minutes=1), offer_ids=offer_ids),
                         by_person_id=world.coordinator_id, now=OPENED)

    assert refused.value.code == "not_a_coordinator"
    assert past.value.code == "closes_at_in_past"


async def test_a_line_shows_how_the_pack_is_filling(db):
    world = await make_round_world()
    await order(world, "A", "Tomate", 3, 2)

    line = await order(world, "B", "Tomate", 1, 0, minutes=5)

    assert (line.quantity, line.total_quantity, line.total_tolerance) == (1, 4, 2)
    assert (line.packs_to_order, line.missing_to_complete) == (2, 0)
    assert (await order(world, "B", "Tomate", 2, 0, minutes=6)).missing_to_complete == 0
    assert (await order(world, "A", "Tomate", 3, 0, minutes=7)).missing_to_complete == 1


async def test_someone_outside_the_group_cannot_order(db):
    world = await make_round_world()
    outsider = world.shop.admin_id

    with pytest.raises(Forbidden) as refused:
        await set_order_line(world.round_id, world.offers["Tomate"], person_id=outsider, quantity=1, tolerance=0,
                             now=LATER)

    assert refused.value.code == "not_a_group_member"


async def test_stock_bounds_everyones_quantities_and_says_what_is_left(db):
    world = await make_round_world(stock={"Café": "2.5"})  # five order units of half a kilo
    await order(world, "A", "Café", 3, 4)

    with pytest.raises(Conflict) as refused:
        await order(world, "B", "Café", 3, minutes=1)
    line = await order(world, "B", "Café", 2, 9, minutes=2)

    assert (refused.value.code, refused.value.params) == (
        "round_stock_exceeded", {"units": 2, "available": D("1.0"), "unit": "kg"})
    assert (line.total_quantity, line.total_tolerance) == (5, 13)


async def test_two_members_ordering_the_last_units_at_once_cannot_both_get_them(db):
    world = await make_round_world(stock={"Café": "2.5"})

    results = await asyncio.gather(
        order(world, "A", "Café", 3, minutes=1), order(world, "B", "Café", 3, minutes=1), return_exceptions=True
    )

    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(refused) == 1
    assert (refused[0].code, refused[0].params) == ("round_stock_exceeded", {"units": 2, "available": D("1.0"), "unit": "kg"})


async def test_a_line_written_while_the_round_closes_is_either_allocated_or_refused(db):
    world = await make_round_world()
    await issue_example(world)

    line, result = await asyncio.gather(
        order(world, "C", "Café", 4, minutes=20),  # exactly one pack of four
        close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER),
        return_exceptions=True,
    )

    cafe = [b.units for bulk in result.bulk_orders for b in bulk.lines if b.product_name == "Café"]
    if isinstance(line, Conflict):
        assert (line.code, cafe) == ("round_closed", [])
    else:
        assert cafe == [4]


async def test_a_closed_round_refuses_lines(db):
    world = await make_round_world()
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    with pytest.raises(Conflict) as after_close:
        await order(world, "A", "Tomate", 1, minutes=90)
    with pytest.raises(Conflict) as after_time:
        await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members["A"], quantity=1,
                             tolerance=0, now=CLOSES)

    assert after_close.value.code == after_time.value.code == "round_closed"


async def test_the_issue_example_fills_two_packs_first_come_first_served(db):
    world = await make_round_world()
    await issue_example(world)

    result = await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    units = {b.member_id: b.lines[0].units for b in result.bills}
    assert units == {world.member_ids["A"]: 4, world.member_ids["B"]: 1, world.member_ids["C"]: 1}
    (bulk,) = result.bulk_orders
    (line,) = bulk.lines
    assert (line.product_name, line.packs, line.units, line.producer_price) == ("Tomate", 2, 6, D("7.12"))
    assert result.unfilled == ()
    assert result.closed_now


async def test_bills_add_up_to_the_bulk_orders_to_the_cent(db):
    world = await make_round_world()
    await issue_example(world)
    await order(world, "A", "Café", 3, 1, minutes=20)
    await order(world, "C", "Café", 1, 0, minutes=21)
    await order(world, "B", "Lechuga", 7, minutes=22)

    result = await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    (bulk,) = result.bulk_orders
    assert sum(b.total for b in result.bills) == bulk.members_total == bulk.producer_total + bulk.fund_total
    assert sum(b.fund_total for b in result.bills) == bulk.fund_total
    bill_a = await get_member_bill(world.round_id, world.members["A"])
    assert [(line.product_name, line.units, line.amount) for line in bill_a.lines] == [
        ("Tomate", 4, D("30.00")), ("Café", 3, D("142.50"))
    ]
    assert await get_bulk_orders(world.round_id) == result.bulk_orders


async def test_closing_charges_members_and_credits_the_fund(db):
    world = await make_round_world()
    await issue_example(world)

    result = await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    entries = await LedgerEntry.filter(round_id=world.round_id).order_by("id").values(
        "account", "kind", "member_id", "organization_id", "amount"
    )
    charges = {e["member_id"]: D(e["amount"]) for e in entries if e["kind"] == LedgerKind.CHARGE}
    assert charges == {b.member_id: -b.total for b in result.bills}
    (fund,) = [e for e in entries if e["account"] == LedgerAccount.SOLIDARITY_FUND]
    assert (fund["organization_id"], D(fund["amount"])) == (world.shop.organization_id, D("2.28"))


async def test_closing_tells_members_their_bill_and_the_admins_their_bulk_order(db):
    world = await make_round_world(("A", "B", "C", "D"))
    await issue_example(world)

    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    sent = await Notification.exclude(template__in=OPENING_NOTICES).order_by("id").values_list(
        "template", "chat_id", "params"
    )
    assert sorted((t, c) for t, c, _ in sent) == [
        ("round_bill", 5000), ("round_bill", 5001), ("round_bill", 5002),
        ("round_bulk_order", world.shop.admin_telegram_id),
    ]
    assert {"round_id": world.round_id, "organization_id": world.shop.organization_id} in [p for _, _, p in sent]


async def test_a_pack_that_did_not_fill_is_reported_with_what_was_missing(db):
    world = await make_round_world()
    await issue_example(world)
    await order(world, "C", "Café", 2, 1, minutes=30)

    result = await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    (unfilled,) = result.unfilled
    assert (unfilled.product_name, unfilled.quantity, unfilled.tolerance, unfilled.missing) == ("Café", 2, 1, 1)
    assert unfilled.short_member_ids == (world.member_ids["C"],)
    notices = await Notification.filter(template="round_pack_unfilled").values_list("chat_id", flat=True)
    assert notices == [5002]


async def test_the_timer_closes_only_once_the_closing_time_has_passed(db):
    world = await make_round_world()

    with pytest.raises(Conflict) as early:
        await close_round(world.round_id, now=CLOSES - timedelta(seconds=1))
    result = await close_round(world.round_id, now=CLOSES)

    assert early.value.code == "round_not_due"
    assert result.closed_now


async def test_a_member_may_not_close_a_round(db):
    world = await make_round_world()

    with pytest.raises(Forbidden) as refused:
        await close_round(world.round_id, by_person_id=world.members["A"], now=LATER)

    assert refused.value.code == "not_a_coordinator"


async def _written(world):
    return (
        await RoundAllocation.filter(round_offer__round_id=world.round_id).count(),
        await LedgerEntry.filter(round_id=world.round_id).count(),
        await Notification.exclude(template__in=OPENING_NOTICES).count(),
    )


async def test_closing_twice_writes_once_and_answers_the_same(db):
    world = await make_round_world()
    await issue_example(world)
    first = await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    written = await _written(world)

    again = await close_round(world.round_id, by_person_id=world.second_coordinator_id, now=LATER)

    assert not again.closed_now
    assert (again.bills, again.bulk_orders) == (first.bills, first.bulk_orders)
    assert await _written(world) == written == (3, 4, 4)


async def test_two_coordinators_and_the_timer_closing_at_once_close_it_once(db):
    world = await make_round_world()
    await issue_example(world)

    results = await asyncio.gather(
        close_round(world.round_id, by_person_id=world.coordinator_id, now=CLOSES),
        close_round(world.round_id, by_person_id=world.second_coordinator_id, now=CLOSES),
        close_round(world.round_id, now=CLOSES),
    )

    assert sorted(r.closed_now for r in results) == [False, False, True]
    assert all(r.bills == results[0].bills for r in results)
    assert await _written(world) == (3, 4, 4)


async def _close_queries(queries, names):
    world = await make_round_world(names)
    for i, name in enumerate(names):
        await order(world, name, "Tomate", 1 + i % 3, i % 2, minutes=i)
        await order(world, name, "Café", 1, 1, minutes=i)
    await bump_catalog_version()  # its row is made once, by the first change of any stock: not the close's cost
    queries.start()
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    return len(queries.statements)


async def test_a_close_runs_as_many_queries_for_30_members_as_for_3(db, queries):
    few = await _close_queries(queries, tuple(f"M{i}" for i in range(3)))
    await _reset()

    many = await _close_queries(queries, tuple(f"M{i}" for i in range(30)))

    assert many == few


async def _reset():
    """Empty the tables the world fills, so a second world fits in the same test."""
    from market.models import (
        Category,
        GroupMember,
        Member,
        MemberOrderRow,
        OrderRound,
        Organization,
        Person,
        Product,
        PurchasingGroup,
        RoundOffer,
        Territory,
    )
    for model in (Notification, LedgerEntry, RoundAllocation, MemberOrderRow, RoundOffer, OrderRound, GroupMember,
                  PurchasingGroup, Offer, Product, Category, Member, Organization, Person, Territory):
        await model.all().delete()
