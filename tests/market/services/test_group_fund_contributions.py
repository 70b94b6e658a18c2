"""Money a group's coordinators put into the group's own fund: once per key, on the day it came in, never by a
plain member, never on a day still to come; a round's share (the organization's) is not the group's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from market.enums import LedgerAccount, LedgerKind
from market.errors import Forbidden, Invalid
from market.models import GroupMember, LedgerEntry, PurchasingGroup
from market.services.funds import Fund, get_fund, record_contribution
from tests.market.services.shop import make_person


async def group_of(shop) -> tuple[int, int, int]:
    """A group with a coordinator and a member: (group, coordinator person, member person)."""
    coordinator = await make_person("Coordinadora", telegram_user_id=9001)
    member = await make_person("Socia", telegram_user_id=9002)
    group = await PurchasingGroup.create(slug="grupo", name="Grupo Sopocachi", territory_id=shop.territory_id)
    await GroupMember.create(group=group, person_id=coordinator, role="coordinator")
    await GroupMember.create(group=group, person_id=member, role="member")
    return group.id, coordinator, member


async def test_a_contribution_counts_in_the_month_of_its_day_once_and_every_member_reads_it(shop):
    group_id, coordinator, member = await group_of(shop)
    await LedgerEntry.create(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                             group_id=group_id, organization_id=shop.organization_id, amount=D("9.00"), currency="BOB")

    for _ in range(2):
        await record_contribution(group_id, D("150.00"), " cuotas de octubre ", date(2026, 10, 31),
                                  by_person_id=coordinator, key="chat-1")
    await record_contribution(group_id, D("20.50"), "rifa", date(2026, 11, 1), by_person_id=coordinator, key="chat-2")
    view = await get_fund(Fund(group_id=group_id), viewer_person_id=member)

    assert view.balance == D("170.50") and not view.can_record
    assert [(m.year, m.month, m.amount) for m in view.months] == [(2026, 10, D("150.00")), (2026, 11, D("20.50"))]
    assert [(c.day, c.amount, c.what) for c in view.contributions] == [
        (date(2026, 11, 1), D("20.50"), "rifa"), (date(2026, 10, 31), D("150.00"), "cuotas de octubre")]
    rows = await LedgerEntry.filter(group_id=group_id, organization_id=None).values_list("kind", "amount")
    assert sorted((str(k), D(a)) for k, a in rows) == [("fund_contribution", D("20.50")),
                                                         ("fund_contribution", D("150.00"))]


async def test_a_member_cannot_put_money_in_and_a_day_to_come_or_a_bad_amount_is_refused(shop):
    group_id, coordinator, member = await group_of(shop)

    with pytest.raises(Forbidden) as refused:
        await record_contribution(group_id, D("10"), "cuotas", date(2026, 11, 1), by_person_id=member, key="k")
    with pytest.raises(Invalid) as future:
        await record_contribution(group_id, D("10"), "cuotas", date(2027, 1, 1), by_person_id=coordinator, key="k")
    with pytest.raises(Invalid) as cents:
        await record_contribution(group_id, D("10.005"), "cuotas", date(2026, 11, 1), by_person_id=coordinator,
                                  key="k")
    with pytest.raises(Invalid) as blank:
        await record_contribution(group_id, D("10"), "  ", date(2026, 11, 1), by_person_id=coordinator, key="k")

    assert refused.value.code == "not_a_coordinator" and future.value.code == "fund_decided_in_future"
    assert cents.value.code == "amount_below_minor_unit" and blank.value.code == "fund_text_length"
    assert await LedgerEntry.filter(group_id=group_id).count() == 0
