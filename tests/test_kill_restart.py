"""A bot process killed (SIGKILL) inside a checkout or a round close, then started again: nothing half-written.

The bot runs for real (`python serve.py --role worker`, polling the test's sandbox) with
FERIA_FAULT=pause-at:<fault point> (market.faults): it stops inside the open transaction, says
so in a marker file, and the test kills it there. Started again without the fault:

| killed at                  | right after the kill                  | after the restart                        |
|----------------------------|---------------------------------------|------------------------------------------|
| checkout.stock_taken       | stock, cart as before; no order       | the stored update runs again: one order, |
|                            |                                       | stock taken once, one confirmation       |
| round_close.bills_written  | round open; no allocation, charge or  | the timer closes it once: bills = bulk   |
|                            | notice                                | orders to the cent, one bill notice each |

A claimed update lapses after the intake's lease (30 s): the test moves the dead claim's
`claimed_until` into the past instead of waiting for it, as if the restart came that much later.
Both engines: on PostgreSQL the server rolls back the dead connection's transaction; on SQLite a
transaction that never committed is not seen after the crash (frames in the WAL count only up to
the last commit).
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from tortoise.expressions import Q

from bot.sandbox import BotApiSandbox, SandboxClient
from market import clock
from market.demo.seed import seed_demo
from market.enums import InboxStatus, LedgerKind, NotificationStatus, RoundStatus
from market.faults import MARKER_ENV
from market.models import (
    CartItem,
    InboxUpdate,
    LedgerEntry,
    Notification,
    Offer,
    OrderLine,
    OrderRound,
    Person,
    Product,
    RoundAllocation,
)
from market.services.groups.rounds.bills import get_bulk_orders, get_member_bill
from market.services.groups.rounds.ordering import set_order_line
from tests.bot.flows.conftest import HILDA, TODAY
from tests.bot.flows.test_ordering import how_to_receive
from tests.market.services.round_world import OPENED, make_round_world
from tests.support.orders import DEMO_SALES, placed_orders, the_order
from tests.test_serve import TOKEN, Worker

COFFEE = "Café tostado en grano"


class Bot:
    """The served bot in its own process: started paused at a fault point, or plainly."""

    def __init__(self, sandbox: BotApiSandbox, database_url: str, tmp_path: Path):
        self.sandbox, self.database_url, self.tmp_path = sandbox, database_url, tmp_path
        self.log_path = tmp_path / "bot.log"
        self.marker = tmp_path / "paused-at"
        self.workers: list[Worker] = []

    async def start(self, pause_at: str | None = None) -> Worker:
        worker = Worker(self.sandbox, self.database_url, self.log_path, f"pause-at:{pause_at}" if pause_at else None)
        worker.env[MARKER_ENV] = str(self.marker)
        self.workers.append(worker)
        return await worker.start()

    async def paused_at(self, timeout: float = 30) -> str:
        """The fault point the process stands at, once it gets there."""
        deadline = time.monotonic() + timeout
        while not self.marker.exists():
            assert time.monotonic() < deadline, f"the bot never paused:\n{self.log_path.read_text()}"
            await asyncio.sleep(0.05)
        return self.marker.read_text()

    async def kill(self, worker: Worker) -> int:
        worker.kill()  # SIGKILL: no cleanup, no rollback from our side, the connection just drops
        return await worker.exited()

    def kill_all(self) -> None:
        for worker in self.workers:
            worker.kill()


@pytest.fixture
async def sandbox():
    sandbox = BotApiSandbox(limits=None)
    await sandbox.start()
    sandbox.add_bot(TOKEN)
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def bot(sandbox, database_url, db, tmp_path):
    bot = Bot(sandbox, database_url, tmp_path)
    yield bot
    bot.kill_all()


async def until(check, timeout: float = 30, step: float = 0.05) -> None:
    """Wait until `check()` (a function or a coroutine function) is true."""
    deadline = time.monotonic() + timeout
    while not (await result if asyncio.iscoroutine(result := check()) else result):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(step)


async def lapse_claims() -> int:
    """The dead process's claims run out (as the 30 s lease would): the inbox hands their updates out again."""
    past = clock.now() - timedelta(seconds=1)
    return await InboxUpdate.filter(status=InboxStatus.PROCESSING).update(claimed_until=past)


