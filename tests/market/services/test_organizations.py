"""An organization's public profile."""

from decimal import Decimal

import pytest

from market.demo.seed import seed_demo
from market.enums import MemberRole, MembershipStatus, SealStatus
from market.errors import NotFound
from market.models import Member, Person, Seal
from market.services.catalog.organization_page import get_organization_profile
from tests.market.services.catalog_fixtures import TODAY, bolivia, days, organization, product, seal


@pytest.fixture
async def demo(db):
    await seed_demo(TODAY)


async def test_a_profile_tells_the_legal_form_maturity_place_fund_rate_and_pickup_point(demo):
    profile = await get_organization_profile("coraca-irupana", today=TODAY)

    # Built for "consolidated": its papers, statutes, register, women on its board and among its producers.
    assert (profile.name, profile.legal_form, profile.maturity) == ("CORACA Irupana", "coraca", "consolidated")
    assert {"member_register", "women_on_board", "statutes"} <= set(profile.maturity_view.met)
    assert profile.maturity_view.raise_by == ()
    assert (profile.territory_code, profile.territory_name, profile.country_code) == ("bo-lpz-irupana", "Irupana", "BO")
    assert profile.solidarity_fund_rate == Decimal("0.05")
    assert profile.pickup_point.startswith("Oficina de CORACA")
    assert profile.producer_count == 4  # its three producers and its admin


async def test_a_profile_lists_the_active_products_in_stock_or_not_and_which_are_sealed(demo):
    profile = await get_organization_profile("coraca-irupana", today=TODAY)

    assert profile.product_count == 7 and profile.products.next_after is None
    assert [(p.name, p.sealed) for p in profile.products.items] == [
        ("Amaranto", True), ("Café orgánico de Yungas", True), ("Chocolate amargo", False), ("Mandarina", False),
        ("Miel de abeja de Yungas", True), ("Naranja", False), ("Quinua real", True),
    ]
    assert {p.name: p.stock for p in profile.products.items}["Miel de abeja de Yungas"] == Decimal("0")


async def test_seals_are_split_into_current_and_other_latest_first(db):
    places = await bolivia()
    holder = await organization("amboro", places["bo-scz"])
    await seal(holder, [], valid_from=days(-800), valid_until=days(-400), code="AAAAAAAA")
    await seal(holder, [], valid_from=days(-30), valid_until=days(300), code="BBBBBBBB")
    await seal(holder, [], status=SealStatus.IN_REVIEW, valid_from=None, valid_until=None, code="CCCCCCCC")
    revoked = await seal(holder, [], status=SealStatus.REVOKED, valid_until=days(50), code="DDDDDDDD")
    await Seal.filter(id=revoked.id).update(status_reason="Uso de herbicida en la parcela.")

    profile = await get_organization_profile("amboro", today=TODAY)

    assert [s.code for s in profile.current_seals] == ["BBBBBBBB"]
    assert [(s.code, s.status) for s in profile.other_seals] == [
        ("CCCCCCCC", SealStatus.IN_REVIEW), ("DDDDDDDD", SealStatus.REVOKED), ("AAAAAAAA", SealStatus.EXPIRED)
    ]
    # The reason a seal was suspended or revoked is shown with it.
    assert profile.other_seals[1].status_reason == "Uso de herbicida en la parcela."


async def test_only_approved_members_count_as_producer_members_its_admins_among_them(db):
    places = await bolivia()
    holder = await organization("amboro", places["bo-scz"])
    roles = [(MemberRole.PRODUCER, MembershipStatus.APPROVED), (MemberRole.PRODUCER, MembershipStatus.PENDING),
             (MemberRole.PRODUCER, MembershipStatus.LEFT), (MemberRole.ADMIN, MembershipStatus.APPROVED)]
    for n, (role, status) in enumerate(roles):
        person = await Person.create(name=f"Socia {n}", telegram_user_id=200 + n)
        await Member.create(organization=holder, person=person, role=role, status=status)
    await product(holder, "Tomate", active=False)

    profile = await get_organization_profile("amboro", today=TODAY)

    assert profile.producer_count == 2  # the approved producer and the approved admin
    assert (profile.product_count, profile.products.items) == (0, ())


async def test_an_unknown_organization_has_no_profile(db):
    with pytest.raises(NotFound) as refused:
        await get_organization_profile("nobody", today=TODAY)

    assert refused.value.code == "organization_not_found"


async def test_a_profile_holds_the_first_page_of_products_and_how_many_there_are(db):
    places = await bolivia()
    holder = await organization("amboro", places["bo-scz"])
    for name in ("Café", "Miel", "Cacao", "Achachairú"):
        await product(holder, name)

    profile = await get_organization_profile("amboro", today=TODAY, products_limit=3)

    assert profile.product_count == 4
    assert [p.name for p in profile.products.items] == ["Achachairú", "Cacao", "Café"]
    assert profile.products.next_after == profile.products.items[-1].id
