"""Telegram's flood limits: 30 messages a second, 1 a second per private chat, 20 a minute per group."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram.error import RetryAfter

from bot.sandbox import FloodLimits, Rate


@pytest.fixture
def limits() -> FloodLimits:
    return FloodLimits()


async def test_a_second_message_to_a_private_chat_in_the_same_second_must_wait(raw, ana):
    await raw("sendMessage", chat_id=777, text="uno")

    status, body = await raw("sendMessage", chat_id=777, text="dos")

    assert status == 429
    assert body == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_ptb_raises_retry_after_with_telegrams_seconds(bot, ana):
    await bot.send_message(777, "uno")

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(777, "dos")

    assert raised.value.retry_after == dtm.timedelta(seconds=1)


async def test_once_the_wait_is_over_the_message_goes_through(bot, ana, clock, client):
    await bot.send_message(777, "uno")
    with pytest.raises(RetryAfter):
        await bot.send_message(777, "dos")

    clock.advance(1)
    await bot.send_message(777, "dos")

    assert [m.text for m in client.sent_to(777)] == ["uno", "dos"]


async def test_more_than_30_messages_a_second_across_chats_are_refused(bot, client):
    people = [client.person(1000 + n, f"P{n}") for n in range(31)]
    for person in people[:30]:
        await bot.send_message(person.chat_id, "oferta")

    with pytest.raises(RetryAfter):
        await bot.send_message(people[30].chat_id, "oferta")


async def test_a_group_takes_20_messages_a_minute(raw, client, clock):
    group = client.group("Grupo de compras El Alto")
    for _ in range(20):
        await raw("sendMessage", chat_id=group, text="ronda abierta")
        clock.advance(1)

    status, body = await raw("sendMessage", chat_id=group, text="una más")

    assert status == 429
    assert body["parameters"]["retry_after"] == 40  # the first of the 20 leaves the minute 40 s from now


async def test_an_edit_does_not_count_as_a_sent_message(bot, ana):
    sent = await bot.send_message(777, "uno")

    edited = await bot.edit_message_text("uno y medio", chat_id=777, message_id=sent.message_id)

    assert edited.text == "uno y medio"


async def test_limits_are_configurable(sandbox, raw, ana):
    sandbox.flood.limits = FloodLimits(overall=None, private_chat=Rate(3, 1.0), group_chat=None)

    answers = [(await raw("sendMessage", chat_id=777, text=str(n)))[0] for n in range(4)]

    assert answers == [200, 200, 200, 429]


async def test_the_sandbox_counts_messages_sent_and_refused(sandbox, raw, ana):
    for _ in range(3):
        await raw("sendMessage", chat_id=777, text="hola")

    assert sandbox.stats.messages_sent == 1
    assert sandbox.stats.rate_limited == 2
    assert sandbox.errors[429] == 2


async def test_without_limits_nothing_is_refused(sandbox, raw, ana):
    sandbox.flood.limits = None

    answers = {(await raw("sendMessage", chat_id=777, text="rápido"))[0] for _ in range(50)}

    assert answers == {200}
