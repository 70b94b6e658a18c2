"""Producers join an organization by the admin's link; the admin answers with one button."""

from __future__ import annotations

import pytest

from market.enums import MemberRole, MembershipStatus
from market.errors import Forbidden, NotFound
from market.models import Member, Notification
from market.services.organizations.producers import (
    decide_membership,
    find_producer_invite,
    my_organizations,
    pending_requests,
    producer_invite_code,
    request_membership,
)
from tests.market.services.shop import make_person, make_shop


async def test_a_producer_asks_by_the_link_the_admins_are_asked_and_the_answer_reaches_the_producer(db):
    shop = await make_shop()
    code = await producer_invite_code(shop.organization_id, by_person_id=shop.admin_id)
    rosa = await make_person("Rosa", telegram_user_id=7001)

    asked = await request_membership(code, person_id=rosa)
    again = await request_membership(code, person_id=rosa)
    waiting = await pending_requests(shop.organization_id, by_person_id=shop.admin_id)
    approved = await decide_membership(asked.id, approve=True, by_person_id=shop.admin_id)
    second = await decide_membership(asked.id, approve=False, by_person_id=shop.admin_id)

    assert (asked.status, asked.role, again.id) == (MembershipStatus.PENDING, MemberRole.PRODUCER, asked.id)
    assert [m.person_id for m in waiting] == [shop.pending_producer_id, rosa]
    assert approved.status == second.status == MembershipStatus.APPROVED  # the first answer stands
    notices = await Notification.all().order_by("id").values_list("template", "chat_id")
    assert notices == [("membership_request", shop.admin_telegram_id), ("membership_decided", 7001)]
    assert [m.organization_id for m in await my_organizations(rosa)] == [shop.organization_id]


async def test_a_refused_producer_may_ask_again_and_is_asked_about_again(db):
    shop = await make_shop()
    code = await producer_invite_code(shop.organization_id, by_person_id=shop.admin_id)
    rosa = await make_person("Rosa", telegram_user_id=7001)
    first = await request_membership(code, person_id=rosa)
    await decide_membership(first.id, approve=False, by_person_id=shop.admin_id)

    assert await my_organizations(rosa) == ()
    again = await request_membership(code, person_id=rosa)

    assert (again.id, again.status) == (first.id, MembershipStatus.PENDING)
    assert await Notification.filter(template="membership_request").count() == 2


async def test_only_admins_make_links_and_answer_and_a_wrong_code_is_refused(db):
    shop = await make_shop()
    code = await producer_invite_code(shop.organization_id, by_person_id=shop.admin_id)

    with pytest.raises(Forbidden):
        await producer_invite_code(shop.organization_id, by_person_id=shop.producer_id)
    with pytest.raises(NotFound):
        await find_producer_invite("nope")
    pending = await Member.get(person_id=shop.pending_producer_id)
    with pytest.raises(Forbidden):
        await decide_membership(pending.id, approve=True, by_person_id=shop.producer_id)
    assert code == await producer_invite_code(shop.organization_id, by_person_id=shop.admin_id)
    assert (await find_producer_invite(code)).organization_id == shop.organization_id
