"""Settling a round: units received redistributed by correction entries, payments, the group's accounts, settle once."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from market.enums import GroupMemberStatus, LedgerAccount, LedgerKind
from market.errors import Conflict, Forbidden, Invalid
from market.models import GroupMember, LedgerEntry, RoundAllocation
from market.services.groups.accounts import get_group_accounts
from market.services.groups.rounds.bills import get_bulk_orders, get_member_bill
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.settlement import (
    record_full_payment,
    record_payment,
    record_units_received,
    settle_round,
)
from tests.market.services.round_world import OPENED, make_round_world
from tests.market.services.shop import make_person

D = Decimal
LATER = OPENED + timedelta(hours=1)


async def order(world, name, product, quantity, tolerance=0, minutes=0):
    await set_order_line(
        world.round_id, world.offers[product], person_id=world.members[name], quantity=quantity,
        tolerance=tolerance, now=OPENED + timedelta(minutes=minutes),
    )


async def closed_world():
    """Tomate, pack of 3 at 7.50 (7.12 + 0.38 to the fund): A 3 + 1 from tolerance, B 1, C 1,
    and A 2 Lechuga at 4.00 (3.80 + 0.20)."""
    world = await make_round_world()
    await order(world, "A", "Tomate", 3, 2, minutes=0)
    await order(world, "B", "Tomate", 1, 3, minutes=5)
    await order(world, "C", "Tomate", 1, 0, minutes=10)
    await order(world, "A", "Lechuga", 2, 0, minutes=15)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    return world


async def receive(world, units, product="Tomate", by=None):
    return await record_units_received(
        world.round_id, world.offers[product], by_person_id=by or world.coordinator_id, units=units
    )


async def ledger_rows():
    return await LedgerEntry.all().order_by("id").values()


async def member_account(world, name):
    amounts = await LedgerEntry.filter(
        account=LedgerAccount.MEMBER, member_id=world.member_ids[name]
    ).values_list("amount", flat=True)
    return sum((D(a) for a in amounts), D(0))


async def test_fewer_units_received_go_first_come_first_served_and_corrections_add_up_to_the_cent(db):
    world = await closed_world()

    result = await receive(world, 4)

    bills = {b.member_id: b for b in result.changed_bills}
    a, c = world.member_ids["A"], world.member_ids["C"]
    assert set(bills) == {a, c}  # C's bill fell to nothing: it changed too, and is empty
    assert (bills[c].lines, bills[c].total, bills[c].person_id) == ((), D(0), world.members["C"])
    assert bills[a].total == D("22.50") + D("8.00")
    assert (await get_member_bill(world.round_id, world.members["C"])).total == D(0)
    assert (await get_member_bill(world.round_id, world.members["B"])).total == D("7.50")
    tomate = [line for o in result.bulk_orders for line in o.lines if line.round_offer_id == world.offers["Tomate"]][0]
    assert (tomate.units, tomate.members_amount, tomate.fund_amount, tomate.producer_amount) == (
        4, D("30.00"), D("1.52"), D("28.48")
    )
    corrections = await LedgerEntry.filter(kind=LedgerKind.CORRECTION).order_by("id").values(
        "account", "member_id", "amount", "corrects__kind", "corrects__member_id"
    )
    assert [(e["member_id"], D(e["amount"]), e["corrects__kind"], e["corrects__member_id"]) for e in corrections] == [
        (a, D("7.50"), LedgerKind.CHARGE, a), (c, D("7.50"), LedgerKind.CHARGE, c),
        (None, D("-0.76"), LedgerKind.FUND_CONTRIBUTION, None),
    ]
    members = [await member_account(world, n) for n in ("A", "B", "C")]
    bulk = await get_bulk_orders(world.round_id)
    assert -sum(members, D(0)) == sum((o.members_total for o in bulk), D(0)) == D("30.00") + D("8.00")
    fund = await LedgerEntry.filter(account=LedgerAccount.SOLIDARITY_FUND).values_list("amount", flat=True)
    assert sum((D(f) for f in fund), D(0)) == sum((o.fund_total for o in bulk), D(0)) == D("1.52") + D("0.40")


async def test_recording_the_same_units_twice_changes_nothing_the_second_time(db):
    world = await closed_world()
    await receive(world, 4)
    ledger, allocations = await ledger_rows(), await RoundAllocation.all().order_by("id").values()

    again = await receive(world, 4)

    assert again.changed_bills == ()
    assert await ledger_rows() == ledger
    assert await RoundAllocation.all().order_by("id").values() == allocations


async def test_two_coordinators_recording_the_same_units_at_once_write_one_set_of_corrections(db):
    world = await closed_world()

    await asyncio.gather(receive(world, 4), receive(world, 4, by=world.second_coordinator_id))

    assert await LedgerEntry.filter(kind=LedgerKind.CORRECTION).count() == 3
    assert await member_account(world, "C") == D(0)


async def test_the_whole_packs_arriving_after_all_restore_the_bills_with_a_second_correction(db):
    world = await closed_world()
    await receive(world, 4)

    await receive(world, 6)

    accounts = [await member_account(world, n) for n in ("A", "B", "C")]
    assert accounts == [-D("30.00") - D("8.00"), -D("7.50"), -D("7.50")]
    keys = await LedgerEntry.filter(kind=LedgerKind.CORRECTION).order_by("id").values_list("idempotency_key", flat=True)
    prefix = f"round:{world.round_id}:offer:{world.offers['Tomate']}:received:"
    assert [k.removeprefix(prefix) for k in keys] == [
        f"1:member:{world.member_ids['A']}", f"1:member:{world.member_ids['C']}",
        f"1:organization:{world.shop.organization_id}",
        f"2:member:{world.member_ids['A']}", f"2:member:{world.member_ids['C']}",
        f"2:organization:{world.shop.organization_id}",
    ]


async def test_the_ledger_is_append_only(db):
    world = await closed_world()
    before = await ledger_rows()

    await receive(world, 2)
    await receive(world, 5)
    await record_payment(world.round_id, member_person_id=world.members["A"], amount=D("10.00"),
                         by_person_id=world.coordinator_id)

    after = await ledger_rows()
    assert after[:len(before)] == before
    assert len(after) > len(before)


async def test_payments_show_in_the_accounts_with_who_recorded_them(db):
    world = await closed_world()

    await record_payment(world.round_id, member_person_id=world.members["A"], amount=D("20.00"),
                         by_person_id=world.coordinator_id, note=" efectivo ")
    await record_payment(world.round_id, member_person_id=world.members["B"], amount=D("7.50"),
                         by_person_id=world.second_coordinator_id)

    accounts = await get_group_accounts(world.group_id, viewer_person_id=world.members["C"])
    assert [(p.member_name, p.amount, p.recorded_by_name, p.note) for p in accounts.payments] == [
        ("A", D("20.00"), "Carmen", "efectivo"), ("B", D("7.50"), "Ana", ""),
    ]
    billed = D("30.00") + D("8.00") + D("7.50") + D("7.50")
    assert [(b.currency, b.amount) for b in accounts.balances] == [("BOB", D("27.50") - billed)]
    assert [(b.currency, b.amount) for b in accounts.own_balances] == [("BOB", -D("7.50"))]  # C's own
    entry = await LedgerEntry.filter(kind=LedgerKind.PAYMENT).order_by("id").first()
    assert (entry.amount, entry.recorded_by_id) == (D("20.00"), world.coordinator_id)


async def test_paid_in_full_pays_what_is_left_after_corrections_and_payments_once_even_pressed_twice_at_once(db):
    world = await closed_world()
    await receive(world, 4)  # A keeps 3 Tomate of 4: a correction gives back 7.50
    await record_payment(world.round_id, member_person_id=world.members["A"], amount=D("10.00"),
                         by_person_id=world.coordinator_id)
    owed = -await member_account(world, "A")

    results = await asyncio.gather(
        record_full_payment(world.round_id, member_person_id=world.members["A"], by_person_id=world.coordinator_id),
        record_full_payment(world.round_id, member_person_id=world.members["A"],
                            by_person_id=world.second_coordinator_id),
        return_exceptions=True)

    paid = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert owed == 3 * D("7.50") + D("8.00") - D("10.00")
    assert [p.amount for p in paid] == [owed]
    assert [(type(r), r.code) for r in refused] == [(Conflict, "nothing_owed")]
    assert await member_account(world, "A") == D(0)


async def test_a_member_sees_the_group_totals_of_a_coordinator_but_no_other_members_balance(db):
    world = await closed_world()
    await receive(world, 4)
    await record_payment(world.round_id, member_person_id=world.members["B"], amount=D("7.50"),
                         by_person_id=world.coordinator_id)

    member = await get_group_accounts(world.group_id, viewer_person_id=world.members["A"])
    coordinator = await get_group_accounts(world.group_id, viewer_person_id=world.coordinator_id)

    assert replace(coordinator, viewer_is_coordinator=False, member_balances=None, own_balances=member.own_balances
                   ) == member
    assert member.member_balances is None
    assert [(b.name, b.amount) for b in coordinator.member_balances] == [
        ("A", -D("22.50") - D("8.00")), ("B", D(0)), ("C", D(0)),
    ]
    assert [(b.currency, b.amount) for b in member.own_balances] == [("BOB", -D("22.50") - D("8.00"))]
    assert coordinator.own_balances == ()  # she ordered nothing
    [round_account] = member.rounds
    [bulk] = round_account.bulk_orders
    assert (round_account.members_total, round_account.producer_total, round_account.fund_total) == (
        D("38.00"), D("36.08"), D("1.92")
    )
    assert round_account.fund_contributions == round_account.fund_total
    assert (bulk.organization_name, bulk.members_total) == ("OECA Valles de Comarapa", D("38.00"))


async def test_someone_outside_the_group_or_who_left_it_is_refused_the_accounts(db):
    world = await closed_world()
    stranger = await make_person("Zoila", telegram_user_id=9001)
    await GroupMember.filter(id=world.member_ids["C"]).update(status=GroupMemberStatus.LEFT)

    with pytest.raises(Forbidden):
        await get_group_accounts(world.group_id, viewer_person_id=stranger)
    with pytest.raises(Forbidden):
        await get_group_accounts(world.group_id, viewer_person_id=world.members["C"])


async def test_only_a_coordinator_records_units_and_payments_and_only_in_minor_units(db):
    world = await closed_world()

    with pytest.raises(Forbidden):
        await receive(world, 4, by=world.members["A"])
    with pytest.raises(Forbidden):
        await record_payment(world.round_id, member_person_id=world.members["A"], amount=D("1"),
                             by_person_id=world.members["A"])
    with pytest.raises(Invalid) as fraction:
        await record_payment(world.round_id, member_person_id=world.members["A"], amount=D("1.005"),
                             by_person_id=world.coordinator_id)
    with pytest.raises(Invalid):
        await receive(world, -1)

    assert fraction.value.code == "amount_below_minor_unit"
    assert await LedgerEntry.filter(kind__in=(LedgerKind.PAYMENT, LedgerKind.CORRECTION)).count() == 0


async def test_a_round_is_settled_once_and_then_takes_no_more_units(db):
    world = await closed_world()

    first = await settle_round(world.round_id, by_person_id=world.coordinator_id)
    second = await settle_round(world.round_id, by_person_id=world.second_coordinator_id)

    assert (first.settled_now, second.settled_now) == (True, False)
    with pytest.raises(Conflict) as settled:
        await receive(world, 4)
    assert settled.value.code == "round_settled"


async def test_an_open_round_is_neither_settled_nor_given_units(db):
    world = await make_round_world()

    with pytest.raises(Conflict):
        await settle_round(world.round_id, by_person_id=world.coordinator_id)
    with pytest.raises(Conflict) as refused:
        await receive(world, 4)
    assert refused.value.code == "round_not_closed"
