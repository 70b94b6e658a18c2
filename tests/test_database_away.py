"""The database away for a moment: clear 503s, nothing half-written, and the service back by itself.

Feria (web, API, bot, outbox) is served on a DATABASE_URL that goes through a TCP proxy
(tests.support.tcp_proxy); the test cuts the proxy, looks, restores it and looks again without
restarting anything. What it checks goes straight to PostgreSQL, past the proxy.

| while cut                                   | once restored                                  |
|---------------------------------------------|------------------------------------------------|
| the catalog page: 503, in the person's      | 200                                            |
| language, "try again" (Retry-After)         |                                                |
| the API: 503 problem+json,                  | 200                                            |
| code database_unavailable                   |                                                |
| a checkout pressed in the bot: not stored,  | the update is stored and processed: one order, |
| not acknowledged; no order, stock untouched | the stock taken once, one confirmation         |
"""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer
from tortoise.exceptions import OperationalError

from bot.sandbox import BotApiSandbox, SandboxClient
from config import load_settings
from market.db import database_unreachable
from market.demo.seed import seed_demo
from market.models import CartItem, InboxUpdate, Offer, Order, Person, Product
from market.presentation.i18n import Translator
from serve import build
from tests.bot.flows.conftest import TODAY
from tests.bot.flows.test_ordering import how_to_receive
from tests.support.orders import DEMO_SALES, the_order
from tests.support.settings import NO_RATE_LIMITS
from tests.support.tcp_proxy import TcpProxy

TOKEN = "4242:FERIA-OUTAGE-TESTS-token"
COFFEE = "Café tostado en grano"
OUTAGE = "Our database is not answering right now. Nothing was changed; please try again in a minute."


@pytest.fixture
async def sandbox():
    sandbox = BotApiSandbox(limits=None)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def proxy():
    proxy = await TcpProxy.start_to("127.0.0.1", 5432)
    yield proxy
    await proxy.stop()


@pytest.fixture
async def feria(database_url, db, sandbox, proxy):
    """Feria served through the proxy, on the demo network (seeded past the proxy)."""
    await seed_demo(TODAY)
    settings = load_settings({
        "DATABASE_URL": proxy.url(database_url), "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": sandbox.api_url, "TELEGRAM_FILE_URL": sandbox.file_url,
        "OUTBOX_POLL_INTERVAL": "0.1", "CATALOG_CACHE_SECONDS": "0",  # every page asks the database
        **NO_RATE_LIMITS,
    })
    async with TestClient(TestServer(build(settings, "all"))) as client:
        yield client


async def pages(client: TestClient) -> tuple:
    """The catalog page's (status, type, Retry-After, text) and the API's, as a Brazilian asks for them."""
    headers = {"Accept-Language": "pt-BR"}
    page = await client.get("/buscar", params={"q": "café"}, headers=headers)
    api = await client.get("/api/v1/products", params={"q": "café"}, headers=headers)
    body = await api.json(content_type=None)
    return (page.status, page.content_type, page.headers.get("Retry-After"), await page.text(),
            api.status, api.content_type, api.headers.get("Retry-After"), body)


async def order_state(database_url: str, person_id: int) -> tuple[Decimal, int, list[Decimal], int]:
    """(the coffee's stock, orders, the cart's quantities, updates in the inbox), read past the proxy.

    Plain asyncpg: the ORM of this process is the served app's, which goes through the proxy.
    """
    table = {model: model._meta.db_table for model in (Offer, Product, Order, CartItem, InboxUpdate)}
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        stock = await conn.fetchval(
            f'SELECT o.stock FROM "{table[Offer]}" o JOIN "{table[Product]}" p ON p.id = o.product_id'
            " WHERE p.name = $1", COFFEE)
        orders = await conn.fetchval(  # the demo's sales apart
            f'SELECT count(*) FROM "{table[Order]}" WHERE idempotency_key NOT LIKE $1', f"{DEMO_SALES}%")
        cart = await conn.fetch(f'SELECT quantity FROM "{table[CartItem]}" WHERE person_id = $1', person_id)
        inbox = await conn.fetchval(f'SELECT count(*) FROM "{table[InboxUpdate]}"')
    finally:
        await conn.close()
    return stock, orders, sorted(row["quantity"] for row in cart), inbox


def failed_to_store(caplog) -> bool:
    return any(r.name == "bot.intake" and "polling failed" in r.getMessage() for r in caplog.records)


async def until(check, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def _raised_from(cause: BaseException) -> Exception:
    try:
        raise RuntimeError("wrapped") from cause
    except RuntimeError as error:
        return error


@pytest.mark.parametrize("error, unreachable", [
    (ConnectionResetError(104, "Connection reset by peer"), True),
    (asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"), True),
    (ConnectionRefusedError(111, "Connection refused"), True),
    (OperationalError("syntax error at or near SELEC"), False),
    (OperationalError("database is locked"), False),
    (_raised_from(ConnectionResetError()), True),
], ids=["reset", "closed mid-query", "refused", "bad SQL", "locked SQLite", "caused by a reset"])
def test_only_errors_of_an_unreachable_database_count_as_an_outage(error, unreachable):
    assert database_unreachable(error) is unreachable


@pytest.mark.postgres_only  # SQLite is a file: there is no server to lose
async def test_while_the_database_is_away_requests_fail_clearly_nothing_is_half_written_and_all_recovers(
    feria, database_url, sandbox, proxy, caplog,
):
    ana = SandboxClient(sandbox, TOKEN).person(5001, "Ana", language_code="es")
    how = await how_to_receive(ana, COFFEE, "+2 kg", timeout=10)
    person_id = (await Person.get(telegram_user_id=ana.id)).id
    before = await order_state(database_url, person_id)

    proxy.cut()
    away = await pages(feria)
    await ana.presses("📍 Lo retiro yo", message=how)
    await until(lambda: failed_to_store(caplog))  # the bot polled the press and could not store it
    during = await order_state(database_url, person_id)
    proxy.restore()
    placed = await ana.receives(timeout=30)
    back = await pages(feria)
    await ana.says("/carrito")
    empty_cart = await ana.receives(timeout=10)

    order = await the_order()
    outage = Translator("pt_BR").gettext(OUTAGE)
    page_status, page_type, page_retry, page_text, api_status, api_type, api_retry, problem = away
    assert (page_status, page_type, page_retry) == (503, "text/html", "5")
    assert outage in page_text and '<html lang="pt-BR">' in page_text
    assert (api_status, api_type, api_retry) == (503, "application/problem+json", "5")
    assert (problem["status"], problem["code"], problem["title"]) == (503, "database_unavailable", outage)
    assert during == before  # nothing written, not even the update: Telegram keeps it until it is stored
    assert (back[0], back[4]) == (200, 200)
    assert placed.text.startswith(f"✅ Pedido #{order.id} hecho. Lo recibe: Asociación de Productores de Café Amboró.")
    stock, orders, in_cart, stored = before
    assert (orders, in_cart) == (0, [Decimal(2)])
    assert await order_state(database_url, person_id) == (stock - 2, 1, [], stored + 2)  # the press, the /carrito
    assert len([m for m in ana.messages if (m.text or "").startswith("✅ Pedido")]) == 1
    assert empty_cart.text  # the bot answers a new message, on the same pool
