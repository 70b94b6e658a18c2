"""/alertas end to end: a consumer follows tomatoes, a producer posts tomatoes, the consumer hears of it once."""

from __future__ import annotations

import pytest

from market.models import Notification, Person, Subscription


@pytest.fixture
def ann(people):
    """A consumer who reads English (the strings of a new screen are English until translated)."""
    return people.person(5003, "Ann", language_code="en")


async def test_a_consumer_follows_tomatoes_and_hears_once_when_a_producer_posts_them(feria, ann, hilda):
    await ann.says("/alertas")
    empty = await ann.receives()
    assert "You have no alerts yet" in empty.text
    await ann.presses("➕ A product in stock", message=empty)
    await ann.receives()  # which product?
    await ann.says("Tomates")
    where = await ann.receives()
    await ann.presses("Anywhere", message=where)
    saved = await ann.sees_edited(where)
    assert saved.text.split("\n")[:4] == ["✅ Alert saved.", "", "🔔 Your alerts", "• 📦 New stock of tomates (anywhere)"]

    await hilda.says("tomate 20 kg a 8")
    card = await hilda.receives()
    await hilda.presses("🆕 Nuevo: tomate", message=card)
    categories = await hilda.sees_edited(card)
    await hilda.presses("Verduras y hortalizas", message=categories)
    card = await hilda.sees_edited(categories)
    await hilda.presses("✅ Publicar", message=card)
    await hilda.sees_edited(card)
    alert = await ann.receives()

    assert alert.text.split("\n") == [
        "🔔 For your alerts:",
        "• Tomate — Asociación de Productores de Café Amboró: 20 kg · BOB8.00 per kg",
    ]
    assert alert.button_texts[:1] == ["Tomate"]
    await ann.presses("Tomate", message=alert)
    product_card = await ann.sees_edited(alert)
    assert product_card.text.startswith("Tomate")
    assert await Notification.filter(template="alert_stock").count() == 1


async def test_a_consumer_removes_an_alert_and_mutes_the_rest(feria, ann):
    await ann.says("/alerts")
    listed = await ann.receives()
    await ann.presses("➕ Ferias", message=listed)
    where = await ann.sees_edited(listed)
    await ann.presses("Anywhere", message=where)
    saved = await ann.sees_edited(where)
    await ann.presses("❌ 🎪 Ferias (anywhere)", message=saved)
    removed = await ann.sees_edited(saved)
    assert removed.text.startswith("Alert removed.") and "You have no alerts yet" in removed.text
    assert await Subscription.filter(person__telegram_user_id=5003).count() == 0

    await ann.presses("🔕 Mute / quiet hours", message=removed)
    options = await ann.sees_edited(removed)
    await ann.presses("8 hours", message=options)
    muted = await ann.sees_edited(options)
    await ann.presses("🔕 Mute / quiet hours", message=muted)
    options = await ann.sees_edited(muted)
    await ann.presses("🌙 22:00–06:00", message=options)
    quiet = await ann.sees_edited(options)

    assert "🔕 Alerts are muted until" in quiet.text and "🌙 Quiet hours: 22:00 to 06:00." in quiet.text
    person = await Person.get(telegram_user_id=5003)
    assert person.alerts_muted_until is not None and (person.quiet_from_minute, person.quiet_until_minute) == (1320, 360)
