"""Search and product cards answered from memory, yet fresh: a write raises the catalog version and shows; a change
of stock alone drops only the answers that show its products."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
from aiohttp.test_utils import TestClient, TestServer
from tortoise.expressions import F

import market.services.catalog.version as catalog_version
from config import load_settings
from market.models import CatalogVersion, Offer
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.seals.reviews import suspend_seal
from market.services.stock.offers import update_offer
from market.web import create_app
from market.web.api.cache import CATALOG_CACHE, CachedAnswer, CatalogCache
from tests.market.services.catalog_fixtures import TODAY
from tests.market.services.conftest import QueryLog
from tests.market.services.seal_world import make_seal_world
from tests.market.services.shop import make_person, make_shop
from tests.market.services.test_seal_reviews import review
from tests.support.settings import NO_RATE_LIMITS


class FrozenClock:
    """A monotonic clock that moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FrozenClock:
    # Versions that earlier tests' writes reached in this process belong to their databases, not this one's.
    monkeypatch.setattr(catalog_version, "_written", 0)
    monkeypatch.setattr(catalog_version, "_written_stock", 0)
    return FrozenClock()


@pytest.fixture
async def api(database_url, clock) -> AsyncIterator[TestClient]:
    """The app on this test's empty database, trusting a version it read for a minute of `clock`."""
    app = create_app(load_settings({"DATABASE_URL": database_url, **NO_RATE_LIMITS}))
    app[CATALOG_CACHE] = CatalogCache(60, clock=clock)
    async with TestClient(TestServer(app)) as client:
        yield client


@pytest.fixture
def queries(caplog) -> QueryLog:
    return QueryLog(caplog)


async def tomato(api: TestClient, **params) -> dict:
    response = await api.get("/api/v1/products", params={"q": "tomate", **params})
    assert response.status == 200
    (item,) = (await response.json())["items"]
    return item


async def tomato_stock(api: TestClient) -> Decimal:
    return Decimal((await tomato(api))["offer"]["stock"])


def reading(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if f'"{table}"' in s]


async def names(api: TestClient, **params) -> list[str]:
    response = await api.get("/api/v1/products", params=params)
    return [item["name"] for item in (await response.json())["items"]]


async def checkout(shop, product: str, quantity: str) -> None:
    """Rosa buys `quantity` of `product` from the shop."""
    rosa = await make_person("Rosa Quispe", telegram_user_id=501)
    await add_to_cart(rosa, shop.offers[product], Decimal(quantity))
    await place_orders(rosa, idempotency_key="k1")


async def test_the_same_search_again_is_answered_without_a_query(api, queries):
    await make_shop()
    first = await api.get("/api/v1/products", params={"q": "tomate"})
    queries.start()

    again = await api.get("/api/v1/products", params={"q": "tomate"})

    assert await again.read() == await first.read()
    assert queries.statements == []
    assert again.headers["Content-Type"] == first.headers["Content-Type"] == "application/json; charset=utf-8"
    assert again.headers["Content-Language"] == first.headers["Content-Language"]
    assert again.headers["Vary"] == "Accept-Language"


async def test_the_same_search_in_another_language_is_answered_apart(api):
    await make_shop()

    spanish = await api.get("/api/v1/products", params={"q": "tomate", "lang": "es"})
    english = await api.get("/api/v1/products", params={"q": "tomate", "lang": "en"})

    assert (spanish.headers["Content-Language"], english.headers["Content-Language"]) == ("es", "en")
    assert (await spanish.json())["items"][0]["category"] != (await english.json())["items"][0]["category"]


async def test_a_checkout_in_this_process_shows_in_the_next_search_at_once(api):
    shop = await make_shop()
    rosa = await make_person("Rosa Quispe", telegram_user_id=501)
    assert await tomato_stock(api) == 20

    await add_to_cart(rosa, shop.offers["Tomate"], Decimal("2"))
    await place_orders(rosa, idempotency_key="k1")

    assert await tomato_stock(api) == 18


