"""An organization's maturity gathered from what Feria holds: a declaration raises it, a board past its term drops
it, each change is recorded once, and a refused declaration writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from market.enums import DeclarationKind, Maturity, MaturityCriterion, MemberRole, OrderStatus
from market.errors import FeriaError
from market.models import MaturityChange, MaturityDeclaration, Member, Order, Organization
from market.services.organizations.maturity import get_maturity, recompute_all, recompute_maturity
from market.services.organizations.maturity_declarations import declarations_page, declare
from tests.market.services.shop import Shop, make_person
from tests.support.clock import NOW, TODAY


@pytest.fixture
async def papered(shop: Shop) -> Shop:
    """The shop with its papers, a third member, and an order paid a month ago; its statutes not declared."""
    await Organization.filter(id=shop.organization_id).update(tax_number="1234567019")
    third = await make_person("Tercera socia")
    await Member.create(organization_id=shop.organization_id, person_id=third, role=MemberRole.PRODUCER)
    await Order.create(consumer_id=third, organization_id=shop.organization_id, status=OrderStatus.DELIVERED,
                       currency="BOB", total=Decimal("10"), fund_total=Decimal("0.50"), paid_at=NOW - timedelta(30))
    return shop


async def levels(shop: Shop) -> list[tuple[str, str]]:
    return [(c.from_level, c.to_level) for c in await MaturityChange.filter(
        organization_id=shop.organization_id).order_by("id")]


async def test_without_declared_statutes_it_is_embryonic_and_needs_only_them(papered):
    view = await get_maturity(papered.organization_id, now=NOW)

    assert (view.level, view.raise_by) == (Maturity.EMBRYONIC, (MaturityCriterion.STATUTES,))
    assert set(view.met) >= {MaturityCriterion.LEGAL_PAPERS, MaturityCriterion.MEMBERS, MaturityCriterion.SALES,
                             MaturityCriterion.BOARD_IN_TERM}


async def test_declaring_the_statutes_raises_the_level_and_the_change_is_recorded_once(papered):
    await recompute_maturity(papered.organization_id, now=NOW)  # the shop's label "consolidating" read anew

    page = await declare(papered.organization_id, DeclarationKind.STATUTES, date(2019, 3, 15),
                         by_person_id=papered.admin_id, now=NOW)
    again = await recompute_all(NOW)

    assert page.maturity.level == Maturity.CONSOLIDATING
    assert [(d.kind, d.happened_on) for d in page.items] == [(DeclarationKind.STATUTES, date(2019, 3, 15))]
    assert again == 0
    assert await levels(papered) == [("consolidating", "embryonic"), ("embryonic", "consolidating")]
    change = await MaturityChange.filter(organization_id=papered.organization_id).order_by("-id").first()
    assert change is not None and "statutes" in change.evidence["met"] and change.evidence["raise_by"]
    assert (await Organization.get(id=papered.organization_id)).maturity == Maturity.CONSOLIDATING


async def test_a_board_past_its_term_drops_the_level_until_it_is_renewed(papered):
    await declare(papered.organization_id, DeclarationKind.STATUTES, date(2019, 3, 15),
                  by_person_id=papered.admin_id, now=NOW)
    await Organization.filter(id=papered.organization_id).update(term_months=1)

    changed = await recompute_maturity(papered.organization_id, now=NOW + timedelta(days=62))
    view = await get_maturity(papered.organization_id, now=NOW + timedelta(days=62))

    assert changed == Maturity.EMBRYONIC
    assert view.raise_by == (MaturityCriterion.BOARD_IN_TERM,)


async def test_an_assembly_older_than_a_year_is_kept_but_does_not_count(papered):
    await declare(papered.organization_id, DeclarationKind.ASSEMBLY, TODAY - timedelta(days=400),
                  by_person_id=papered.admin_id, now=NOW)

    view = await get_maturity(papered.organization_id, now=NOW)

    assert MaturityCriterion.ASSEMBLY not in view.met
    assert await MaturityDeclaration.filter(organization_id=papered.organization_id).count() == 1


@pytest.mark.parametrize(("day", "code"), [
    (TODAY + timedelta(days=1), "declared_day_in_future"),
    (date(1899, 12, 31), "declared_day_too_early"),
])
async def test_a_day_to_come_or_too_long_ago_is_refused_and_nothing_is_written(papered, day, code):
    with pytest.raises(FeriaError) as refused:
        await declare(papered.organization_id, DeclarationKind.ASSEMBLY, day, by_person_id=papered.admin_id, now=NOW)

    assert refused.value.code == code
    assert await MaturityDeclaration.all().count() == 0 and await MaturityChange.all().count() == 0


async def test_only_its_admins_declare_or_read_the_declarations(papered):
    for person in (papered.producer_id, papered.pending_producer_id):
        with pytest.raises(FeriaError) as refused:
            await declare(papered.organization_id, DeclarationKind.STATUTES, TODAY, by_person_id=person, now=NOW)
        assert refused.value.code == "not_an_admin"
        with pytest.raises(FeriaError):
            await declarations_page(papered.organization_id, by_person_id=person)

    assert await MaturityDeclaration.all().count() == 0