async def all_sent() -> bool:
    return not await Notification.exclude(status=NotificationStatus.SENT).exists()


def notices_to(person, start: str) -> list:
    return [m for m in person.messages if (m.text or "").startswith(start)]


async def checkout_state(person_id: int) -> tuple[Decimal, int, int, list[Decimal]]:
    """(stock of the coffee, orders, order lines, the cart's quantities)."""
    stock = (await Offer.get(product__name=COFFEE)).stock
    cart = await CartItem.filter(person_id=person_id).values_list("quantity", flat=True)
    lines = await OrderLine.exclude(order__idempotency_key__startswith=DEMO_SALES).count()
    return stock, await placed_orders().count(), lines, sorted(cart)


async def test_a_bot_killed_inside_checkout_takes_no_stock_and_places_the_order_once_after_restart(
    bot, sandbox,
):
    await seed_demo(TODAY)
    people = SandboxClient(sandbox, TOKEN)
    ana = people.person(5001, "Ana", language_code="es")
    hilda = people.person(HILDA, "Hilda", language_code="es")  # her organization hears of the order
    product = await Product.get(name=COFFEE)
    stock_before = (await Offer.get(product_id=product.id)).stock
    paused = await bot.start(pause_at="checkout.stock_taken")

    how = await how_to_receive(ana, COFFEE, "+2 kg", timeout=30)
    await ana.presses("📍 Lo retiro yo", message=how)
    paused_at = await bot.paused_at()
    killed = await bot.kill(paused)
    person_id = (await Person.get(telegram_user_id=ana.id)).id
    after_kill = await checkout_state(person_id)
    lapsed = await lapse_claims()

    restarted = await bot.start()
    placed = await ana.receives(timeout=30)
    await until(lambda: notices_to(hilda, "🆕 Pedido"))
    stopped = await restarted.stop()

    order = await the_order()
    confirmations, notices = notices_to(ana, "✅ Pedido"), notices_to(hilda, "🆕 Pedido")
    log = bot.log_path.read_text()
    assert (paused_at, killed, lapsed) == ("checkout.stock_taken", -9, 1), log
    assert after_kill == (stock_before, 0, 0, [Decimal(2)])  # nothing taken, nothing placed, the cart kept
    assert placed.text.startswith(f"✅ Pedido #{order.id} hecho. Lo recibe: Asociación de Productores de Café Amboró.")
    assert await checkout_state(person_id) == (stock_before - 2, 1, 1, [])
    assert (order.total, len(confirmations), len(notices)) == (Decimal("190.00"), 1, 1)
    assert stopped == 0, log


async def close_state(round_id: int, owed_since: Q) -> tuple[RoundStatus, int, int, int]:
    """(the round's status, allocations, ledger entries, notices owed by a close) of the round."""
    order_round = await OrderRound.get(id=round_id)
    return (
        order_round.status, await RoundAllocation.filter(round_offer__round_id=round_id).count(),
        await LedgerEntry.filter(round_id=round_id).count(), await Notification.filter(owed_since).count(),
    )


# (member, product, quantity, tolerance): Tomate comes in packs of 3, Café in packs of 4 (round_world).
LINES = (
    ("A", "Tomate", 2, 1), ("B", "Tomate", 2, 0), ("C", "Tomate", 1, 1), ("D", "Tomate", 1, 0),
    ("A", "Café", 3, 0), ("C", "Café", 1, 1), ("D", "Lechuga", 5, 0),
)
# Every quantity fills whole packs (Tomate 6 = 2 packs, Café 4 = 1 pack), so the bills are the lines at
# the member prices (Tomate 7.50, Café 47.50 the half kilo, Lechuga 4.00): Σ = the bulk order's 255.00.
BILLS = {"A": Decimal("157.50"), "B": Decimal("15.00"), "C": Decimal("55.00"), "D": Decimal("27.50")}


