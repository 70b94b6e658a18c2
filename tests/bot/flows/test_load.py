"""Load on loopback: many people at once through the bot, and many checkouts racing for few units.

Correctness only: nothing oversold, nobody left without an answer, no deadlock, no error. How fast
it goes is measured in bench/ (bot_throughput.py and checkout.py, summed up in BENCHMARKS.md); the
figures of a run here are logged at INFO (`pytest -o log_cli=true`) and never asserted.
"""

from __future__ import annotations

import asyncio
import logging
import random
import statistics
import time
from decimal import Decimal

import pytest

from market.enums import InboxStatus
from market.errors import Conflict
from market.models import CartItem, InboxUpdate, Offer, OrderLine, Product
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from tests.market.services.shop import make_person, make_shop
from tests.support.orders import placed_orders

log = logging.getLogger(__name__)

BROWSERS, BUYERS, UNITS = 15, 25, 8


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def browse(person, timings: list[float]) -> str:
    """Menu → products → a category → every region → the first product's card."""
    async def step(action):
        started = time.perf_counter()
        result = await action()
        timings.append(time.perf_counter() - started)
        return result

    async def says(text):
        await person.says(text)
        return await person.receives(timeout=60)

    async def presses(message, label):
        await person.presses(label, message=message)
        return await person.sees_edited(message, timeout=60)

    menu = await step(lambda: says("/start"))
    categories = await step(lambda: presses(menu, "🧺 Ver productos"))
    regions = await step(lambda: presses(categories, "Café y cacao (8)"))
    page = await step(lambda: presses(regions, "Todas las regiones"))
    card = await step(lambda: presses(page, "Café tostado en grano"))
    return card.text


async def test_forty_people_browsing_and_ordering_at_once_are_all_answered_and_nothing_is_oversold(
    feria, people
):
    coffee = await Product.get(name="Café pergamino")
    await Offer.filter(product=coffee).update(stock=Decimal(UNITS))
    browsers = [people.person(7000 + i, f"Visita {i}", language_code="es") for i in range(BROWSERS)]
    buyers = [people.person(7500 + i, f"Compra {i}", language_code="es") for i in range(BUYERS)]
    browse_times: list[float] = []
    buy_times: list[float] = []

    started = time.perf_counter()
    results = await asyncio.gather(
        *(browse(person, browse_times) for person in browsers),
        *(checkout_pickup(people, person, coffee.id, buy_times) for person in buyers),
    )
    elapsed = time.perf_counter() - started

    cards, outcomes = results[:BROWSERS], results[BROWSERS:]
    placed = [text for text in outcomes if text.startswith("✅ Pedido #")]
    refused = [text for text in outcomes if text.startswith("Disponible ahora: 0 quintales de Café pergamino")]
    assert all(card.startswith("Café tostado en grano") for card in cards)
    assert (len(placed), len(refused)) == (UNITS, BUYERS - UNITS), outcomes
    assert await Offer.get(product=coffee).values_list("stock", flat=True) == 0
    assert await OrderLine.filter(offer__product=coffee).count() == UNITS
    assert await placed_orders().count() == UNITS
    everything_said = [m.text or m.caption or "" for p in (*browsers, *buyers) for m in p.messages]
    assert not [text for text in everything_said if "Algo salió mal" in text]
    assert not await InboxUpdate.exclude(status=InboxStatus.DONE).exists()
    log.info(
        "load: %s people, %.1f s, %.1f updates/s; browse step p50 %.0f ms p99 %.0f ms; checkout p99 %.0f ms",
        BROWSERS + BUYERS, elapsed, (len(browse_times) + 5 * len(buy_times)) / elapsed,
        statistics.median(browse_times) * 1000, p99(browse_times) * 1000, p99(buy_times) * 1000,
    )


async def checkout_pickup(people, person, product_id: int, timings: list[float]) -> str:
    """Open the card, add one quintal, check out for pickup; what the person is told at the end."""
    started = time.perf_counter()
    await person.says(f"/start p_{product_id}")
    card = await person.receives(timeout=60)
    await person.presses("+1 quintal", message=card)
    await person.sees_answer(timeout=60)
    await person.says("/carrito")
    cart = await person.receives(timeout=60)
    await person.presses("✅ Finalizar pedido", message=cart)
    how = await person.sees_edited(cart, timeout=60)
    query = await person.presses("📍 Lo retiro yo", message=how)
    answer = await people.wait_for_answer(query, timeout=60)
    timings.append(time.perf_counter() - started)
    if answer.text:  # refused: told in the button's answer
        return answer.text
    return (await person.receives(timeout=60)).text


@pytest.mark.parametrize("buyers,units", [(120, 10)])
async def test_many_concurrent_checkouts_for_few_units_never_oversell_nor_deadlock(db, buyers, units):
    """Each cart holds two offers, added in either order: checkouts lock in one order and never deadlock."""
    shop = await make_shop(products=(("Tomate", "kg", "7.50", str(units)), ("Lechuga", "unit", "4.00", "1000")))
    tomato, lettuce = shop.offers["Tomate"], shop.offers["Lechuga"]
    rng = random.Random(8)
    person_ids = []
    for i in range(buyers):
        person_id = await make_person(f"Comprador {i}", telegram_user_id=20_000 + i)
        offers = [tomato, lettuce] if rng.random() < 0.5 else [lettuce, tomato]
        for offer_id in offers:
            await add_to_cart(person_id, offer_id, Decimal(1))
        person_ids.append(person_id)

    async def checkout(person_id: int) -> str:
        try:
            await place_orders(person_id, idempotency_key=f"load-{person_id}")
        except Conflict as refusal:
            return refusal.code
        return "placed"

    outcomes = await asyncio.wait_for(asyncio.gather(*(checkout(p) for p in person_ids)), timeout=120)

    assert sorted(set(outcomes)) == ["not_enough_stock", "placed"]
    assert outcomes.count("placed") == units
    stock = dict(await Offer.filter(id__in=[tomato, lettuce]).values_list("id", "stock"))
    assert stock[tomato] == 0
    # All or nothing: a refused cart took no lettuce either, and kept its two items.
    assert stock[lettuce] == 1000 - units
    assert await placed_orders().count() == units
    assert await CartItem.all().count() == 2 * (buyers - units)
