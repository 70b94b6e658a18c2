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
from collections.abc import Iterator

import pytest

import bot.intake
from tests.market.services.catalog_fixtures import QueryCounter, count_queries
from tests.support.inbox import inbox_settled

# The tasks that work for updates (bot.intake): polling stores, the processor claims, each update's task runs it,
# and the done marks record it.
INTAKE_TASKS = ("telegram polling", "inbox processor", bot.intake.DONE_MARKS)


def inbox_statements(counter: QueryCounter) -> list[str]:
    """The statements that write or read the inbox itself (INSERT INTO / UPDATE / FROM inbox_update)."""
    return [sql for sql in counter.statements if "inbox_update" in " ".join(sql.split()[:4])]


COUNTING: list[QueryCounter] = []  # the window open now, if any
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
            COUNTING[-1].statements.extend(sent)
        return claims

    monkeypatch.setattr(bot.intake, "claim_updates", told)


def update_work(counted: list[str]) -> list[str] | None:
    """Where a statement counts: the intake's and the updates' own tasks count, a claim's only once it claimed
    something (told() above), and anything else (the outbox, the timers, this test) not at all."""
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return None
    name = task.get_name() if task is not None else ""
    if name not in INTAKE_TASKS and not name.startswith("update "):
        return None
    claiming = CLAIMING.get()
    return counted if claiming is None else claiming


@contextlib.contextmanager
def counting() -> Iterator[QueryCounter]:
    """Count what the updates cost while the block runs."""
    with count_queries(update_work) as counter:
        COUNTING.append(counter)
        try:
            yield counter
        finally:
            COUNTING.remove(counter)


async def test_browsing_to_a_product_and_adding_it_costs_a_few_statements_an_update(feria, ana):
    costs: dict[str, QueryCounter] = {}

    async def step(name, action):
        with counting() as statements:
            result = await action()
            await inbox_settled()
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
    assert {name: len(inbox_statements(cost)) for name, cost in costs.items()} == dict.fromkeys(costs, 3)
    # The inbox's 3 and the handler's; the handler's first reads the person, her place and what her chat awaits with
    # her (one statement): leaving a question when none is asked writes nothing (a command's too: command_given hands
    # its turn to the command's handler), and the page reads no chat state and takes its title from its products.
    # The menu reads its waiting orders and the operator's role in one statement (market.services.people.menu); the
    # card its fair price with it, and its seals in one more (market.services.catalog.card).
    # Categories and regions count in one statement each (market.services.catalog.browse); adding to the cart reads
    # the offer with her line of it and writes one upsert: the answer needs that line alone (add_to_cart_line).
    ceilings = {
        "first /start (registers her)": 9, "/start": 6, "categories": 5, "regions": 6, "a page of products": 6,
        "a product's card": 6, "+1 kg to the cart": 6,
    }
    counted = {name: cost.count for name, cost in costs.items()}
    over = {name: (counted[name], ceiling) for name, ceiling in ceilings.items() if counted[name] > ceiling}
    assert not over, f"statements an update (counted, ceiling): {over}\n" + "\n".join(
        f"{name}: {sql[:160]}" for name in over for sql in costs[name].statements)
