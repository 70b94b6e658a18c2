"""Whose product a round sold: its close takes what the members got from the offer's lots, oldest first, racing
checkouts of the same offer without ever taking a lot below zero; a settled round's sale is in each producer's
statement, adding up to its members' bills."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal as D

from market.enums import LotChangeReason
from market.errors import Conflict
from market.models import Lot, LotChange, Member, Offer, Organization, RoundAllocation, RoundLotTake
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.settlement import settle_round
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.organizations.statements import statements_page
from market.services.stock.publishing import PublishItem, publish_stock
from market.stock_messages import StockLine
from tests.market.services.round_world import CLOSES, RoundWorld, make_round_world
from tests.market.services.shop import make_person

LATER = CLOSES + timedelta(minutes=1)


async def post_lot(world: RoundWorld, person_id: int, quantity: str, feria_clock) -> int:
    """The person (a producer of the shop) sets their Tomate lot; a minute later than the last post."""
    feria_clock.advance(timedelta(minutes=1))
    offer = await Offer.get(id=world.shop.offers["Tomate"])
    await publish_stock(world.shop.organization_id, by_person_id=person_id,
                        items=[PublishItem(StockLine(1, "Tomate", D(quantity), "kg", "set"), offer.product_id)])
    member = await Member.get(organization_id=world.shop.organization_id, person_id=person_id)
    return (await Lot.get(offer_id=offer.id, member_id=member.id)).id


async def family(world: RoundWorld, name: str, telegram_user_id: int) -> int:
    person = await make_person(name, telegram_user_id=telegram_user_id)
    await Member.create(organization_id=world.shop.organization_id, person_id=person, role="producer",
                        status="approved")
    return person


async def offer_and_lots(offer_id: int) -> tuple[D, dict[int, D]]:
    stock = D((await Offer.get(id=offer_id)).stock)
    return stock, {i: D(s) for i, s in await Lot.filter(offer_id=offer_id).values_list("id", "stock")}


async def two_lots_and_nine_kilos_ordered(world: RoundWorld, first: int, second: int, feria_clock) -> tuple[int, int]:
    """Tomate holds only two families' lots, 5 kg posted first and 10 kg after; A orders 3 kg and B 6 kg (3 packs)."""
    offer_id = world.shop.offers["Tomate"]
    older = await post_lot(world, first, "5", feria_clock)
    newer = await post_lot(world, second, "10", feria_clock)
    await Lot.filter(offer_id=offer_id, own_key=offer_id).update(stock=0)  # the shop's own 100 kg: sold elsewhere
    await Offer.filter(id=offer_id).update(stock=15)
    for name, quantity, hours in (("A", 3, 2), ("B", 6, 1)):
        await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members[name], quantity=quantity,
                             tolerance=0, now=CLOSES - timedelta(hours=hours))
    return older, newer


async def test_a_close_takes_what_the_members_got_from_the_oldest_lot_first_and_keeps_whose_it_was(db, feria_clock):
    world = await make_round_world(("A", "B"))
    offer_id = world.shop.offers["Tomate"]
    older, newer = await two_lots_and_nine_kilos_ordered(
        world, world.shop.producer_id, await family(world, "Don Ramiro", 7001), feria_clock)

    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    stock, lots = await offer_and_lots(offer_id)
    assert stock == D(6) == sum(lots.values())  # 15 less the 9 kg (3 packs of 3) the members got
    assert (lots[older], lots[newer]) == (D(0), D(6))
    takes = await RoundLotTake.filter(round_offer_id=world.offers["Tomate"]).order_by("id").values_list(
        "lot_id", "quantity")
    assert [(i, D(q)) for i, q in takes] == [(older, D(5)), (newer, D(4))]
    changes = await LotChange.filter(round_offer_id=world.offers["Tomate"]).order_by("id").values_list(
        "lot_id", "before", "after", "reason")
    assert [(i, D(b), D(a), r) for i, b, a, r in changes] == [
        (older, D(5), D(0), LotChangeReason.SOLD), (newer, D(10), D(6), LotChangeReason.SOLD)]


async def test_a_close_that_asks_for_more_than_the_offer_holds_takes_what_it_holds_and_no_lot_goes_below_zero(
        db, feria_clock):
    world = await make_round_world(("A", "B"))
    offer_id = world.shop.offers["Tomate"]
    lot = await post_lot(world, world.shop.producer_id, "4", feria_clock)
    await Lot.filter(offer_id=offer_id, own_key=offer_id).update(stock=0)
    await Offer.filter(id=offer_id).update(stock=4)
    for name, at in (("A", 2), ("B", 1)):  # 4 kg ordered, and tolerances that fill two packs of 3
        await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members[name], quantity=2,
                             tolerance=1, now=CLOSES - timedelta(hours=at))

    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    got = sum([a.quantity + a.tolerance for a in await RoundAllocation.filter(round_offer_id=world.offers["Tomate"])])
    assert got == 6
    stock, lots = await offer_and_lots(offer_id)
    assert stock == D(0) and set(lots.values()) == {D(0)}  # 4 kg taken of the 6 asked for: the bulk order asks 6
    assert [D(q) for q in await RoundLotTake.filter(lot_id=lot).values_list("quantity", flat=True)] == [D(4)]


