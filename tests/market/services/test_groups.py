"""Purchasing groups: creating one, inviting and joining by link, leaving, and linking its Telegram chat."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from market.enums import GroupMemberStatus, GroupRole, RoundStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import GroupMember, LedgerEntry, MemberOrderRow, OrderRound, PurchasingGroup, RoundAllocation
from market.services.groups.joins import join_group
from market.services.groups.membership import (
    create_group,
    find_invite,
    forget_group_chat,
    get_group,
    group_for_chat,
    groups_coordinated,
    leave_group,
    link_group_chat,
    list_my_groups,
    new_invite_code,
)
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.setup import OpenRound, open_round
from tests.market.services.round_world import CLOSES, OPENED, make_round_world
from tests.market.services.shop import make_person, make_shop

LATER = OPENED + timedelta(hours=1)
CHAT = -100123


async def new_group(name="Grupo Equipetrol", *, by=None, territory_id=None, pickup_point=""):
    """A group created by Carmen (or `by`) in the shop's territory."""
    if territory_id is None:
        territory_id = (await make_shop()).territory_id
    by = by or await make_person("Carmen")
    return await create_group(by_person_id=by, name=name, territory_id=territory_id, pickup_point=pickup_point)


async def test_the_creator_of_a_group_is_its_coordinator_and_holds_an_invite_code(db):
    shop = await make_shop()
    carmen = await make_person("Carmen")

    group = await create_group(
        by_person_id=carmen, name="  Grupo Equipetrol ", territory_id=shop.territory_id,
        pickup_point=" Casa comunal ",
    )

    assert (group.name, group.slug, group.pickup_point) == ("Grupo Equipetrol", "grupo-equipetrol", "Casa comunal")
    assert (group.territory_name, group.country_code, group.time_zone) == (
        "Territory of OECA Valles de Comarapa", "BO", "America/La_Paz")
    assert (group.viewer_role, group.member_count, group.coordinators) == (GroupRole.COORDINATOR, 1, ("Carmen",))
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", group.invite_code)
    assert (group.telegram_chat_id, group.open_round_ids, group.last_round_ids) == (None, (), ())


async def test_groups_named_alike_get_numbered_slugs(db):
    shop = await make_shop()
    carmen = await make_person("Carmen")

    slugs = [
        (await create_group(by_person_id=carmen, name=name, territory_id=shop.territory_id)).slug
        for name in ("Grupo Équipetrol", "grupo equipetrol!", "¡Grupo  Equipetrol!")
    ]

    assert slugs == ["grupo-equipetrol", "grupo-equipetrol-2", "grupo-equipetrol-3"]


@pytest.mark.parametrize(
    ("name", "territory_id", "pickup_point", "error", "code"),
    [
        ("  ab  ", None, "", Invalid, "group_name_length"),
        ("x" * 161, None, "", Invalid, "group_name_length"),
        ("Grupo Equipetrol", None, "x" * 501, Invalid, "pickup_point_too_long"),
        ("Grupo Equipetrol", 999999, "", NotFound, "territory_not_found"),
    ],
)
async def test_a_group_is_refused_with_a_bad_name_pickup_point_or_territory(db, name, territory_id, pickup_point,
                                                                           error, code):
    shop = await make_shop()
    carmen = await make_person("Carmen")

    with pytest.raises(error) as refused:
        await create_group(by_person_id=carmen, name=name, territory_id=territory_id or shop.territory_id,
                           pickup_point=pickup_point)

    assert refused.value.code == code
    assert await PurchasingGroup.all().count() == 0


async def test_only_active_members_see_a_group_and_only_coordinators_its_invite_code(db):
    group = await new_group()
    rosa, pedro = await make_person("Rosa"), await make_person("Pedro")
    await join_group(group.invite_code, person_id=rosa)

    seen = await get_group(group.id, viewer_person_id=rosa)

    assert (seen.viewer_role, seen.invite_code, seen.member_count) == (GroupRole.MEMBER, None, 2)
    with pytest.raises(Forbidden, match="not_a_group_member"):
        await get_group(group.id, viewer_person_id=pedro)
    await leave_group(group.id, person_id=rosa)
    with pytest.raises(Forbidden, match="not_a_group_member"):
        await get_group(group.id, viewer_person_id=rosa)
    with pytest.raises(NotFound, match="group_not_found"):
        await get_group(999999, viewer_person_id=rosa)


