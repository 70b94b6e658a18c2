"""The log of a whole order, and of a refusal, names nobody: no name, phone, Telegram id or typed words."""

from __future__ import annotations

import logging

import pytest

from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_ordering import card_of
from tests.bot.flows.test_privacy import YESENIA, yesenia_orders_with_a_note

# What names the people of this flow; the demo's other admins of the organization are told of the order too.
PEOPLE = ("Yesenia", "Villca", "yesevillca", "Hilda", "71234567", "Banzer", "llevo lo de siempre",
          str(YESENIA), str(HILDA), str(REINA), "900000003", "900000004")
# The sandbox stands in for Telegram: what it logs is Telegram's side, not Feria's.
NOT_FERIA = ("bot.sandbox",)


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def named(log) -> list[str]:
    lines = [f"{r.name}: {r.getMessage()} {log.formatter.formatException(r.exc_info) if r.exc_info else ''}"
             for r in log.records if not r.name.startswith(NOT_FERIA)]
    return [line for line in lines if any(word.casefold() in line.casefold() for word in PEOPLE)]


async def test_ordering_from_first_words_to_delivery_logs_nobody(feria, people, hilda, log):
    yesenia, _ = await yesenia_orders_with_a_note(people, hilda)
    for step in ("✅ Confirmar", "📦 Listo para recoger", "🤝 Entregado"):
        await hilda.presses(step, message=hilda.last_message)
        await hilda.sees_answer()
        await yesenia.receives(timeout=5)

    # The flow did log: among others, the order's notices to the organization's admins who never wrote to the bot
    # (one INFO line each: their chats cannot be reached until they do).
    assert any(r.getMessage().startswith("outbox: the chat of notification") and r.levelname == "INFO"
               for r in log.records)
    assert named(log) == []


async def test_a_refusal_logs_its_code_and_a_digest_of_the_person_only(feria, people, log):
    yesenia = people.person(YESENIA, "Yesenia", last_name="Villca", username="yesevillca", language_code="es")
    card = await card_of(yesenia, "Café pergamino")  # 12 quintals in stock
    await yesenia.presses("✏ Otra cantidad", message=card)
    await yesenia.receives()

    await yesenia.says("20")
    refused = await yesenia.receives()

    assert refused.text.startswith("Disponible ahora: 12 quintales")
    [refusal] = [r.getMessage() for r in log.records if r.getMessage().startswith("refused:")]
    assert refusal.startswith("refused: not_enough_stock (person ")
    assert named(log) == []
