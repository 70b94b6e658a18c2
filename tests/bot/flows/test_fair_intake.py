"""One person flooding the bot holds nobody else back, and past their budget the rest of the burst is dropped.

Telegram's flood limits are on here (the sandbox answers 429 past one message a second to a private
chat), so each answer to the flooder takes its second, as it would at Telegram: a processor holding
a flooder's update waits, and only the claim order decides whether another person waits behind them.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest

from bot.sandbox import BotApiSandbox
from bot.sandbox.limits import FloodLimits
from market.enums import InboxStatus
from market.models import InboxUpdate, Notification

SLOW_DOWN = "Demasiados mensajes seguidos: respondí los primeros y dejé pasar el resto. Espera un minuto y vuelve a escribir."


@pytest.fixture
def flood_limits() -> FloodLimits | None:
    return FloodLimits()


@pytest.fixture
def budget() -> int:
    return 0


@pytest.fixture
async def sandbox(flood_limits) -> AsyncIterator[BotApiSandbox]:
    sandbox = BotApiSandbox(limits=flood_limits, webhook_retry_delay=0.05)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
def feria_settings(feria_settings, budget):
    return dataclasses.replace(feria_settings, bot_updates_per_minute=budget)


@pytest.fixture(params=["polling", "webhook"])
def mode(request) -> str:
    return request.param


async def stored_from(person, count: int) -> None:
    """Wait until the inbox holds `count` updates of `person` (the sandbox delivers webhooks one at a time)."""
    for _ in range(1200):
        if await InboxUpdate.filter(sender_id=person.id).count() >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} updates of {person.user['first_name']} never reached the inbox")


async def test_a_flood_from_one_person_does_not_hold_back_another(feria, people, ana):
    flooder = people.person(6001, "Flor", language_code="es")
    for n in range(100):
        await flooder.says(f"hola {n}")
    await stored_from(flooder, 100)
    answered_before = len(flooder.messages)

    await ana.says("/start")
    menu = await ana.receives(timeout=5)

    # The flooder's answers come one a second: had Ana waited behind the flood, she would have waited
    # for about a hundred of them.
    assert menu.text.startswith("¡Hola, Ana!")
    assert len(flooder.messages) - answered_before < 5
    assert await InboxUpdate.filter(status=InboxStatus.DROPPED).count() == 0  # no budget in this test


@pytest.mark.parametrize("flood_limits, budget", [(None, 20)])
async def test_past_the_budget_the_rest_of_a_burst_is_dropped_and_the_person_told_once(feria, people, ana):
    flooder = people.person(6001, "Flor", language_code="es")
    for n in range(30):
        await flooder.says(f"hola {n}")

    received = await flooder.receives_many(21, timeout=10)
    await ana.says("/start")
    menu = await ana.receives()

    texts = [message.text for message in received]
    assert texts.count(SLOW_DOWN) == 1
    assert menu.text.startswith("¡Hola, Ana!")  # another person's budget is their own
    rows = await InboxUpdate.filter(sender_id=flooder.id).order_by("update_id")
    assert [row.status for row in rows] == [InboxStatus.DONE] * 20 + [InboxStatus.DROPPED] * 10
    assert {str(row.payload) for row in rows[20:]} == {"{}"}  # what was dropped is not kept
    assert await Notification.filter(template="slow_down").count() == 1