async def test_a_group_without_an_invite_code_gets_one_when_a_coordinator_looks(db):
    group = await new_group()
    await PurchasingGroup.filter(id=group.id).update(invite_code=None)
    carmen = await GroupMember.get(group_id=group.id).values_list("person_id", flat=True)

    first = await get_group(group.id, viewer_person_id=carmen)
    again = await get_group(group.id, viewer_person_id=carmen)

    assert first.invite_code is not None
    assert again.invite_code == first.invite_code
    assert (await find_invite(first.invite_code)).group_id == group.id


async def test_a_group_lists_its_open_rounds_closing_first_and_its_five_latest_rounds(db, queries):
    world = await make_round_world(())
    extra = [
        await OrderRound.create(group_id=world.group_id, status=status, opens_at=OPENED + timedelta(days=days),
                                closes_at=CLOSES + timedelta(days=closes))
        for status, days, closes in [
            (RoundStatus.SETTLED, -40, -40), (RoundStatus.CLOSED, -30, -30), (RoundStatus.CANCELLED, -20, -20),
            (RoundStatus.OPEN, 1, -1), (RoundStatus.CLOSED, -10, -10), (RoundStatus.SETTLED, -50, -50),
        ]
    ]
    await get_group(world.group_id, viewer_person_id=world.coordinator_id)  # gives the group its invite code
    queries.start()

    group = await get_group(world.group_id, viewer_person_id=world.coordinator_id)

    assert group.open_round_ids == (extra[3].id, world.round_id)
    assert group.last_round_ids == (extra[3].id, world.round_id, extra[4].id, extra[2].id, extra[1].id)
    assert len(queries.statements) <= 4


async def test_my_groups_are_the_active_memberships_by_name_with_counts(db):
    world = await make_round_world(("A", "B"))
    other = await new_group("Asociación Los Pinos", by=world.members["A"], territory_id=world.shop.territory_id)
    left = await new_group("Zona Norte", by=world.coordinator_id, territory_id=world.shop.territory_id)
    await join_group(left.invite_code, person_id=world.members["A"])
    await leave_group(left.id, person_id=world.members["A"])

    mine = await list_my_groups(world.members["A"])

    assert [(g.id, g.name, g.role, g.member_count, g.open_rounds) for g in mine] == [
        (other.id, "Asociación Los Pinos", GroupRole.COORDINATOR, 1, 0),
        (world.group_id, "Grupo Equipetrol", GroupRole.MEMBER, 4, 1),
    ]
    assert await list_my_groups(await make_person("Nadie")) == ()


async def test_groups_coordinated_are_only_those_the_person_coordinates(db):
    world = await make_round_world(("A",))
    await new_group("Zona Norte", by=world.members["A"], territory_id=world.shop.territory_id)

    coordinated = await groups_coordinated(world.members["A"])

    assert [(g.name, g.role) for g in coordinated] == [("Zona Norte", GroupRole.COORDINATOR)]
    assert [g.name for g in await groups_coordinated(world.coordinator_id)] == ["Grupo Equipetrol"]


async def test_an_invite_shows_the_group_to_a_stranger_and_an_unknown_code_finds_nothing(db):
    group = await new_group()

    invite = await find_invite(group.invite_code)

    assert (invite.group_id, invite.name, invite.member_count, invite.coordinators) == (
        group.id, "Grupo Equipetrol", 1, ("Carmen",))
    assert invite.territory_name == group.territory_name
    for code in ("nope", "", "x" * 200):
        with pytest.raises(NotFound, match="invite_not_found"):
            await find_invite(code)


async def test_joining_twice_joins_once(db):
    group = await new_group()
    rosa = await make_person("Rosa")

    first = await join_group(group.invite_code, person_id=rosa)
    second = await join_group(group.invite_code, person_id=rosa)

    assert (first.joined_now, second.joined_now) == (True, False)
    assert (second.group.viewer_role, second.group.member_count) == (GroupRole.MEMBER, 2)


async def test_a_double_press_on_join_makes_one_membership(db):
    group = await new_group()
    rosa = await make_person("Rosa")

    results = await asyncio.gather(*(join_group(group.invite_code, person_id=rosa) for _ in range(3)))

    assert sorted(r.joined_now for r in results) == [False, False, True]
    assert await GroupMember.filter(group_id=group.id, person_id=rosa).count() == 1


