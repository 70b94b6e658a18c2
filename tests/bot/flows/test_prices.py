"""/precio in the chat: the summary of a product's prices around the person, then its chart as a photo.

Teresa (OECA Valles de Comarapa) switches to English first: these texts are new, and the test reads
what a person would read whether or not the Spanish catalog has them yet.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bot.sandbox.media import image_size
from tests.bot.flows.test_offers import in_english

TERESA = 900_000_009  # a producer in Comarapa, where the demo's local market prices are surveyed


@pytest.fixture
async def priced(feria):
    return feria


@pytest.fixture
async def teresa(people):
    teresa = people.person(TERESA, "Teresa", language_code="es")
    await in_english(teresa)
    return teresa


async def test_a_product_gets_its_summary_in_the_local_currency_and_then_its_chart_as_a_photo(priced, people, teresa):
    await teresa.says("/precio tomate")
    summary, chart = await teresa.receives_many(2)

    lines = summary.text.split("\n")
    assert lines[:2] == [
        "📊 Tomate in Comarapa",
        "Medians of the last 14 days (change against the 14 days that ended 30 days ago):",
    ]
    for line, level in zip(lines[2:5], ("Local", "Regional", "National"), strict=True):
        assert re.fullmatch(rf"• {level} market: BOB\d+\.\d\d per kg \([+-]?\d+%\)", line), line
    assert lines[5:] == [
        "⚖ Fair price: BOB7.50 per kg",
        "For the producer BOB6.00 · transport BOB0.70 · solidarity fund BOB0.40 · other costs BOB0.40",
        lines[7],  # who declared it, since when: the demo dates it from the day it was seeded
        "🛒 Catalog offers: BOB7.50 per kg (1 offer)",
    ]
    assert lines[7].startswith("Declared by ") and "since" in lines[7]
    assert chart.caption == "📈 Tomate in Comarapa, the last 90 days"
    png = people.download(chart.photo[-1]["file_id"])
    assert image_size(png) == ("image/png", 800, 500)


async def test_the_command_alone_asks_which_product_and_the_next_message_answers(priced, teresa):
    await teresa.says("/preco")
    question = await teresa.receives()
    await teresa.says("tomate")
    summary, chart = await teresa.receives_many(2)

    assert question.text == "Prices of which product? Write its name, like tomate."
    assert question.button_texts == ["✖ Cancel"]
    assert summary.text.startswith("📊 Tomate in Comarapa\n")
    assert chart.caption == "📈 Tomate in Comarapa, the last 90 days"


async def test_a_product_nobody_prices_is_refused_without_a_chart(priced, teresa):
    await teresa.says("/price unobtainium")
    refusal = await teresa.receives()

    assert refusal.text == "We have no prices for “unobtainium” yet. Try another name, like tomate."
    assert refusal.photo == []


async def test_a_producer_records_a_market_price_from_the_chart_and_a_consumer_has_no_such_button(priced, teresa, people):
    from market.enums import MarketLevel, PriceSource
    from market.models import PriceObservation

    await teresa.says("/precio tomate")
    _, chart = await teresa.receives_many(2)
    await teresa.presses("📝 Record a market price", message=chart)
    levels = await teresa.receives()
    await teresa.presses("Local market", message=levels)
    await teresa.sees_edited(levels)
    await teresa.says("6,80 el kilo")
    recorded = await teresa.receives()
    await teresa.says("6,80 el kilo")  # the same message again is a search now, not a second price
    await teresa.receives()

    assert recorded.text == "✅ Market price of Tomate recorded: BOB6.80 per kg."
    seen = await PriceObservation.filter(source=PriceSource.COORDINATOR, recorded_by__telegram_user_id=teresa.id)
    assert [(o.market_level, o.price, o.unit) for o in seen] == [(MarketLevel.LOCAL, Decimal("6.80"), "kg")]

    ana = people.person(5001, "Ana", language_code="es")
    await ana.says("/precio tomate")
    _, consumer_chart = await ana.receives_many(2)
    assert consumer_chart.buttons == []


async def test_a_producers_price_far_from_the_market_is_left_out_of_the_median_and_the_screen_says_so(priced, teresa):
    await teresa.says("/precio tomate")
    before, _ = await teresa.receives_many(2)
    await teresa.says("tomate 20 kg a 50")  # the attack, in the chat: 50 where the fair sells at about 6
    card = await teresa.receives()
    await teresa.presses("✅ Publish", message=card)
    await teresa.sees_edited(card)

    await teresa.says("/precio tomate")
    after, _ = await teresa.receives_many(2)

    lines = after.text.split("\n")
    assert lines[2] == before.text.split("\n")[2]  # the local median has not moved
    assert lines[3] == "  1 producer price left out: far from the market price"