async def test_a_bot_killed_inside_a_round_close_leaves_it_open_and_bills_it_once_after_restart(bot, sandbox):
    world = await make_round_world(("A", "B", "C", "D"))
    for name, product, quantity, tolerance in LINES:
        await set_order_line(world.round_id, world.offers[product], person_id=world.members[name],
                             quantity=quantity, tolerance=tolerance, now=OPENED + timedelta(hours=1))
    # Due since a minute ago: the bot's round timer closes it as soon as the bot starts.
    await OrderRound.filter(id=world.round_id).update(closes_at=clock.now() - timedelta(minutes=1))
    await Notification.all().update(status=NotificationStatus.SENT)  # the opening's notices went out long ago
    last = await Notification.all().order_by("-id").first().values_list("id", flat=True)
    owed_since = Q(id__gt=last)  # what the close owes comes after them
    people = SandboxClient(sandbox, TOKEN)
    chats = {person.telegram_user_id: people.person(person.telegram_user_id, person.name)
             for person in await Person.filter(telegram_user_id__isnull=False)}
    member_chats = {name: (await Person.get(id=person_id)).telegram_user_id for name, person_id in world.members.items()}
    paused = await bot.start(pause_at="round_close.bills_written")

    paused_at = await bot.paused_at()
    killed = await bot.kill(paused)
    after_kill = await close_state(world.round_id, owed_since)

    restarted = await bot.start()
    await until(lambda: _closed_and_sent(world.round_id))
    stopped = await restarted.stop()

    bills = {name: await get_member_bill(world.round_id, person_id) for name, person_id in world.members.items()}
    bulk = await get_bulk_orders(world.round_id)
    ledger = await LedgerEntry.filter(round_id=world.round_id).values_list("kind", "member_id", "amount")
    charges = {member: -amount for kind, member, amount in ledger if kind == LedgerKind.CHARGE}
    funds = sum(amount for kind, _, amount in ledger if kind == LedgerKind.FUND_CONTRIBUTION)
    notices = sorted(await Notification.filter(owed_since).values_list("template", "chat_id"))
    received = {name: [m.text for m in chats[chat].messages] for name, chat in member_chats.items()}
    log = bot.log_path.read_text()
    assert (paused_at, killed) == ("round_close.bills_written", -9), log
    assert after_kill == (RoundStatus.OPEN, 0, 0, 0)  # the close left nothing behind
    assert (await OrderRound.get(id=world.round_id)).status == RoundStatus.CLOSED
    assert {name: bill.total for name, bill in bills.items()} == BILLS
    assert sum(BILLS.values()) == sum(o.members_total for o in bulk) == Decimal("255.00")  # to the cent
    assert len(ledger) == len(BILLS) + 1  # one charge per member and one fund entry: closed once
    assert charges == {world.member_ids[name]: total for name, total in BILLS.items()}
    assert funds == sum(o.fund_total for o in bulk) == Decimal("12.80")
    assert notices == [("round_bill", chat) for chat in sorted(member_chats.values())] + [
        ("round_bulk_order", world.shop.admin_telegram_id)]
    assert {name: len(texts) for name, texts in received.items()} == dict.fromkeys(BILLS, 1)  # one bill each
    assert all(f"Total: Bs{BILLS[name]}".replace(".", ",") in texts[0] for name, texts in received.items())
    assert stopped == 0, log


async def _closed_and_sent(round_id: int) -> bool:
    closed = await OrderRound.filter(id=round_id, status=RoundStatus.CLOSED).exists()
    return closed and await Notification.filter(template="round_bill").exists() and await all_sent()
