"""The catalog's versions: every write that changes search or a card raises one, in its own transaction; a change of
stock alone raises the stock version and marks its offers, one that moves a product in or out of a search the
catalog's."""

from decimal import Decimal

import pytest
from tortoise.transactions import in_transaction

from market.demo.seed import seed_demo
from market.errors import Conflict
from market.models import CatalogVersion, Offer
from market.services.catalog.version import (
    bump_catalog_version,
    bump_stock_version,
    catalog_changes,
    current_catalog_version,
    written_catalog_version,
    written_stock_version,
)
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.status import cancel_order
from market.services.seals.reviews import reinstate_seal, revoke_seal, suspend_seal
from tests.market.services.catalog_fixtures import TODAY
from tests.market.services.seal_world import make_seal_world
from tests.market.services.shop import make_person, make_shop
from tests.market.services.test_seal_reviews import review


@pytest.fixture
async def world(db):
    return await make_seal_world()


async def test_an_empty_catalog_is_at_version_zero(db):
    assert await current_catalog_version() == 0


async def test_each_bump_raises_the_version_by_one_and_this_process_knows_it(db):
    first = await bump_catalog_version()

    second = await bump_catalog_version()

    assert (first, second) == (1, 2)
    assert await current_catalog_version() == 2
    assert written_catalog_version() >= 2
    assert await CatalogVersion.all().count() == 1


async def test_a_bump_in_a_rolled_back_transaction_leaves_the_version_as_it_was(db):
    await bump_catalog_version()

    with pytest.raises(RuntimeError):
        async with in_transaction():
            await bump_catalog_version()
            raise RuntimeError("the write failed after the bump")

    assert await current_catalog_version() == 1


async def versions() -> tuple[int, int]:
    changes = await catalog_changes(None)
    return changes.version, changes.stock_version


async def marks() -> dict[str, int]:
    """The stock version each offer was last marked at, by product name (0: never)."""
    return dict(await Offer.all().values_list("product__name", "stock_version"))


@pytest.mark.parametrize("row_made", [False, True], ids=["first write", "version row made"])
async def test_a_checkout_that_leaves_stock_raises_the_stock_version_and_marks_only_its_offers(shop, consumer, row_made):
    # On PostgreSQL, once the versions' row is made, checkout raises and marks in its lots' statement; before, the
    # bump makes the row.
    if row_made:
        await bump_catalog_version()
    await add_to_cart(consumer, shop.offers["Tomate"], Decimal("2"))
    await add_to_cart(consumer, shop.offers["Lechuga"], Decimal("1"))
    before = await versions()

    await place_orders(consumer, idempotency_key="k1")

    assert await versions() == (before[0], before[1] + 1)
    assert await marks() == {"Tomate": before[1] + 1, "Lechuga": before[1] + 1, "Frutilla": 0}
    assert written_stock_version() >= before[1] + 1


async def test_a_checkout_that_takes_the_last_units_raises_the_catalog_version(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], Decimal("2"))
    await add_to_cart(consumer, shop.offers["Frutilla"], Decimal("3"))  # all there is: no longer in stock
    before = await versions()

    await place_orders(consumer, idempotency_key="k1")

    assert await versions() == (before[0] + 1, before[1])


async def test_the_products_marked_since_a_stock_version_are_told_with_the_versions_in_one_query(db, queries):
    shop = await make_shop()
    first = await bump_stock_version([shop.offers["Tomate"]])
    second = await bump_stock_version([shop.offers["Lechuga"], shop.offers["Tomate"]])
    ids = dict(await Offer.all().values_list("product__name", "product_id"))
    queries.start()

    since_first = await catalog_changes(first)
    since_none = await catalog_changes(None)
    since_second = await catalog_changes(second)

    assert len(queries.statements) == 3
    assert since_first.marked == {ids["Tomate"]: second, ids["Lechuga"]: second}
    assert since_none.marked == since_second.marked == {}
    assert since_first.stock_version == since_none.stock_version == second == first + 1


async def test_an_empty_catalog_has_no_changes(db):
    changes = await catalog_changes(None)

    assert (changes.version, changes.stock_version, changes.marked) == (0, 0, {})


async def test_a_checkout_refused_for_lack_of_stock_leaves_the_version_as_it_was(shop, consumer):
    other = await make_person("Hugo Vargas", telegram_user_id=502)
    for person in (consumer, other):
        await add_to_cart(person, shop.offers["Tomate"], Decimal("2"))
        await add_to_cart(person, shop.offers["Frutilla"], Decimal("3"))
    await place_orders(other, idempotency_key="first")  # takes the last strawberries
    before = await versions(), await marks()

    with pytest.raises(Conflict):
        await place_orders(consumer, idempotency_key="second")

    assert (await versions(), await marks()) == before


async def test_the_same_checkout_again_changes_nothing_and_raises_nothing(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], Decimal("2"))
    await place_orders(consumer, idempotency_key="k1")
    before = await versions(), await marks()

    await place_orders(consumer, idempotency_key="k1")

    assert (await versions(), await marks()) == before


async def test_a_cancelled_order_returning_its_stock_raises_the_stock_version(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], Decimal("2"))
    (order,) = await place_orders(consumer, idempotency_key="k1")
    before = await versions()

    await cancel_order(order.id, by_person_id=consumer)

    assert await versions() == (before[0], before[1] + 1)
    assert (await marks())["Tomate"] == before[1] + 1


async def test_a_cancelled_order_returning_stock_to_an_emptied_offer_raises_the_catalog_version(shop, consumer):
    await add_to_cart(consumer, shop.offers["Frutilla"], Decimal("3"))
    (order,) = await place_orders(consumer, idempotency_key="k1")
    before = await versions()

    await cancel_order(order.id, by_person_id=consumer)  # in stock again: found by in_stock searches

    assert await versions() == (before[0] + 1, before[1])


async def test_granting_suspending_reinstating_and_revoking_a_seal_each_raise_the_version(world):
    before = await current_catalog_version()
    granted = await review(world)
    code, rocio = granted.seal.code, world.people["rocio"]

    await suspend_seal(code, reason="Uso de herbicida", acting_person_id=rocio, today=TODAY)
    await reinstate_seal(code, acting_person_id=rocio, today=TODAY)
    await revoke_seal(code, reason="Reincidencia", acting_person_id=rocio, today=TODAY)

    assert await current_catalog_version() == before + 4


async def test_seeding_the_demo_raises_the_version(db):
    await seed_demo(TODAY)

    assert await current_catalog_version() == 1


async def test_a_stock_bump_on_a_database_without_the_versions_row_makes_it_and_marks_the_offers(shop):
    """The row is made on first use (an emptied database has none); on PostgreSQL the raise and the marks are one
    statement, which then finds nothing to raise, and the bump falls back to making the row."""
    await CatalogVersion.all().delete()
    before = await marks()

    async with in_transaction():
        version = await bump_stock_version([shop.offers["Tomate"]])

    assert version == 1
    assert await versions() == (0, 1)
    assert await marks() == {**before, "Tomate": 1}
