"""Faults injected into the next calls: server errors, 429s, dropped connections and slow answers."""

from __future__ import annotations

import asyncio
import datetime as dtm

import pytest
from telegram.error import NetworkError, RetryAfter, TimedOut


async def test_an_injected_500_fails_that_call_only_and_sends_nothing(sandbox, raw, bot, ana, client):
    sandbox.faults.fail_next("sendMessage", 500)

    status, body = await raw("sendMessage", chat_id=777, text="perdido")
    after = await bot.send_message(777, "llega")

    assert (status, body) == (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
    assert [m.text for m in client.sent_to(777)] == [after.text]


async def test_ptb_sees_an_injected_500_as_a_network_error(sandbox, bot, ana):
    sandbox.faults.fail_next("sendMessage", 502)

    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(777, "hola")


async def test_an_injected_429_carries_its_retry_after(sandbox, bot, ana):
    sandbox.faults.fail_next("sendMessage", 429, retry_after=7)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(777, "hola")

    assert raised.value.retry_after == dtm.timedelta(seconds=7)


async def test_a_dropped_connection_is_a_network_error_and_nothing_is_sent(sandbox, bot, ana, client):
    sandbox.faults.drop_next("sendMessage")

    with pytest.raises(NetworkError):
        await bot.send_message(777, "hola")

    assert client.sent_to(777) == []


async def test_an_answer_lost_after_the_call_took_effect_leaves_the_message_sent(sandbox, bot, ana, client):
    sandbox.faults.drop_next("sendMessage", after_processing=True)

    with pytest.raises(NetworkError):
        await bot.send_message(777, "hola")

    assert [m.text for m in client.sent_to(777)] == ["hola"]


async def test_a_slow_answer_times_out_in_ptb_but_the_message_still_arrives(sandbox, bot, ana, client):
    sandbox.faults.delay_next("sendMessage", 0.3)

    with pytest.raises(TimedOut):
        await bot.send_message(777, "tarde", read_timeout=0.1)
    late = await client.wait_for_messages(777, 1, timeout=2)

    assert [m.text for m in late] == ["tarde"]


async def test_faults_apply_to_the_next_calls_they_name_in_order(sandbox, raw, ana):
    sandbox.faults.fail_next("*", 503, times=2)
    sandbox.faults.fail_next("getMe", 500)

    answers = [(await raw(method))[0] for method in ("getMe", "getWebhookInfo", "getMe", "getMe")]

    assert answers == [503, 503, 500, 200]
    assert sandbox.faults.injected == [("getme", "error"), ("getwebhookinfo", "error"), ("getme", "error")]


async def test_a_delayed_long_poll_still_delivers_its_updates(sandbox, bot, ana):
    sandbox.faults.delay_next("getUpdates", 0.2)
    await ana.says("hola")

    updates = await asyncio.wait_for(bot.get_updates(), 2)

    assert [u.message.text for u in updates] == ["hola"]
