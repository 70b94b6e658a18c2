"""Corrected accounts are sent: a recording of what arrived owes one message to each member whose account it
changed, in its own transaction, never twice for the same recording."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from market.errors import Forbidden
from market.models import Notification
from market.services.groups.rounds.corrections import get_corrected_account
from market.services.groups.rounds.settlement import record_payment
from tests.market.services.test_round_settlement import closed_world, receive

D = Decimal


async def corrected_notices():
    return await Notification.filter(template="round_corrected").order_by("id").values("person_id", "params")


async def test_fewer_units_owe_one_message_to_each_member_whose_account_changed_with_totals_and_why(db):
    world = await closed_world()  # Tomate at 7.50: A 3 + 1 from tolerance, B 1, C 1; A 2 Lechuga at 4.00

    await receive(world, 4)

    owed = await corrected_notices()
    assert [n["person_id"] for n in owed] == [world.members["A"], world.members["C"]]  # not B: hers is the same
    a, c = (n["params"] for n in owed)
    assert (a["units"], a["units_before"], a["old_total"], a["new_total"]) == (4, 6, "38.00", "30.50")
    assert (c["old_total"], c["new_total"], c["currency"]) == ("7.50", "0.00", "BOB")


async def test_the_same_units_again_or_twice_at_once_owe_nothing_more(db):
    world = await closed_world()

    await asyncio.gather(receive(world, 4), receive(world, 4, by=world.second_coordinator_id))
    await receive(world, 4)

    assert len(await corrected_notices()) == 2


async def test_a_second_change_owes_a_second_message_from_the_first_corrected_total(db):
    world = await closed_world()
    await receive(world, 4)

    await receive(world, 6)

    owed = await corrected_notices()
    assert [(n["params"]["old_total"], n["params"]["new_total"]) for n in owed[2:]] == [
        ("30.50", "38.00"), ("0.00", "7.50"),
    ]


async def test_the_account_read_when_sent_has_the_payments_and_what_is_left(db):
    world = await closed_world()
    await record_payment(world.round_id, member_person_id=world.members["A"], amount=D("20.00"),
                         by_person_id=world.coordinator_id)
    await receive(world, 4)

    account = await get_corrected_account(world.round_id, world.member_ids["A"], world.members["A"])

    assert (account.paid, account.balance, account.currency) == (D("20.00"), D("20.00") - D("30.50"), "BOB")


async def test_no_one_reads_another_members_corrected_account(db):
    world = await closed_world()
    await receive(world, 4)

    with pytest.raises(Forbidden):
        await get_corrected_account(world.round_id, world.member_ids["A"], world.members["B"])