async def test_a_checkout_shows_on_the_product_card_too(api, queries):
    shop = await make_shop()
    rosa = await make_person("Rosa Quispe", telegram_user_id=501)
    product_id = (await tomato(api))["id"]
    await api.get(f"/api/v1/products/{product_id}")
    queries.start()
    await api.get(f"/api/v1/products/{product_id}")
    assert reading(queries.statements, "product") == []

    await add_to_cart(rosa, shop.offers["Tomate"], Decimal("5"))
    await place_orders(rosa, idempotency_key="k1")

    card = await (await api.get(f"/api/v1/products/{product_id}")).json()
    assert Decimal(card["offer"]["stock"]) == 15


async def test_another_process_s_write_shows_once_the_remembered_version_expires(api, clock):
    shop = await make_shop()
    await tomato(api)
    # What another process does: change the stock and raise the version, unseen by this one.
    await Offer.filter(id=shop.offers["Tomate"]).update(stock=F("stock") - 1)
    await CatalogVersion.create(id=1, version=1)

    kept = await tomato_stock(api)
    clock.now += 60
    fresh = await tomato_stock(api)

    assert (kept, fresh) == (20, 19)


async def test_with_no_window_every_request_asks_the_version_and_sees_another_process_s_write(
    database_url, clock
):
    app = create_app(load_settings({"DATABASE_URL": database_url, "CATALOG_CACHE_SECONDS": "0", **NO_RATE_LIMITS}))
    async with TestClient(TestServer(app)) as api:
        shop = await make_shop()
        await tomato(api)
        await Offer.filter(id=shop.offers["Tomate"]).update(stock=F("stock") - 1)
        await CatalogVersion.create(id=1, version=1)

        assert await tomato_stock(api) == 19


async def test_a_checkout_leaves_the_searches_without_its_product_answered_from_memory(api, queries):
    shop = await make_shop()
    lettuce = await api.get("/api/v1/products", params={"q": "lechuga"})
    assert await tomato_stock(api) == 20
    cache = api.app[CATALOG_CACHE]

    await checkout(shop, "Tomate", "2")
    queries.start()
    hits = cache.hits
    again = await api.get("/api/v1/products", params={"q": "lechuga"})

    assert await again.read() == await lettuce.read()
    assert cache.hits == hits + 1
    assert reading(queries.statements, "product") == []  # the versions were asked (a write of its own), not the page
    assert await tomato_stock(api) == 18
    assert cache.hits == hits + 1  # the page with tomatoes was built again


async def test_a_checkout_shows_on_its_product_s_card_and_leaves_another_s_in_memory(api):
    shop = await make_shop()
    tomato_id, lettuce_id = (await tomato(api))["id"], (await tomato(api, q="lechuga"))["id"]
    for product_id in (tomato_id, lettuce_id):
        await api.get(f"/api/v1/products/{product_id}")
    cache = api.app[CATALOG_CACHE]

    await checkout(shop, "Tomate", "5")
    hits = cache.hits
    lettuce = await (await api.get(f"/api/v1/products/{lettuce_id}")).json()
    tomatoes = await (await api.get(f"/api/v1/products/{tomato_id}")).json()

    assert (Decimal(lettuce["offer"]["stock"]), Decimal(tomatoes["offer"]["stock"])) == (10, 15)
    assert cache.hits == hits + 1


async def test_a_checkout_that_takes_the_last_units_takes_the_product_out_of_in_stock_searches_at_once(api):
    shop = await make_shop()
    assert "Frutilla" in await names(api, in_stock="true")

    await checkout(shop, "Frutilla", "3")

    assert await names(api, in_stock="true") == ["Lechuga", "Tomate"]
    assert "Frutilla" in await names(api)  # still sold, with nothing to order


async def test_a_new_price_shows_at_once_where_its_product_shows_and_nowhere_else_is_built_again(api):
    shop = await make_shop()
    await tomato(api)
    await api.get("/api/v1/products", params={"q": "lechuga"})
    cache = api.app[CATALOG_CACHE]

    await update_offer(shop.offers["Tomate"], by_person_id=shop.admin_id, price=Decimal("8.50"))
    misses = cache.misses
    await api.get("/api/v1/products", params={"q": "lechuga"})

    assert (await tomato(api))["offer"]["price"]["amount"] == "8.50"
    assert cache.misses == misses + 1


