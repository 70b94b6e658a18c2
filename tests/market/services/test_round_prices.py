"""One price rule: a round prices an order unit exactly as the cart prices that quantity of the offer, the fund's
share inside; a round opened before the rule (fund_inside False) keeps the prices and bills it had."""

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest

from market import clock
from market.db import close_database, open_database
from market.demo.seed import seed_demo
from market.enums import GroupRole, OfferStatus, OrganizationStatus
from market.models import GroupMember, Offer, RoundOffer
from market.services.groups.rounds.bills import get_member_bill
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.setup import OpenRound, open_round
from market.services.groups.rounds.views import get_round
from market.services.orders.cart import add_to_cart, remove_from_cart
from tests.market.services.round_world import make_round_world
from tests.market.services.test_rounds import LATER, order
from tests.support.clock import TODAY

D = Decimal


@pytest.fixture
async def demo(seeded) -> AsyncIterator[None]:
    """The ORM open on this test's copy of the demo."""
    ctx = await open_database(await seeded(lambda: seed_demo(TODAY), ("demo", TODAY)))
    yield
    await close_database(ctx)


async def test_every_demo_offer_costs_the_same_per_order_unit_in_a_round_as_in_the_cart(demo):
    coordinator = await GroupMember.filter(role=GroupRole.COORDINATOR).order_by("id").first()
    assert coordinator is not None
    offers = await Offer.filter(
        status=OfferStatus.ACTIVE, product__active=True, product__organization__status=OrganizationStatus.APPROVED
    ).select_related("product__organization").order_by("id")
    assert len(offers) >= 30  # the demo's catalog, not an empty loop

    # An offer sold out in the demo (honey) is priced all the same: give the cart something to hold.
    await Offer.filter(id__in=[o.id for o in offers if o.stock < o.order_unit_quantity]).update(stock=D(100))

    compared = []
    for offer in offers:
        opened = await open_round(OpenRound(coordinator.group_id, clock.now() + timedelta(days=2), (offer.id,)),
                                  by_person_id=coordinator.person_id)
        (in_round,) = opened.offers
        cart = await add_to_cart(coordinator.person_id, offer.id, offer.order_unit_quantity)
        (organization,) = cart.organizations
        (line,) = organization.lines
        await remove_from_cart(coordinator.person_id, offer.id)
        compared.append((offer.product.name, in_round.member_price, in_round.member_price - in_round.producer_price))
        assert (line.product_name, line.amount, organization.fund_amount) == compared[-1]

    cafe = next(c for c in compared if c[0] == "Café tostado en grano")
    assert cafe[1:] == (D("47.50"), D("1.43"))  # Bs95 the kg, half a kilo a unit: no more than alone


async def test_a_round_opened_before_the_rule_keeps_its_prices_and_its_bills(db):
    world = await make_round_world()
    await RoundOffer.filter(round_id=world.round_id).update(fund_inside=False)  # as migration 0031 left older rounds
    await order(world, "A", "Tomate", 3, 0, minutes=20)
    await order(world, "B", "Café", 4, 0, minutes=21)

    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    offers = {o.product_name: o for o in (await get_round(world.round_id)).offers}
    assert (offers["Tomate"].producer_price, offers["Tomate"].member_price) == (D("7.50"), D("7.88"))
    assert (offers["Café"].producer_price, offers["Café"].member_price) == (D("47.50"), D("49.88"))
    bill_a = await get_member_bill(world.round_id, world.members["A"])
    bill_b = await get_member_bill(world.round_id, world.members["B"])
    assert (bill_a.total, bill_a.fund_total) == (D("23.64"), D("1.14"))
    assert (bill_b.total, bill_b.fund_total) == (D("199.52"), D("9.52"))


async def test_a_new_round_charges_the_offer_price_with_the_fund_inside(db):
    world = await make_round_world()
    await order(world, "A", "Tomate", 3, 0, minutes=20)
    await order(world, "B", "Café", 4, 0, minutes=21)

    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    offers = {o.product_name: o for o in (await get_round(world.round_id)).offers}
    assert (offers["Tomate"].producer_price, offers["Tomate"].member_price) == (D("7.12"), D("7.50"))
    assert (offers["Café"].producer_price, offers["Café"].member_price) == (D("45.12"), D("47.50"))
    bill_a = await get_member_bill(world.round_id, world.members["A"])
    bill_b = await get_member_bill(world.round_id, world.members["B"])
    assert (bill_a.total, bill_a.fund_total) == (D("22.50"), D("1.14"))
    assert (bill_b.total, bill_b.fund_total) == (D("190.00"), D("9.52"))