async def test_checkouts_racing_a_close_over_several_lots_never_sell_a_kilo_twice(db, feria_clock):
    world = await make_round_world(("A",))
    offer_id = world.shop.offers["Tomate"]
    for i, quantity in enumerate(("4", "3", "5")):
        await post_lot(world, await family(world, f"Familia {i}", 7100 + i), quantity, feria_clock)
    await Lot.filter(offer_id=offer_id, own_key=offer_id).update(stock=0)
    await Offer.filter(id=offer_id).update(stock=12)
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members["A"], quantity=6,
                         tolerance=0, now=CLOSES - timedelta(hours=1))
    buyers = [await make_person(f"Buyer {n}", telegram_user_id=8000 + n) for n in range(5)]
    for buyer in buyers:
        await add_to_cart(buyer, offer_id, D(2))

    results = await asyncio.gather(
        close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER),
        *(place_orders(buyer, idempotency_key=f"k{buyer}") for buyer in buyers), return_exceptions=True)

    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)], results
    placed = sum(isinstance(r, tuple) for r in results[1:])
    round_took = sum([D(q) for q in await RoundLotTake.filter(round_offer_id=world.offers["Tomate"])
                      .values_list("quantity", flat=True)], D(0))
    stock, lots = await offer_and_lots(offer_id)
    assert stock == sum(lots.values()) and min(lots.values()) >= 0
    assert round_took + 2 * placed + stock == 12
    assert placed >= 3  # the close takes 6 kg at most: three buyers always get theirs


async def test_a_settled_rounds_sale_is_in_each_producers_statement_and_adds_up_to_the_members_bills(
        db, feria_clock):
    world = await make_round_world(("A", "B"))
    organization_id = world.shop.organization_id
    await Organization.filter(id=organization_id).update(margin_rate=D("0.10"))
    reina = world.shop.producer_id
    ramiro = await family(world, "Don Ramiro", 7001)
    world = await make_round_world_again(world)
    await two_lots_and_nine_kilos_ordered(world, reina, ramiro, feria_clock)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=LATER)

    before = await statements_page(organization_id, by_person_id=world.shop.admin_id)
    await settle_round(world.round_id, by_person_id=world.coordinator_id)
    page = await statements_page(organization_id, by_person_id=world.shop.admin_id)

    assert all(not s.sold for s in before.statements)  # closed, not settled: nothing arrived yet
    sold = {s.person_name: s.sold for s in page.statements if s.sold}
    reinas, ramiros = sold.pop(next(n for n in sold if "member 2" in n)), sold.pop("Don Ramiro")
    assert not sold
    assert [(r.product, r.quantity) for r in reinas] == [("Tomate", D(5))]
    assert [(r.product, r.quantity) for r in ramiros] == [("Tomate", D(4))]
    bills = await RoundAllocation.filter(round_offer_id=world.offers["Tomate"]).values_list("amount", "fund_amount")
    amount, fund = sum(D(a) for a, _ in bills), sum(D(f) for _, f in bills)
    rows = reinas + ramiros
    assert sum(r.amount for r in rows) == amount == D("67.50")  # 9 kg at 7.50 (the fund's 5 % inside)
    assert sum(r.fund for r in rows) == fund
    assert sum(r.margin for r in rows) == D("6.75")  # 10 % of 67.50, to the cent
    assert sum(r.due for r in rows) == amount - fund - D("6.75")


async def make_round_world_again(world: RoundWorld) -> RoundWorld:
    """The world's round was opened before the margin was set: a new round freezes the new margin."""
    from market.models import OrderRound
    from market.services.groups.rounds.setup import OpenRound, open_round
    from tests.market.services.round_world import OPENED

    await OrderRound.filter(id=world.round_id).delete()
    view = await open_round(OpenRound(world.group_id, closes_at=CLOSES, offer_ids=tuple(world.shop.offers.values())),
                            by_person_id=world.coordinator_id, now=OPENED)
    by_offer = {o.offer_id: o.id for o in view.offers}
    offers = {name: by_offer[offer_id] for name, offer_id in world.shop.offers.items()}
    return RoundWorld(world.shop, world.group_id, world.coordinator_id, world.second_coordinator_id, world.members,
                      world.member_ids, view.id, offers)