async def test_another_process_s_checkout_shows_once_the_remembered_versions_expire_and_only_where_it_shows(
    api, clock, monkeypatch
):
    shop = await make_shop()
    await tomato(api)
    await api.get("/api/v1/products", params={"q": "lechuga"})
    cache = api.app[CATALOG_CACHE]
    # Another process's checkout: the same write, which this process then forgets it made.
    written = catalog_version.written_stock_version()
    await checkout(shop, "Tomate", "2")
    monkeypatch.setattr(catalog_version, "_written_stock", written)

    kept = await tomato_stock(api)
    clock.now += 60
    fresh = await tomato_stock(api)
    hits = cache.hits
    await api.get("/api/v1/products", params={"q": "lechuga"})

    assert (kept, fresh) == (20, 18)
    assert cache.hits == hits + 1


async def test_an_offer_that_ends_leaves_the_searches_and_its_card_at_its_end_with_nothing_written(api, feria_clock):
    shop = await make_shop()
    ends = feria_clock.now() + timedelta(hours=1)
    await Offer.filter(id=shop.offers["Tomate"]).update(valid_until=ends)
    product_id = (await tomato(api))["id"]
    before = await names(api, in_stock="true"), await (await api.get(f"/api/v1/products/{product_id}")).json()

    feria_clock.advance(timedelta(hours=1))

    after = await names(api, in_stock="true"), await (await api.get(f"/api/v1/products/{product_id}")).json()
    assert (before[0], before[1]["offer"] is not None) == (["Frutilla", "Lechuga", "Tomate"], True)
    assert (after[0], after[1]["offer"]) == (["Frutilla", "Lechuga"], None)


async def test_requests_that_miss_the_same_answer_at_once_wait_for_one_build(api, queries):
    shop = await make_shop()
    await tomato(api)
    await checkout(shop, "Tomate", "2")
    queries.start()

    answers = await asyncio.gather(*(tomato(api) for _ in range(5)))

    assert [Decimal(a["offer"]["stock"]) for a in answers] == [18] * 5
    assert len(reading(queries.statements, "seal_product")) == 1  # one page read: its seals once


async def test_a_seal_suspension_unseals_the_products_in_search_at_once(api):
    world = await make_seal_world()
    granted = await review(world)
    sealed = await api.get("/api/v1/products", params={"organization": "cafe-amboro"})
    assert all(item["sealed"] for item in (await sealed.json())["items"])

    await suspend_seal(granted.seal.code, reason="Uso de herbicida", acting_person_id=world.people["rocio"],
                       today=TODAY)

    unsealed = await api.get("/api/v1/products", params={"organization": "cafe-amboro"})
    assert not any(item["sealed"] for item in (await unsealed.json())["items"])


async def test_a_refused_search_is_not_kept(api):
    first = await api.get("/api/v1/products", params={"limit": "0"})

    again = await api.get("/api/v1/products", params={"limit": "0"})

    assert first.status == again.status == 400


def test_the_cache_drops_the_least_recently_used_answer_past_its_size():
    cache = CatalogCache(1, entries=2)
    for key in ("a", "b"):
        cache.put(key, CachedAnswer(b"{}", ()))
    cache.get("a")

    cache.put("c", CachedAnswer(b"{}", ()))

    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (CachedAnswer(b"{}", ()), None, CachedAnswer(b"{}", ()))


def test_the_cache_keeps_its_bodies_under_its_byte_budget():
    cache = CatalogCache(1, max_bytes=10)
    cache.put("a", CachedAnswer(b"123456", ()))

    cache.put("b", CachedAnswer(b"123456", ()))
    cache.put("huge", CachedAnswer(b"x" * 11, ()))

    assert (cache.get("a"), cache.get("huge"), len(cache)) == (None, None, 1)


@pytest.mark.parametrize("read_after, answered", [(1, b"under way"), (2, b"its own")])
async def test_a_miss_waits_for_a_build_under_way_only_if_it_read_no_older_stock_version(read_after, answered):
    cache = CatalogCache(1)
    release = asyncio.Event()

    async def under_way() -> CachedAnswer:
        await release.wait()
        return CachedAnswer(b"under way", ())

    async def its_own() -> CachedAnswer:
        return CachedAnswer(b"its own", ())

    first = asyncio.ensure_future(cache.build("k", 1, under_way))
    await asyncio.sleep(0)  # the first build starts
    second = asyncio.ensure_future(cache.build("k", read_after, its_own))
    await asyncio.sleep(0)
    release.set()

    assert ((await second).body, (await first).body) == (answered, b"under way")
