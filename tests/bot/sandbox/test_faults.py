"""Faults injected into the next calls: server errors, 429s, dropped connections and slow answers."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram.error import NetworkError, RetryAfter, TimedOut

from tests.bot.sandbox.test_updates import Receiver


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


# Faults in the delivery of updates: a webhook delivery repeated, updates out of order.

class CountingReceiver(Receiver):
    """A webhook endpoint that records, answers `pause` s late and counts the deliveries unanswered at once."""

    def __init__(self) -> None:
        super().__init__()
        self.pause = 0.0
        self.in_flight = self.most_in_flight = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.pause)
            return await super().handle(request)
        finally:
            self.in_flight -= 1


@pytest.fixture
async def receiver() -> AsyncIterator[CountingReceiver]:
    receiver = CountingReceiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield receiver
    await runner.cleanup()


def update_ids(received) -> list[int]:
    return [update["update_id"] for update, _ in received]


async def test_a_repeated_delivery_posts_the_update_twice_and_the_next_once(bot, ana, client, sandbox, receiver):
    sandbox.faults.repeat_deliveries(1)
    await bot.set_webhook(receiver.url)

    await ana.says("uno")
    await ana.says("dos")
    await client.wait_until(lambda: len(receiver.received) >= 3 or None, 3, lambda: str(receiver.received))

    assert update_ids(receiver.received) == [1, 1, 2]
    assert [u["message"]["text"] for u, _ in receiver.received] == ["uno", "uno", "dos"]
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_a_delivery_repeated_at_once_has_both_in_flight_together(bot, ana, client, sandbox, receiver):
    sandbox.faults.repeat_deliveries(1, at_once=True)
    receiver.pause = 0.1  # the first is still unanswered when the second arrives
    await bot.set_webhook(receiver.url)

    await ana.says("uno")
    await ana.says("dos")
    await client.wait_until(lambda: len(receiver.received) >= 3 or None, 3, lambda: str(receiver.received))

    assert update_ids(receiver.received) == [1, 1, 2]
    assert receiver.most_in_flight == 2


async def test_shuffled_updates_come_out_of_get_updates_out_of_order(bot, ana, sandbox):
    sandbox.faults.shuffle_next(2)
    for text in ("uno", "dos", "tres"):
        await ana.says(text)

    updates = await bot.get_updates(timeout=0)

    assert [u.message.text for u in updates] == ["dos", "uno", "tres"]
    assert sandbox.faults.injected == [("updates", "shuffle")]


async def test_a_shuffle_holds_its_updates_back_until_all_of_them_are_queued(bot, ana, sandbox):
    sandbox.faults.shuffle_next(2)
    await ana.says("uno")

    held = await bot.get_updates(timeout=0)
    await ana.says("dos")
    shuffled = await bot.get_updates(timeout=0)

    assert held == ()
    assert [u.message.text for u in shuffled] == ["dos", "uno"]


async def test_a_shuffle_ends_once_its_updates_are_confirmed_and_the_next_come_in_order(bot, ana, sandbox):
    sandbox.faults.shuffle_next(3, order=(2, 0, 1))
    for text in ("uno", "dos", "tres"):
        await ana.says(text)

    first = await bot.get_updates(timeout=0)
    await ana.says("cuatro")
    await ana.says("cinco")
    after = await bot.get_updates(offset=max(u.update_id for u in first) + 1, timeout=0)

    assert [u.message.text for u in first] == ["tres", "uno", "dos"]
    assert [u.message.text for u in after] == ["cuatro", "cinco"]


async def test_shuffled_updates_reach_the_webhook_out_of_order(bot, ana, client, sandbox, receiver):
    sandbox.faults.shuffle_next(2)
    await bot.set_webhook(receiver.url)

    for text in ("uno", "dos", "tres"):
        await ana.says(text)
    await client.wait_until(lambda: len(receiver.received) >= 3 or None, 3, lambda: str(receiver.received))

    assert update_ids(receiver.received) == [2, 1, 3]


def test_a_shuffle_order_must_name_each_position_once(sandbox):
    with pytest.raises(ValueError, match="permutation"):
        sandbox.faults.shuffle_next(2, order=(1, 1))


async def test_a_fault_for_one_chat_leaves_the_calls_to_other_chats_alone(sandbox, bot, client, ana):
    bea = client.person(778, "Bea")
    sandbox.faults.fail_next("sendMessage", 500, chat_id=bea.chat_id)

    await bot.send_message(ana.chat_id, "para Ana")
    with pytest.raises(NetworkError):
        await bot.send_message(bea.chat_id, "para Bea")

    assert [m.text for m in ana.messages] == ["para Ana"]
    assert bea.messages == []
