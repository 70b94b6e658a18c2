"""What one update costs the database, counted through the served bot: it must not grow unnoticed.

Every statement an update causes is counted: storing it, claiming it, the handler's, marking it done. Statements of
the outbox, the timers and this test run in other tasks and are not counted, nor are the processor's idle looks
(a claim every second that finds nothing, whichever step it falls in). The ceilings are what each step costs
today; a change that needs more must say why here.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Iterator

import pytest

import bot.intake
from market.enums import InboxStatus
from market.models import InboxUpdate

# The tasks that work for updates (bot.intake): polling stores, the processor claims, each update's task runs it.
INTAKE_TASKS = ("telegram polling", "inbox processor")


class Statements:
    def __init__(self) -> None:
        self.sql: list[str] = []

    @property
    def count(self) -> int:
        return len(self.sql)

    def inbox(self) -> list[str]:
        """The statements that write or read the inbox itself (INSERT INTO / UPDATE / FROM inbox_update)."""
        return [sql for sql in self.sql if "inbox_update" in " ".join(sql.split()[:4])]


COUNTING: list[Statements] = []  # the window open now, if any
CLAIMING: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("claiming", default=None)


@pytest.fixture(autouse=True)
def idle_claims_left_out(monkeypatch):
    """A claim's statement counts only when it claimed something (whenever it started)."""
    claim_updates = bot.intake.claim_updates

    async def told(**options):
        sent: list[str] = []
        CLAIMING.set(sent)
        try:
            claims = await claim_updates(**options)
        finally:
            CLAIMING.set(None)
        if claims and COUNTING:
            COUNTING[-1].sql.extend(sent)
        return claims

    monkeypatch.setattr(bot.intake, "claim_updates", told)


@contextlib.contextmanager
def counting() -> Iterator[Statements]:
    """Record the statements tortoise sends from the intake's tasks and the updates' own."""
    statements = Statements()

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                task = asyncio.current_task()
            except RuntimeError:
                return
            name = task.get_name() if task is not None else ""
            if name in INTAKE_TASKS or name.startswith("update "):
                sql = str(record.args[0] if isinstance(record.args, tuple) and record.args else record.msg)
                if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
                    claiming = CLAIMING.get()
                    (statements.sql if claiming is None else claiming).append(sql)

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Handler(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    COUNTING.append(statements)
    try:
        yield statements
    finally:
        COUNTING.remove(statements)
        logger.removeHandler(handler)
        logger.setLevel(level)


async def settled() -> None:
    """Until every stored update is marked done (the person sees the answer a moment before)."""
    for _ in range(200):
        if not await InboxUpdate.filter(status__in=(InboxStatus.PENDING, InboxStatus.PROCESSING)).exists():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("an update was never marked done")


async def test_browsing_to_a_product_and_adding_it_costs_a_few_statements_an_update(feria, ana):
    costs: dict[str, Statements] = {}

    async def step(name, action):
        with counting() as statements:
            result = await action()
            await settled()
        costs[name] = statements
        return result

    async def says(text):
        await ana.says(text)
        return await ana.receives()

    async def presses(label, message):
        await ana.presses(label, message=message)
        return await ana.sees_edited(message)

    async def adds(label, message):
        await ana.presses(label, message=message)
        return await ana.sees_answer()

    await step("first /start (registers her)", lambda: says("/start"))
    menu = await step("/start", lambda: says("/start"))
    categories = await step("categories", lambda: presses("🧺 Ver productos", menu))
    regions = await step("regions", lambda: presses("Café y cacao (8)", categories))
    page = await step("a page of products", lambda: presses("Todas las regiones", regions))
    card = await step("a product's card", lambda: presses("Café tostado en grano", page))
    answer = await step("+1 kg to the cart", lambda: adds("+1 kg", card))

    assert "Café tostado en grano" in card.text and answer.text  # the steps did what a person sees
    # The inbox's own share: store, claim, done; one statement each.
    assert {name: len(cost.inbox()) for name, cost in costs.items()} == dict.fromkeys(costs, 3)
    # The inbox's 3 and the handler's; the handler's first reads the person, her place with her (one statement).
    ceilings = {
        "first /start (registers her)": 11, "/start": 8, "categories": 7, "regions": 8, "a page of products": 9,
        "a product's card": 7, "+1 kg to the cart": 8,
    }
    counted = {name: cost.count for name, cost in costs.items()}
    over = {name: (counted[name], ceiling) for name, ceiling in ceilings.items() if counted[name] > ceiling}
    assert not over, f"statements an update (counted, ceiling): {over}\n" + "\n".join(
        f"{name}: {sql[:160]}" for name in over for sql in costs[name].sql)