async def test_a_coordinator_who_left_comes_back_as_a_member(db):
    world = await make_round_world(())
    code = (await get_group(world.group_id, viewer_person_id=world.coordinator_id)).invite_code
    await leave_group(world.group_id, person_id=world.coordinator_id)

    back = await join_group(code, person_id=world.coordinator_id)

    assert (back.joined_now, back.group.viewer_role, back.group.coordinators) == (True, GroupRole.MEMBER, ("Ana",))
    assert await GroupMember.filter(group_id=world.group_id, person_id=world.coordinator_id).count() == 1


async def test_leaving_withdraws_open_round_lines_and_keeps_what_a_closed_round_charged(db):
    world = await make_round_world(("A", "B"))
    a, b = world.members["A"], world.members["B"]
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=a, quantity=3, tolerance=0, now=OPENED)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)
    second = await open_round(OpenRound(world.group_id, closes_at=CLOSES + timedelta(days=7),
                                        offer_ids=tuple(world.shop.offers.values())),
                              by_person_id=world.coordinator_id, now=LATER)
    offers = {o.offer_id: o.id for o in second.offers}
    tomate, lechuga = offers[world.shop.offers["Tomate"]], offers[world.shop.offers["Lechuga"]]
    for quantity in (1, 2):  # an increase adds a second row to the same line
        await set_order_line(second.id, tomate, person_id=a, quantity=quantity, tolerance=0, now=LATER)
    await set_order_line(second.id, lechuga, person_id=a, quantity=1, tolerance=0, now=LATER)
    await set_order_line(second.id, tomate, person_id=b, quantity=1, tolerance=0, now=LATER)
    charged = await LedgerEntry.filter(member_id=world.member_ids["A"]).count()

    result = await leave_group(world.group_id, person_id=a, now=LATER)

    assert (result.group_id, result.group_name, result.lines_removed) == (world.group_id, "Grupo Equipetrol", 2)
    assert await MemberOrderRow.filter(member_id=world.member_ids["A"], round_offer__round_id=second.id).count() == 0
    assert await MemberOrderRow.filter(member_id=world.member_ids["B"]).count() == 1
    assert await RoundAllocation.filter(member_id=world.member_ids["A"]).count() == 1
    assert await LedgerEntry.filter(member_id=world.member_ids["A"]).count() == charged > 0
    assert await GroupMember.get(id=world.member_ids["A"]).values_list("status", flat=True) == GroupMemberStatus.LEFT


async def test_lines_of_a_round_past_its_closing_time_stay_when_the_member_leaves(db):
    world = await make_round_world(("A",))
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members["A"], quantity=3,
                         tolerance=0, now=OPENED)

    result = await leave_group(world.group_id, person_id=world.members["A"], now=CLOSES + timedelta(minutes=1))

    assert result.lines_removed == 0
    assert await MemberOrderRow.filter(member_id=world.member_ids["A"]).count() == 1


async def test_the_last_active_coordinator_cannot_leave(db):
    world = await make_round_world(("A",))
    await leave_group(world.group_id, person_id=world.second_coordinator_id)

    with pytest.raises(Conflict, match="last_coordinator"):
        await leave_group(world.group_id, person_id=world.coordinator_id)

    group = await get_group(world.group_id, viewer_person_id=world.coordinator_id)
    assert group.coordinators == ("Carmen",)


async def test_leaving_is_refused_to_whoever_is_not_an_active_member(db):
    world = await make_round_world(("A",))
    await leave_group(world.group_id, person_id=world.members["A"])

    for person_id in (world.members["A"], await make_person("Nadie")):
        with pytest.raises(Forbidden, match="not_a_group_member"):
            await leave_group(world.group_id, person_id=person_id)
    with pytest.raises(NotFound, match="group_not_found"):
        await leave_group(999999, person_id=world.coordinator_id)


async def test_a_new_invite_code_stops_the_old_link(db):
    group = await new_group()
    carmen = await GroupMember.get(group_id=group.id).values_list("person_id", flat=True)

    code = await new_invite_code(group.id, by_person_id=carmen)

    assert code != group.invite_code
    with pytest.raises(NotFound, match="invite_not_found"):
        await join_group(group.invite_code, person_id=await make_person("Rosa"))
    assert (await find_invite(code)).group_id == group.id
    assert (await get_group(group.id, viewer_person_id=carmen)).invite_code == code


