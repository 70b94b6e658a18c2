"""Publishing the stock a producer wrote: matching the products, converting units, one transaction."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal as D

import pytest
from tortoise.transactions import in_transaction

from market import clock
from market.enums import OfferEventKind, PriceSource
from market.errors import Forbidden, Invalid
from market.models import Category, Offer, OfferEvent, PriceObservation, Product
from market.rules.names import repeated_lines, same_name
from market.services.catalog.version import catalog_changes, current_catalog_version
from market.services.stock.publishing import PublishItem, match_lines, publish_stock
from market.services.territories.units import local_units
from market.stock_messages import StockLine
from tests.market.services.shop import make_shop
from tests.market.test_stock_messages import table
from tests.support.databases import engine


def line(product, quantity, unit="kg", *, mode="set", price=None, currency=None, price_unit=None, content=None, n=1):
    return StockLine(n, product, D(quantity), unit, mode, None if price is None else D(price), currency,
                     price_unit or (unit if price is not None else None), content)


@pytest.mark.parametrize("a, b, same", [
    ("Tomate", "tomates", True), ("Limón", "limones", True), ("Papa nativa", "papas nativas", True),
    ("Tomate", "tomate de árbol", False), ("Cebolla", "cebollín", False),
])
def test_names_are_the_same_with_accents_capitals_and_plurals_aside(a, b, same):
    assert same_name(a, b) is same


async def test_lines_find_their_products_or_the_closest_names(db):
    shop = await make_shop()  # Tomate (kg), Lechuga (unit), Frutilla (kg)

    found, typo, unknown = await match_lines(shop.organization_id, [
        line("tomates", 20), line("lechga", 5, "unit"), line("quinua", 3)])

    assert (found.product_id, found.product_name) == ((await Product.get(name="Tomate")).id, "Tomate")
    assert typo.product_id is None and [name for _, name in typo.suggestions] == ["Lechuga"]
    assert unknown.product_id is None and unknown.suggestions == ()


async def test_publishing_sets_adds_and_sells_out_with_the_events_the_alerts_read(db):
    shop = await make_shop()
    tomate, lechuga, frutilla = [await Product.get(name=n) for n in ("Tomate", "Lechuga", "Frutilla")]
    before = await current_catalog_version()

    published = await publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=[
        PublishItem(line("tomate", "35", price="8.50"), product_id=tomate.id),
        PublishItem(line("lechuga", 5, "unit", mode="add"), product_id=lechuga.id),
        PublishItem(line("frutilla", 0), product_id=frutilla.id),
    ])

    assert [(p.product_name, p.stock, p.price) for p in published] == [
        ("Tomate", D(35), D("8.50")), ("Lechuga", D(15), D("4.00")), ("Frutilla", D(0), D("25.00"))]
    assert [p.events for p in published] == [
        (OfferEventKind.NEW_STOCK, OfferEventKind.PRICE_CHANGE), (OfferEventKind.NEW_STOCK,), (OfferEventKind.SOLD_OUT,)]
    assert await OfferEvent.filter(by_person_id=shop.admin_id).count() == 4
    assert await current_catalog_version() > before


async def test_stock_and_prices_of_products_in_stock_raise_the_stock_version_and_mark_only_their_offers(db):
    shop = await make_shop()
    tomate, lechuga = [await Product.get(name=n) for n in ("Tomate", "Lechuga")]
    before = await catalog_changes(None)

    await publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=[
        PublishItem(line("tomate", "35", price="8.50"), product_id=tomate.id),
        PublishItem(line("lechuga", 5, "unit", mode="add"), product_id=lechuga.id),
    ])

    after = await catalog_changes(None)
    assert (after.version, after.stock_version) == (before.version, before.stock_version + 1)
    assert dict(await Offer.all().values_list("product__name", "stock_version")) == {
        "Tomate": after.stock_version, "Lechuga": after.stock_version, "Frutilla": 0}


async def test_a_new_product_raises_the_catalog_version(db):
    shop = await make_shop()
    category = await Category.first()
    before = await catalog_changes(None)

    await publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=[
        PublishItem(line("zapallo", 0, price="3.00"), new_category_id=category.id)])

    after = await catalog_changes(None)
    assert (after.version, after.stock_version) == (before.version + 1, before.stock_version)


async def test_quintals_and_a_price_per_quintal_become_kilos_and_a_price_per_kilo(db):
    shop = await make_shop()
    tomate = await Product.get(name="Tomate")

    published, = await publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=[
        PublishItem(line("tomate", 2, "quintal", price=230, currency="BOB"), product_id=tomate.id)])

    assert (published.stock, published.unit, published.price) == (D(92), "kg", D(5))  # 46 kg a quintal, Bs230 / 46


async def test_a_new_product_is_made_in_its_category_and_needs_a_price(db):
    shop = await make_shop()
    category = await Category.first()

    with pytest.raises(Invalid) as refused:
        await publish_stock(shop.organization_id, by_person_id=shop.producer_id, items=[
            PublishItem(line("quinua real", 10), new_category_id=category.id)])
    published, = await publish_stock(shop.organization_id, by_person_id=shop.producer_id, items=[
        PublishItem(line("quinua real", 10, price=18), new_category_id=category.id)], photo_file_id="photo-1")

    assert refused.value.code == "price_needed"
    product = await Product.get(id=published.product_id)
    assert (product.name, product.category_id, product.photo_file_id) == ("Quinua real", category.id, "photo-1")
    offer = await Offer.get(product_id=product.id)
    assert (offer.stock, offer.unit, offer.price, offer.currency) == (D(10), "kg", D(18), "BOB")


async def test_a_refused_line_publishes_nothing_of_the_message(db):
    shop = await make_shop()
    tomate, lechuga = [await Product.get(name=n) for n in ("Tomate", "Lechuga")]

    with pytest.raises(Invalid) as refused:
        await publish_stock(shop.organization_id, by_person_id=shop.producer_id, items=[
            PublishItem(line("tomate", 50), product_id=tomate.id),
            PublishItem(line("lechuga", 3, "kg"), product_id=lechuga.id)])  # sold by the unit: not comparable

    assert (refused.value.code, refused.value.params) == ("unit_mismatch", {"product": "Lechuga", "unit": "unit"})
    assert (await Offer.get(product_id=tomate.id)).stock == D(20)
    assert not await OfferEvent.exists()


async def test_a_price_in_another_currency_and_someone_outside_are_refused(db):
    shop = await make_shop()
    tomate = await Product.get(name="Tomate")

    with pytest.raises(Invalid) as refused:
        await publish_stock(shop.organization_id, by_person_id=shop.producer_id, items=[
            PublishItem(line("tomate", 5, price=3, currency="BRL"), product_id=tomate.id)])
    with pytest.raises(Forbidden):
        await publish_stock(shop.organization_id, by_person_id=shop.pending_producer_id, items=[
            PublishItem(line("tomate", 5), product_id=tomate.id)])

    assert refused.value.code == "currency_mismatch"
    assert await local_units(shop.territory_id) == {}


def _keys(cell: str) -> list[tuple[int, object]]:
    return [(int(n), int(k) if k.isdigit() else k.strip('"')) for n, k in
            (pair.strip("() ").split(", ") for pair in cell.split("), ("))]


@pytest.mark.parametrize("keys, repeated", table(repeated_lines))
def test_repeated_lines_follows_its_table(keys, repeated):
    expected = {int(a): int(b) for a, b in (p.split(": ") for p in repeated.strip("{}").split(", ") if p)}

    assert repeated_lines(_keys(keys)) == expected


async def test_a_message_naming_one_product_twice_is_refused_and_changes_nothing(db):
    shop = await make_shop()
    tomate = await Product.get(name="Tomate")
    before = await Offer.get(product_id=tomate.id)

    with pytest.raises(Invalid) as refused:
        await publish_stock(shop.organization_id, by_person_id=shop.producer_id, items=[
            PublishItem(line("tomate", 20, price="8.50", n=1), product_id=tomate.id),
            PublishItem(line("lechuga", 5, "unit", n=2), product_id=(await Product.get(name="Lechuga")).id),
            PublishItem(line("tomates", 1, price="50", n=3), product_id=tomate.id),
        ])

    assert (refused.value.code, refused.value.params) == ("duplicate_product", {"product": "tomates", "line": 3,
                                                                               "first": 1})
    after = await Offer.get(product_id=tomate.id)
    assert (after.stock, after.price) == (before.stock, before.price)
    assert not await OfferEvent.exists() and not await PriceObservation.exists()


async def test_a_new_product_named_like_a_spreadsheet_formula_is_refused(db):
    shop = await make_shop()
    hostile = '=hyperlink("http://evil.example/","factura")'

    with pytest.raises(Invalid) as refused:
        await publish_stock(shop.organization_id, by_person_id=shop.producer_id, items=[
            PublishItem(line(hostile, 10, price=18), new_category_id=(await Category.first()).id)])

    assert (refused.value.code, refused.value.params) == ("bad_name", {"product": "=" + hostile[1:]})
    assert not await Product.filter(name__startswith="=").exists()


async def _price(shop, tomate, price):
    # The organization's price: its admin sets it (a producer's other price is refused).
    await publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=[
        PublishItem(line("tomate", 20, price=price), product_id=tomate.id)])


async def test_a_producer_price_is_observed_once_a_day_the_days_last_price_standing(db):
    shop = await make_shop()  # in La Paz, where the tests start at 11:00
    tomate = await Product.get(name="Tomate")

    for i in range(40):  # the attack, as separate posts: 50, 51, 50, 51...
        await _price(shop, tomate, 50 + i % 2)
    clock.advance(timedelta(hours=12))  # 23:00 in La Paz, still the same day
    late = clock.now()
    await _price(shop, tomate, "8.50")
    same_day = await PriceObservation.filter(source=PriceSource.PRODUCER).values_list("price", "observed_at")
    clock.advance(timedelta(hours=2))  # 01:00 the next day
    await _price(shop, tomate, 9)

    assert [(D(price), at >= late) for price, at in same_day] == [(D("8.50"), True)]
    prices = await PriceObservation.filter(source=PriceSource.PRODUCER).order_by("observed_at").values_list(
        "price", flat=True)
    assert [D(p) for p in prices] == [D("8.50"), D(9)]


@pytest.mark.postgres_only
@pytest.mark.skipif(engine() != "postgres", reason="needs PostgreSQL's row locks")
async def test_a_message_naming_products_in_any_order_locks_their_offers_as_checkout_does_and_never_deadlocks(db):
    # Checkout locks an organization's offers in offer order. A message listing Lechuga before Tomate must not hold
    # Lechuga's offer while it waits for Tomate's: a checkout holding Tomate's and wanting Lechuga's would then wait
    # on the message in a cycle, and PostgreSQL would kill one of them.
    shop = await make_shop()
    tomate, lechuga = [await Product.get(name=n) for n in ("Tomate", "Lechuga")]
    first, second = sorted([shop.offers["Tomate"], shop.offers["Lechuga"]])
    holding, release = asyncio.Event(), asyncio.Event()

    async def checkout_like() -> None:
        async with in_transaction():
            await Offer.filter(id=first).select_for_update()
            holding.set()
            await release.wait()
            await Offer.filter(id=second).select_for_update()  # the message must not hold it meanwhile

    checkout = asyncio.create_task(checkout_like())
    await holding.wait()
    message = asyncio.create_task(publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=[
        PublishItem(line("lechuga", 7, "unit"), product_id=lechuga.id),
        PublishItem(line("tomate", 30), product_id=tomate.id),
    ]))
    await asyncio.sleep(0.3)  # the message reaches its lock wait
    release.set()

    await asyncio.wait_for(checkout, 10)
    published = await asyncio.wait_for(message, 10)
    assert [(p.product_name, p.stock) for p in published] == [("Lechuga", D(7)), ("Tomate", D(30))]
