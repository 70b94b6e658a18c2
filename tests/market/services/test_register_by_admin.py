"""An organization's admin writes a member's entry for them: the member's own checks, all or nothing, never the
gender; the entry names the admin until the member changes it; the member is told in the bot; nobody else may."""

from __future__ import annotations

from decimal import Decimal

import pytest

from market.enums import Gender, MembershipStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import Member, MemberEntry, Notification
from market.services.organizations import register
from market.services.organizations.register import EntryNotWritten
from market.services.organizations.register_by_admin import (
    TEMPLATE,
    check_member_part,
    get_written_notice,
    write_member_entry,
)
from tests.market.services.shop import Shop, make_person, make_shop


async def member_id(shop: Shop, person_id: int) -> int:
    return (await Member.get(organization_id=shop.organization_id, person_id=person_id)).id


async def test_an_admin_writes_a_members_entry_which_names_her_and_the_member_is_told_once(shop):
    member = await member_id(shop, shop.producer_id)

    entry = await write_member_entry(member, by_person_id=shop.admin_id, version=0, community="Los Negros",
                                     production="papa 20 qq, mayo a julio", family_size=5)

    assert (entry.community, entry.family_size, entry.version) == ("Los Negros", 5, 1)
    assert [(p.product, p.quantity, p.unit) for p in entry.production] == [("papa", Decimal(20), "quintal")]
    assert entry.written_by == "OECA Valles de Comarapa member 1", "the admin's name, read back"
    saved = await MemberEntry.get(member_id=member)
    assert saved.written_by_id == shop.admin_id and saved.gender is None
    notices = await Notification.filter(template=TEMPLATE).values("chat_id", "params")
    assert notices == [{"chat_id": shop.producer_telegram_id, "params": {"member_id": member, "version": 1}}]
    notice = await get_written_notice(member, 1)
    assert notice is not None and notice.entry.family_size == 5 and notice.written_by == entry.written_by


async def test_the_same_form_posted_twice_writes_once_and_tells_once(shop):
    member = await member_id(shop, shop.producer_id)
    await write_member_entry(member, by_person_id=shop.admin_id, version=0, family_size=4)

    with pytest.raises(Conflict) as refused:
        await write_member_entry(member, by_person_id=shop.admin_id, version=0, family_size=4)

    assert refused.value.code == "register_entry_changed"
    assert (await MemberEntry.get(member_id=member)).version == 1
    assert await Notification.filter(template=TEMPLATE).count() == 1


async def test_a_bad_part_refuses_every_part_and_saves_nothing_nor_tells(shop):
    member = await member_id(shop, shop.producer_id)
    await register.set_family_size(shop.organization_id, 3, person_id=shop.producer_id)

    with pytest.raises(EntryNotWritten) as refused:
        await write_member_entry(member, by_person_id=shop.admin_id, version=1, community="Los Negros",
                                 production="miel 30 kg\nmaíz", family_size=0)

    assert set(refused.value.refused) == {"production", "family_size"}
    saved = await MemberEntry.get(member_id=member)
    assert (saved.community_name, saved.family_size, saved.version) == ("", 3, 1)
    assert not await Notification.filter(template=TEMPLATE).exists()
    with pytest.raises(Invalid) as one:
        await check_member_part(member, by_person_id=shop.admin_id, production="maíz")
    assert one.value.code == "production_line_unreadable"


async def test_the_members_gender_stays_theirs_and_their_own_change_makes_the_entry_theirs_again(shop):
    member = await member_id(shop, shop.producer_id)
    await register.set_gender(shop.organization_id, Gender.WOMAN, person_id=shop.producer_id)
    await write_member_entry(member, by_person_id=shop.admin_id, version=1, family_size=6)

    mine = await register.set_family_size(shop.organization_id, 7, person_id=shop.producer_id)

    assert mine.gender == Gender.WOMAN and mine.family_size == 7 and mine.written_by is None
    assert mine.version == 3
    assert await get_written_notice(member, 2) is None, "changed since: nothing left to tell"


async def test_a_producer_or_an_admin_of_another_organization_is_refused_and_nothing_changes(shop):
    member = await member_id(shop, shop.producer_id)
    other = await make_shop("coraca-otra", name="CORACA Otra", telegram_base=2000)
    stranger = await make_person("Nadie")

    for person_id in (shop.producer_id, other.admin_id, stranger):
        with pytest.raises(Forbidden) as refused:
            await write_member_entry(member, by_person_id=person_id, version=0, family_size=3)
        assert refused.value.code == "not_an_admin"

    assert not await MemberEntry.exists(member_id=member)
    assert not await Notification.filter(template=TEMPLATE).exists()


async def test_an_admin_writing_her_own_membership_writes_it_as_its_member(shop):
    member = await member_id(shop, shop.admin_id)

    entry = await write_member_entry(member, by_person_id=shop.admin_id, version=0, family_size=2)

    assert entry.written_by is None and entry.family_size == 2
    assert not await Notification.filter(template=TEMPLATE).exists()


async def test_a_member_who_left_is_not_written(shop):
    member = await member_id(shop, shop.producer_id)
    await Member.filter(id=member).update(status=MembershipStatus.LEFT)

    with pytest.raises(NotFound) as refused:
        await write_member_entry(member, by_person_id=shop.admin_id, version=0, family_size=3)

    assert refused.value.code == "membership_not_found"
    assert not await MemberEntry.exists(member_id=member)
