"""A round's life around the orders: announced, reminded, extended, cancelled, closed by the timer, read back."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta, timezone
from decimal import Decimal

import pytest

from market.enums import GroupMemberStatus, GroupRole, RoundStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import (
    GroupMember,
    LedgerEntry,
    MemberOrderRow,
    Notification,
    OrderRound,
    Product,
    PurchasingGroup,
    RoundAllocation,
)
from market.presentation.i18n import Translator
from market.presentation.sheets import sheet_csv
from market.services.groups.rounds.bills import get_bulk_orders, get_member_bill
from market.services.groups.rounds.closing import (
    cancel_round,
    close_due_rounds,
    close_round,
    extend_round,
    next_closing_at,
)
from market.services.groups.rounds.notices import owe_round_reminders
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.queries import bulk_order_sheet, list_rounds, pickup_list, round_board
from market.services.groups.rounds.setup import OpenRound, open_round
from market.services.groups.rounds.views import get_round
from market.spreadsheet import FORMULA_STARTS, Quantity, Word
from tests.market.services.round_world import CLOSES, OPENED, make_round_world
from tests.market.services.shop import make_person
from tests.market.services.test_rounds import _reset

D = Decimal
LATER = OPENED + timedelta(hours=1)
CHAT = -1001234567
EVERYONE = [4001, 4002, 5000, 5001, 5002]  # Carmen, Ana (coordinators), A, B, C


async def order(world, name, product, quantity, tolerance=0, minutes=0):
    return await set_order_line(
        world.round_id, world.offers[product], person_id=world.members[name], quantity=quantity,
        tolerance=tolerance, now=OPENED + timedelta(minutes=minutes),
    )


async def notices(template, round_id=None):
    """(chat, person, params, not_before, dedupe key) of the notifications owed with `template`, by id."""
    rows = await Notification.filter(template=template).order_by("id").values(
        "chat_id", "person_id", "params", "not_before", "dedupe_key"
    )
    return [
        (r["chat_id"], r["person_id"], r["params"], r["not_before"], r["dedupe_key"])
        for r in rows if round_id is None or r["params"]["round_id"] == round_id
    ]


async def link_chat(world):
    await PurchasingGroup.filter(id=world.group_id).update(telegram_chat_id=CHAT)


async def open_another(world, closes_at=CLOSES, now=OPENED):
    view = await open_round(
        OpenRound(world.group_id, closes_at=closes_at, offer_ids=tuple(world.shop.offers.values())),
        by_person_id=world.coordinator_id, now=now)
    return view.id


# Announcing and reminding


async def test_a_group_without_a_chat_hears_of_a_new_round_privately_and_gets_two_reminders_each(db):
    world = await make_round_world()

    opened = await notices("round_opened")
    reminders = await notices("round_reminder")

    assert sorted(chat for chat, *_ in opened) == EVERYONE
    assert {(p["round_id"], p["group_id"]) for _, _, p, _, _ in opened} == {(world.round_id, world.group_id)}
    assert f"round:{world.round_id}:opened:{world.member_ids['A']}" in [key for *_, key in opened]
    assert sorted((chat, p["before"], when) for chat, _, p, when, _ in reminders) == sorted(
        [(chat, "day", CLOSES - timedelta(days=1)) for chat in EVERYONE]
        + [(chat, "hour", CLOSES - timedelta(hours=1)) for chat in EVERYONE]
    )
    a_day = next(r for r in reminders if r[0] == 5000 and r[2]["before"] == "day")
    assert a_day[1:3] == (world.members["A"], {
        "round_id": world.round_id, "group_id": world.group_id, "member_id": world.member_ids["A"],
        "closes_at": CLOSES.isoformat(), "before": "day",
    })
    assert a_day[4] == f"round:{world.round_id}:reminder:{int(CLOSES.timestamp())}:day:{world.member_ids['A']}"


async def test_a_group_with_a_chat_hears_of_a_new_round_once_in_its_chat(db):
    world = await make_round_world()
    await link_chat(world)

    round_id = await open_another(world)

    assert await notices("round_opened", round_id) == [
        (CHAT, None, {"round_id": round_id, "group_id": world.group_id}, OPENED, f"round:{round_id}:opened:chat")
    ]
    assert len(await notices("round_reminder", round_id)) == 2 * len(EVERYONE)  # reminders stay private


async def test_a_reminder_whose_time_has_passed_is_not_scheduled(db):
    world = await make_round_world()

    round_id = await open_another(world, closes_at=OPENED + timedelta(hours=5))

    assert {p["before"] for _, _, p, _, _ in await notices("round_reminder", round_id)} == {"hour"}


async def test_a_member_who_left_or_has_no_telegram_gets_no_reminder(db):
    world = await make_round_world()
    await GroupMember.filter(id=world.member_ids["B"]).update(status=GroupMemberStatus.LEFT)
    offline = await make_person("Sin Telegram")
    await GroupMember.create(group_id=world.group_id, person_id=offline)

    round_id = await open_another(world)

    assert sorted({chat for chat, *_ in await notices("round_reminder", round_id)}) == [4001, 4002, 5000, 5002]


async def test_a_member_who_joins_an_open_round_is_owed_its_reminders_once(db):
    world = await make_round_world()
    newcomer = await GroupMember.create(
        group_id=world.group_id, person_id=await make_person("Nueva", telegram_user_id=6000)
    )

    first = await owe_round_reminders(world.round_id, member_ids=[newcomer.id], now=LATER)
    again = await owe_round_reminders(world.round_id, member_ids=[newcomer.id], now=LATER)
    everyone = await owe_round_reminders(world.round_id, now=LATER)

    assert (first, again, everyone) == (2, 0, 0)
    assert [p["before"] for chat, _, p, _, _ in await notices("round_reminder") if chat == 6000] == ["day", "hour"]


async def test_a_round_that_is_not_open_owes_no_reminders(db):
    world = await make_round_world()
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    before = await Notification.all().count()

    owed = await owe_round_reminders(world.round_id, now=LATER)

    assert (owed, await Notification.all().count()) == (0, before)


# Extending


async def test_extending_past_the_pickup_day_is_refused_unless_the_pickup_moves_after_the_new_close(db):
    world = await make_round_world()
    pickup = CLOSES.date() + timedelta(days=1)
    await OrderRound.filter(id=world.round_id).update(pickup_on=pickup)
    later = CLOSES + timedelta(days=2)

    with pytest.raises(Invalid) as refused:
        await extend_round(world.round_id, by_person_id=world.coordinator_id, closes_at=later, now=LATER)
    with pytest.raises(Invalid) as too_early:
        await extend_round(world.round_id, by_person_id=world.coordinator_id, closes_at=later, pickup_on=pickup,
                           now=LATER)
    view = await extend_round(world.round_id, by_person_id=world.coordinator_id, closes_at=later,
                              pickup_on=pickup + timedelta(days=5), now=LATER)

    assert (refused.value.code, dict(refused.value.params)) == ("pickup_before_close", {"pickup": pickup})
    assert too_early.value.code == "pickup_before_close"
    assert (view.closes_at, view.pickup_on) == (later, pickup + timedelta(days=5))


async def test_extending_tells_the_chat_and_who_ordered_and_schedules_new_reminders_beside_the_old(db):
    world = await make_round_world()
    await link_chat(world)
    await order(world, "A", "Tomate", 2)
    later = CLOSES + timedelta(days=2)
    old_reminders = await notices("round_reminder")

    view = await extend_round(world.round_id, by_person_id=world.second_coordinator_id, closes_at=later, now=LATER)

    assert view.closes_at == later
    stamp = int(later.timestamp())
    assert [(chat, person, key) for chat, person, _, _, key in await notices("round_extended")] == [
        (CHAT, None, f"round:{world.round_id}:extended:{stamp}:chat"),
        (5000, world.members["A"], f"round:{world.round_id}:extended:{stamp}:{world.member_ids['A']}"),
    ]
    reminders = await notices("round_reminder")
    assert reminders[:len(old_reminders)] == old_reminders  # the bot skips them: their closes_at is stale
    new = reminders[len(old_reminders):]
    assert sorted({when for *_, when, _ in new}) == [later - timedelta(days=1), later - timedelta(hours=1)]
    assert {p["closes_at"] for _, _, p, _, _ in new} == {later.isoformat()}
    assert len(new) == 2 * len(EVERYONE) and all(f":{stamp}:" in key for *_, key in new)


async def test_only_a_coordinator_extends_and_only_to_a_later_time(db):
    world = await make_round_world()
    coordinator = world.coordinator_id

    with pytest.raises(Forbidden) as member:
        await extend_round(world.round_id, by_person_id=world.members["A"], closes_at=CLOSES + timedelta(days=1),
                           now=LATER)
    with pytest.raises(Invalid) as same:
        await extend_round(world.round_id, by_person_id=coordinator, closes_at=CLOSES, now=LATER)
    with pytest.raises(Invalid) as naive:
        await extend_round(world.round_id, by_person_id=coordinator,
                           closes_at=(CLOSES + timedelta(days=1)).replace(tzinfo=None), now=LATER)
    with pytest.raises(Conflict) as too_late:
        await extend_round(world.round_id, by_person_id=coordinator, closes_at=CLOSES + timedelta(days=1), now=CLOSES)

    assert member.value.code == "not_a_coordinator"
    assert same.value.code == naive.value.code == "closes_at_not_later"
    assert too_late.value.code == "round_closed"
    assert await Notification.filter(template="round_extended").count() == 0


async def test_a_closed_or_cancelled_round_cannot_be_extended(db):
    world = await make_round_world()
    second = await open_another(world)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    await cancel_round(second, by_person_id=world.coordinator_id, now=LATER)

    for round_id in (world.round_id, second):
        with pytest.raises(Conflict) as refused:
            await extend_round(round_id, by_person_id=world.coordinator_id, closes_at=CLOSES + timedelta(days=1),
                               now=LATER)
        assert refused.value.code == "round_closed"


async def test_an_extended_round_takes_orders_past_its_old_closing_time(db):
    world = await make_round_world()
    await extend_round(world.round_id, by_person_id=world.coordinator_id, closes_at=CLOSES + timedelta(days=1),
                       now=LATER)

    line = await set_order_line(world.round_id, world.offers["Lechuga"], person_id=world.members["B"], quantity=2,
                                tolerance=0, now=CLOSES + timedelta(hours=2))

    assert line.quantity == 2
    assert await close_due_rounds(now=CLOSES + timedelta(hours=2)) == []


# Cancelling


async def test_cancelling_keeps_the_rows_charges_nothing_and_tells_the_chat_and_who_ordered(db):
    world = await make_round_world()
    await link_chat(world)
    await order(world, "B", "Tomate", 3)

    view = await cancel_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    assert view.status == RoundStatus.CANCELLED
    assert await MemberOrderRow.filter(round_offer__round_id=world.round_id).count() == 1
    assert await LedgerEntry.all().count() == await RoundAllocation.all().count() == 0
    assert [(chat, person, key) for chat, person, _, _, key in await notices("round_cancelled")] == [
        (CHAT, None, f"round:{world.round_id}:cancelled:chat"),
        (5001, world.members["B"], f"round:{world.round_id}:cancelled:{world.member_ids['B']}"),
    ]
    with pytest.raises(Conflict) as line:
        await order(world, "A", "Tomate", 1, minutes=90)
    assert line.value.code == "round_closed"


async def test_only_a_coordinator_cancels_and_only_an_open_round_before_its_time(db):
    world = await make_round_world()
    closed = await open_another(world)
    await close_round(closed, by_person_id=world.coordinator_id, now=LATER)

    with pytest.raises(Forbidden) as member:
        await cancel_round(world.round_id, by_person_id=world.members["A"], now=LATER)
    with pytest.raises(Conflict) as due:
        await cancel_round(world.round_id, by_person_id=world.coordinator_id, now=CLOSES)
    with pytest.raises(Conflict) as after_close:
        await cancel_round(closed, by_person_id=world.coordinator_id, now=LATER)
    await cancel_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    with pytest.raises(Conflict) as twice:
        await cancel_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    assert member.value.code == "not_a_coordinator"
    assert due.value.code == after_close.value.code == twice.value.code == "round_closed"
    assert await Notification.filter(template="round_cancelled").count() == 0  # nobody had ordered, no chat


# The timer


async def test_the_timer_closes_only_the_rounds_that_are_due(db):
    world = await make_round_world()
    await open_another(world, closes_at=CLOSES + timedelta(days=1))
    cancelled = await open_another(world, closes_at=CLOSES - timedelta(hours=2))
    await cancel_round(cancelled, by_person_id=world.coordinator_id, now=LATER)

    early = await close_due_rounds(now=CLOSES - timedelta(seconds=1))
    closed = await close_due_rounds(now=CLOSES)
    again = await close_due_rounds(now=CLOSES + timedelta(minutes=1))

    assert (early, closed, again) == ([], [world.round_id], [])
    statuses = [r.status for r in await list_rounds(world.group_id, viewer_person_id=world.members["A"])]
    assert statuses == [RoundStatus.CANCELLED, RoundStatus.OPEN, RoundStatus.CLOSED]


async def test_the_timer_racing_a_coordinator_closes_the_round_once(db):
    world = await make_round_world()
    await order(world, "A", "Tomate", 3)

    by_timer, by_coordinator = await asyncio.gather(
        close_due_rounds(now=CLOSES), close_round(world.round_id, by_person_id=world.coordinator_id, now=CLOSES),
    )

    assert (by_timer == [world.round_id]) != by_coordinator.closed_now
    assert await RoundAllocation.filter(round_offer__round_id=world.round_id).count() == 1
    assert await Notification.filter(template="round_bill").count() == 1


async def test_the_next_closing_time_is_the_earliest_open_rounds(db):
    world = await make_round_world()
    await open_another(world, closes_at=CLOSES + timedelta(days=1))

    first = await next_closing_at()
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    second = await next_closing_at()
    await close_due_rounds(now=CLOSES + timedelta(days=1))

    assert (first, second, await next_closing_at()) == (CLOSES, CLOSES + timedelta(days=1), None)


async def test_the_close_posts_a_summary_in_the_group_chat_when_it_has_one(db):
    world = await make_round_world()
    second = await open_another(world)
    await close_round(second, by_person_id=world.coordinator_id, now=LATER)  # no chat yet
    await link_chat(world)

    await close_due_rounds(now=CLOSES)

    assert await notices("round_summary") == [
        (CHAT, None, {"round_id": world.round_id, "group_id": world.group_id}, CLOSES,
         f"round:{world.round_id}:summary")
    ]


# Reading a round back


async def test_the_board_shows_every_offers_packs_and_the_viewers_own_lines(db):
    world = await make_round_world()
    await order(world, "A", "Tomate", 3, 2)
    await order(world, "B", "Tomate", 1, 0, minutes=5)
    await order(world, "B", "Café", 2, 1, minutes=6)

    board_b = await round_board(world.round_id, person_id=world.members["B"])
    board_c = await round_board(world.round_id, person_id=world.members["C"])

    rows = {o.offer.product_name: o for o in board_b.offers}
    assert (board_b.member_id, board_b.role, board_b.round.id) == (world.member_ids["B"], GroupRole.MEMBER,
                                                                  world.round_id)
    tomate, cafe = rows["Tomate"], rows["Café"]
    assert (tomate.total_quantity, tomate.total_tolerance, tomate.packs_to_order, tomate.missing_to_complete) == (
        4, 2, 2, 0
    )
    assert (tomate.my_quantity, tomate.my_tolerance) == (1, 0)
    assert (cafe.packs_to_order, cafe.missing_to_complete, cafe.my_quantity, cafe.my_tolerance) == (0, 1, 2, 1)
    assert (rows["Lechuga"].total_quantity, rows["Lechuga"].my_quantity) == (0, 0)
    assert [(o.my_quantity, o.my_tolerance) for o in board_c.offers] == [(0, 0)] * 3
    assert [o.offer.id for o in board_b.offers] == [o.id for o in board_b.round.offers]


async def test_only_active_members_see_the_board(db):
    world = await make_round_world()
    await GroupMember.filter(id=world.member_ids["C"]).update(status=GroupMemberStatus.LEFT)

    for person_id in (world.shop.admin_id, world.members["C"]):
        with pytest.raises(Forbidden) as refused:
            await round_board(world.round_id, person_id=person_id)
        assert refused.value.code == "not_a_group_member"
    with pytest.raises(NotFound):
        await round_board(world.round_id + 99, person_id=world.members["A"])


async def _board_queries(queries, names):
    world = await make_round_world(names)
    for i, name in enumerate(names):
        await order(world, name, "Tomate", 1 + i % 3, i % 2, minutes=i)
    queries.start()
    await round_board(world.round_id, person_id=world.members[names[0]])
    return len(queries.statements)


async def test_the_board_runs_as_many_queries_for_30_members_as_for_3(db, queries):
    few = await _board_queries(queries, ("M0", "M1", "M2"))
    await _reset()
    many = await _board_queries(queries, tuple(f"M{i}" for i in range(30)))

    assert many == few <= 6


async def _closed_world():
    world = await make_round_world(("Zoila", "beto", "Ana María"))
    await order(world, "Zoila", "Tomate", 3, 2, minutes=0)
    await order(world, "beto", "Tomate", 1, 3, minutes=5)
    await order(world, "Ana María", "Tomate", 1, 0, minutes=10)
    await order(world, "Zoila", "Café", 3, 1, minutes=20)
    await order(world, "beto", "Café", 1, 0, minutes=21)
    await order(world, "Ana María", "Lechuga", 7, minutes=22)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    return world


async def test_the_bulk_order_sheet_has_a_line_per_product_and_its_total_equal_to_the_bulk_order(db):
    world = await _closed_world()
    (bulk,) = await get_bulk_orders(world.round_id)

    sheet = await bulk_order_sheet(world.round_id, world.shop.organization_id)

    *lines, total = sheet.rows
    assert sheet.columns == ("product", "order_unit", "pack_size", "packs", "units", "producer_price",
                             "producer_amount", "currency")
    assert lines == [
        ("Tomate", Quantity(D("1"), "kg"), 3, 2, 6, D("7.12"), D("42.72"), "BOB"),  # 7.50 less the fund's 5 %
        ("Lechuga", Quantity(D("1"), "unit"), 1, 7, 7, D("3.80"), D("26.60"), "BOB"),
        ("Café", Quantity(D("0.5"), "kg"), 4, 1, 4, D("45.12"), D("180.48"), "BOB"),
    ]
    assert total[0] == Word("total") and total[6] == bulk.producer_total == sum(line[6] for line in lines)


async def test_there_is_no_csv_for_an_organization_without_a_bulk_order_or_an_open_round(db):
    world = await make_round_world()

    with pytest.raises(Conflict) as still_open:
        await bulk_order_sheet(world.round_id, world.shop.organization_id)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)  # nobody ordered
    with pytest.raises(NotFound) as nothing:
        await bulk_order_sheet(world.round_id, world.shop.organization_id)

    assert still_open.value.code == "round_not_closed"
    assert nothing.value.code == "bulk_order_not_found"


async def test_the_pickup_list_says_what_each_member_takes_home_by_name_with_their_bill(db):
    world = await _closed_world()

    pickup = await pickup_list(world.round_id, by_person_id=world.second_coordinator_id)

    assert (pickup.pickup_point, pickup.currency) == ("Casa comunal de Equipetrol", "BOB")
    assert [m.name for m in pickup.members] == ["Ana María", "beto", "Zoila"]
    for member in pickup.members:
        bill = await get_member_bill(world.round_id, world.members[member.name])
        assert member.total == bill.total == sum(line.amount for line in member.lines)
    zoila = pickup.members[2]
    assert [(line.product_name, line.units, line.order_unit_quantity, line.unit) for line in zoila.lines] == [
        ("Tomate", 4, D("1"), "kg"), ("Café", 3, D("0.5"), "kg")
    ]


async def test_only_coordinators_get_the_pickup_list_and_only_once_the_round_closed(db):
    world = await make_round_world()

    with pytest.raises(Conflict) as still_open:
        await pickup_list(world.round_id, by_person_id=world.coordinator_id)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    with pytest.raises(Forbidden) as member:
        await pickup_list(world.round_id, by_person_id=world.members["A"])

    assert still_open.value.code == "round_not_closed"
    assert member.value.code == "not_a_coordinator"
    assert (await pickup_list(world.round_id, by_person_id=world.coordinator_id)).members == ()


async def test_the_group_lists_its_rounds_newest_first_with_who_ordered(db):
    world = await make_round_world()
    await order(world, "A", "Tomate", 1)
    await order(world, "A", "Café", 1, minutes=1)
    await order(world, "B", "Lechuga", 2, minutes=2)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    newer = await open_another(world, closes_at=CLOSES + timedelta(days=7), now=LATER)

    rounds = await list_rounds(world.group_id, viewer_person_id=world.members["C"])

    assert [(r.id, r.status, r.offers, r.members_ordered) for r in rounds] == [
        (newer, RoundStatus.OPEN, 3, 0), (world.round_id, RoundStatus.CLOSED, 3, 2)
    ]
    assert rounds[0].closes_at == CLOSES + timedelta(days=7)
    assert len(await list_rounds(world.group_id, viewer_person_id=world.members["C"], limit=1)) == 1
    with pytest.raises(Forbidden):
        await list_rounds(world.group_id, viewer_person_id=world.shop.admin_id)


async def test_a_reminders_closing_time_reads_as_the_rounds_does_whatever_the_time_zone_given(db):
    world = await make_round_world()
    odd = (CLOSES + timedelta(days=1, microseconds=123456)).astimezone(timezone(timedelta(hours=-4)))

    view = await extend_round(world.round_id, by_person_id=world.coordinator_id, closes_at=odd, now=LATER)

    stamp = int(odd.timestamp())
    new = [p for _, _, p, _, key in await notices("round_reminder") if f":{stamp}:" in key]
    assert {p["closes_at"] for p in new} == {(await get_round(world.round_id)).closes_at.isoformat()}
    assert view.closes_at == odd


async def test_the_bulk_order_in_spanish_gives_a_spreadsheet_no_formula_even_from_hostile_product_names(db):
    world = await _closed_world()
    hostile = {"Tomate": '=HYPERLINK("http://evil.example/","Factura")', "Lechuga": "@SUM(A1:A9)", "Café": "-2+3"}
    for name, new in hostile.items():  # names from before names were checked, or written straight to the database
        await Product.filter(name=name).update(name=new)

    text = sheet_csv(await bulk_order_sheet(world.round_id, world.shop.organization_id), Translator("es"))

    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []
    assert [row[0] for row in rows[1:-1]] == ["'" + new for new in hostile.values()]
    assert [row[6] for row in rows[1:]] == ["42,72", "26,60", "180,48", "249,80"]
