"""Checkout reads only the lots oldest first may take from: it takes exactly what the rule takes from all of them.

The read (market.services.lots.sales._lots_needed) orders and sums the lots in SQL, on both engines; the rule
(market.rules.lots.take_oldest_first) is the plain-Python statement of whose stock a sale is. Same lots, same plan.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal as D
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from market import clock
from market.enums import LotChangeReason, MemberRole, MembershipStatus
from market.errors import Conflict
from market.models import Lot, LotChange, LotTake, Member, Offer, OrderLine
from market.rules.lots import LotStock, take_oldest_first
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from tests.market.services.shop import make_person, make_shop

_shops = count(1)
# A lot: its stock in thousandths of a kg (0 is an emptied lot), and since when in hours before now (None: never
# filled); equal hours make equal dates, where the lot made first goes first.
lot = st.tuples(st.integers(0, 9_000), st.one_of(st.none(), st.integers(0, 5)))


async def sell(lots: list[tuple[int, int | None]], wanted: int) -> None:
    """An offer held by `lots`, one family each; a buyer checks out `wanted` thousandths of it."""
    n = next(_shops)
    shop = await make_shop(f"lot-sales-{n}", name=f"Lot sales {n}", products=(("Cacao", "kg", "50.00", "0"),),
                           telegram_base=100_000 * n)
    offer_id, now = shop.offers["Cacao"], clock.now()
    await Lot.filter(offer_id=offer_id).delete()
    made = []
    for i, (thousandths, hours) in enumerate(lots):
        family = await make_person(f"Familia {n}.{i}", telegram_user_id=100_000 * n + 100 + i)
        member = await Member.create(organization_id=shop.organization_id, person_id=family,
                                     role=MemberRole.PRODUCER, status=MembershipStatus.APPROVED)
        since = None if hours is None else now - timedelta(hours=hours)
        made.append(await Lot.create(offer_id=offer_id, member_id=member.id, stock=D(thousandths) / 1000,
                                     stocked_since=since))
    held = sum((D(thousandths) / 1000 for thousandths, _ in lots), D(0))
    await Offer.filter(id=offer_id).update(stock=held)
    buyer = await make_person(f"Rosa {n}", telegram_user_id=100_000 * n + 99)
    quantity = D(wanted) / 1000
    plan = take_oldest_first([LotStock(x.id, D(x.stock), x.stocked_since) for x in made], quantity)
    if quantity > held:  # more than the offer holds: the cart says so, and nothing is sold
        return
    await add_to_cart(buyer, offer_id, quantity)

    (order,) = await place_orders(buyer, idempotency_key="k")

    assert plan is not None
    line_id = await OrderLine.filter(order_id=order.id).values_list("id", flat=True)
    takes = await LotTake.filter(order_line_id__in=line_id).order_by("id").values_list("lot_id", "quantity")
    assert sorted((lot_id, D(q)) for lot_id, q in takes) == sorted(plan), (lots, wanted)
    stocks = {x.id: D(x.stock) for x in made}
    changes = await LotChange.filter(order_line_id__in=line_id).values_list("lot_id", "before", "after", "reason")
    assert sorted((i, D(b), D(a), r) for i, b, a, r in changes) == sorted(
        (lot_id, stocks[lot_id], stocks[lot_id] - part, LotChangeReason.SOLD) for lot_id, part in plan)
    left = {i: D(s) for i, s in await Lot.filter(offer_id=offer_id).values_list("id", "stock")}
    assert left == {i: stocks[i] - dict(plan).get(i, D(0)) for i in stocks}


async def test_checkout_takes_from_the_lots_exactly_what_oldest_first_takes_from_all_of_them(db):
    loop = asyncio.get_running_loop()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(lots=st.lists(lot, min_size=1, max_size=8), wanted=st.integers(1, 40_000))
    def same(lots: list[tuple[int, int | None]], wanted: int) -> None:
        # Hypothesis drives from a thread; each example runs on the test's loop, in the ORM's context.
        asyncio.run_coroutine_threadsafe(sell(lots, wanted), loop).result()

    await asyncio.to_thread(same)


async def test_lots_that_hold_less_than_their_offer_refuse_even_when_the_first_lots_would_do(db):
    # The read stops at the lots the line needs; a lot short of its share further on is not this sale's business,
    # but lots short of the line itself refuse it, and nothing is taken.
    shop = await make_shop(products=(("Cacao", "kg", "50.00", "5"),))
    offer_id = shop.offers["Cacao"]
    await Lot.filter(offer_id=offer_id).update(stock=D("1.5"))  # the offer says 5
    buyer = await make_person("Rosa", telegram_user_id=501)
    await add_to_cart(buyer, offer_id, D("2"))

    with pytest.raises(Conflict) as refused:
        await place_orders(buyer, idempotency_key="k")

    assert refused.value.code == "not_enough_stock"
    assert D((await Offer.get(id=offer_id)).stock) == D("5")
    assert await LotTake.all().count() == 0