async def test_only_a_coordinator_renews_the_invite_code(db):
    group = await new_group()
    rosa = await make_person("Rosa")
    await join_group(group.invite_code, person_id=rosa)

    with pytest.raises(Forbidden, match="not_a_coordinator"):
        await new_invite_code(group.id, by_person_id=rosa)

    assert (await find_invite(group.invite_code)).group_id == group.id


async def test_a_coordinator_links_the_group_chat_and_can_move_it_to_another(db):
    world = await make_round_world(("A",))

    linked = await link_group_chat(world.group_id, CHAT, by_person_id=world.coordinator_id)
    again = await link_group_chat(world.group_id, CHAT, by_person_id=world.second_coordinator_id)
    moved = await link_group_chat(world.group_id, CHAT - 1, by_person_id=world.coordinator_id)

    assert (linked.telegram_chat_id, again.telegram_chat_id, moved.telegram_chat_id) == (CHAT, CHAT, CHAT - 1)
    assert await group_for_chat(CHAT) is None
    found = await group_for_chat(CHAT - 1)
    assert (found.id, found.name, found.role, found.member_count, found.open_rounds) == (
        world.group_id, "Grupo Equipetrol", None, 3, 1)


async def test_linking_a_chat_is_refused_for_a_private_chat_a_member_or_a_chat_of_another_group(db):
    world = await make_round_world(("A",))
    other = await new_group("Zona Norte", by=world.members["A"], territory_id=world.shop.territory_id)
    await link_group_chat(other.id, CHAT, by_person_id=world.members["A"])

    with pytest.raises(Invalid, match="not_a_group_chat"):
        await link_group_chat(world.group_id, 4001, by_person_id=world.coordinator_id)
    with pytest.raises(Forbidden, match="not_a_coordinator"):
        await link_group_chat(world.group_id, CHAT - 1, by_person_id=world.members["A"])
    with pytest.raises(Conflict, match="chat_linked_elsewhere") as elsewhere:
        await link_group_chat(world.group_id, CHAT, by_person_id=world.coordinator_id)

    assert elsewhere.value.params == {"group": "Zona Norte"}
    assert (await group_for_chat(CHAT)).id == other.id
    assert (await get_group(world.group_id, viewer_person_id=world.coordinator_id)).telegram_chat_id is None


async def test_a_chat_the_bot_was_removed_from_is_forgotten(db):
    group = await new_group()
    carmen = await GroupMember.get(group_id=group.id).values_list("person_id", flat=True)
    await link_group_chat(group.id, CHAT, by_person_id=carmen)

    forgotten = await forget_group_chat(CHAT)

    assert forgotten == group.id
    assert await group_for_chat(CHAT) is None
    assert await forget_group_chat(CHAT) is None


async def test_a_coordinator_hands_over_so_that_she_may_leave(db):
    from market.services.groups.membership import list_members, make_coordinator

    world = await make_round_world(("A",))
    await leave_group(world.group_id, person_id=world.second_coordinator_id)
    with pytest.raises(Conflict):
        await leave_group(world.group_id, person_id=world.coordinator_id)

    members = await make_coordinator(world.group_id, world.members["A"], by_person_id=world.coordinator_id)
    again = await make_coordinator(world.group_id, world.members["A"], by_person_id=world.coordinator_id)
    await leave_group(world.group_id, person_id=world.coordinator_id)

    assert [(m.name, m.role) for m in members] == [("Carmen", GroupRole.COORDINATOR), ("A", GroupRole.COORDINATOR)]
    assert again == members
    assert [m.name for m in await list_members(world.group_id, by_person_id=world.members["A"])] == ["A"]
    with pytest.raises(Forbidden):
        await list_members(world.group_id, by_person_id=world.coordinator_id)


async def test_a_group_chat_that_becomes_a_supergroup_stays_linked(db):
    from market.services.groups.membership import move_group_chat

    world = await make_round_world(("A",))
    await link_group_chat(world.group_id, -4001, by_person_id=world.coordinator_id)

    moved = await move_group_chat(-4001, -1000000004001)

    assert moved == 1
    assert (await PurchasingGroup.get(id=world.group_id)).telegram_chat_id == -1000000004001
    assert await move_group_chat(-4001, -1000000004001) == 0
