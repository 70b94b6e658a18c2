"""A property: whatever producers post, add and take, and consumers buy and cancel, an offer's stock is its lots' sum."""

from __future__ import annotations

import asyncio
from decimal import Decimal as D
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from market.errors import Conflict, Invalid
from market.models import Lot, LotTake, Member, Offer, OrderLine
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.status import cancel_order
from market.services.stock.publishing import PublishItem, publish_stock
from market.stock_messages import StockLine
from tests.market.services.shop import make_person, make_shop

POSTERS = ("admin", "producer", "family", "admin for family")
step = st.one_of(
    st.tuples(st.just("post"), st.sampled_from(POSTERS), st.sampled_from(("set", "add", "take")), st.integers(0, 20)),
    st.tuples(st.just("buy"), st.integers(0, 2), st.integers(1, 12)),
    st.tuples(st.just("cancel"), st.integers(0, 10)),
)
_shops = count(1)


async def offer_and_lots(offer_id: int) -> tuple[D, list[D]]:
    return D((await Offer.get(id=offer_id)).stock), [D(s) for s in await Lot.filter(offer_id=offer_id)
                                                      .values_list("stock", flat=True)]


async def run_program(program: list[tuple]) -> None:
    """Apply the steps through the services; after each, the offer is its lots' sum, and a refusal changed nothing."""
    n = next(_shops)
    shop = await make_shop(f"lots-{n}", name=f"Lots {n}", products=(("Cacao", "kg", "50.00", "30"),),
                           telegram_base=100_000 * n)
    family = await make_person(f"Familia {n}", telegram_user_id=100_000 * n + 50)
    await Member.create(organization_id=shop.organization_id, person_id=family, role="producer", status="approved")
    consumers = [await make_person(f"Rosa {n}.{i}", telegram_user_id=100_000 * n + 60 + i) for i in range(3)]
    who = {"admin": (shop.admin_id, ...), "producer": (shop.producer_id, ...), "family": (family, ...),
           "admin for family": (shop.admin_id, family)}
    offer_id, orders = shop.offers["Cacao"], []
    product_id = (await Offer.get(id=offer_id)).product_id
    for number, action in enumerate(program):
        before = await offer_and_lots(offer_id)
        try:
            if action[0] == "post":
                person, lot_for = who[action[1]]
                line = StockLine(1, "Cacao", D(action[3]), "kg", action[2])
                await publish_stock(shop.organization_id, by_person_id=person, items=[PublishItem(line, product_id)],
                                    lot_for=lot_for)
            elif action[0] == "buy":
                consumer = consumers[action[1]]
                await add_to_cart(consumer, offer_id, D(action[2]))
                orders += [(o.id, consumer) for o in await place_orders(consumer, idempotency_key=f"k{number}")]
            elif orders:
                order_id, consumer = orders[action[1] % len(orders)]
                await cancel_order(order_id, by_person_id=consumer)
        except (Invalid, Conflict):  # refused: nothing changed
            assert await offer_and_lots(offer_id) == before, action
        stock, lots = await offer_and_lots(offer_id)
        assert stock == sum(lots, D(0)) and min(lots) >= 0, (action, stock, lots)
    # Every order line still held is taken from the lots, exactly its quantity; a cancelled one gave all back.
    for line_id, quantity, status in await OrderLine.filter(offer_id=offer_id).values_list(
            "id", "quantity", "order__status"):
        held = sum((D(q) for q in await LotTake.filter(order_line_id=line_id, returned_at__isnull=True)
                    .values_list("quantity", flat=True)), D(0))
        assert held == (0 if status == "cancelled" else D(quantity)), (line_id, status)


async def test_an_offers_stock_is_always_its_lots_sum_whatever_is_posted_bought_and_cancelled(db):
    loop = asyncio.get_running_loop()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(program=st.lists(step, min_size=1, max_size=12))
    def holds(program: list[tuple]) -> None:
        # Hypothesis drives from a thread; each program runs on the test's loop, in the ORM's context.
        asyncio.run_coroutine_threadsafe(run_program(program), loop).result()

    await asyncio.to_thread(holds)
