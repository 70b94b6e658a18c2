"""The pacer spaces sends so that Telegram's flood limits are never hit, and obeys its 429s."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from bot.outbox.pacing import MARGIN, Pacer, RepliesFirst
from bot.sandbox.limits import FloodControl, FloodLimits

# Telegram's limits (30 a second, 1 a second a chat, 20 a minute a group) slowed by the pacer's margin.
SLOT, PRIVATE, GROUP = MARGIN / 30, MARGIN * 1.0, MARGIN * 3.0


class VirtualTime:
    """A clock and a sleep for many tasks at once: time jumps to the next wake-up once all wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), future))
        await future

    async def run(self, *work):
        tasks = [asyncio.ensure_future(w) for w in work]
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every task that can run reach its next sleep or lock
                await asyncio.sleep(0)
            if self._sleepers:
                moment, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, moment)
                future.set_result(None)
        return [task.result() for task in tasks]


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def pacer(time) -> Pacer:
    return Pacer(per_second=30, private_interval=1.0, group_per_minute=20, clock=time, sleep=time.sleep)


async def send(pacer: Pacer, time: VirtualTime, chat_id: int, *, takes: float = 0.0) -> float:
    """Take a slot and make a call lasting `takes` seconds; returns when the call started."""
    await pacer.acquire(chat_id)
    started = time()
    if takes:
        await time.sleep(takes)
    pacer.sent(chat_id)
    return started


async def happened(pacer: Pacer, time: VirtualTime, before: str) -> None:
    if before.startswith("sent to"):
        chat_id = int(before.split()[2])
        await send(pacer, time, chat_id, takes=0.2 if "taking" in before else 0.0)
    elif before.startswith("429 for"):
        for chat_id in before.removeprefix("429 for ").split(" then "):
            pacer.refused(int(chat_id), 5)


# The example table of bot.outbox.pacing (the limits slowed by its margin).
@pytest.mark.parametrize(
    ("before", "chat_id", "may_go_after"),
    [
        ("nothing", 7, 0.0),
        ("sent to 7 taking 0.2 s", 7, 0.2 + PRIVATE),
        ("sent to 7", 8, SLOT),
        ("sent to -5", -5, GROUP),
        ("429 for 7", 8, 0.0),
        ("429 for 7 then 8", 9, 5.0),
    ],
)
async def test_when_the_next_message_may_go(pacer, time, before, chat_id, may_go_after):
    await time.run(happened(pacer, time, before))

    [started] = await time.run(send(pacer, time, chat_id))

    assert started == pytest.approx(may_go_after)


async def test_a_chat_telegram_refused_waits_its_retry_after(pacer, time):
    await time.run(send(pacer, time, 7))
    pacer.refused(7, 7)

    [started] = await time.run(send(pacer, time, 7))

    assert started == pytest.approx(7.0)


async def test_chats_ready_at_once_take_the_overall_slots_in_turn(pacer, time):
    started = await time.run(*(send(pacer, time, chat_id) for chat_id in range(100, 131)))

    assert started == pytest.approx([n * SLOT for n in range(31)])


async def test_chats_held_back_longer_than_a_round_are_named_so_that_they_are_not_claimed(pacer, time):
    await time.run(send(pacer, time, 7), send(pacer, time, -5))
    pacer.refused(8, 30)

    everything_waits, chats = pacer.waiting_beyond(2.0)

    assert everything_waits is False
    assert chats == {-5, 8}


async def test_another_senders_last_sends_count_for_the_limits(pacer, time):
    time.now = 10.0
    pacer.last_sent(7, at=9.5)

    [started] = await time.run(send(pacer, time, 7))

    assert started == pytest.approx(9.5 + PRIVATE)


async def test_paced_sends_never_break_telegrams_limits_as_the_sandbox_counts_them(pacer, time):
    flood = FloodControl(FloodLimits(), time)
    rng = random.Random(7)
    refused = []

    async def one_chat(chat_id: int, messages: int) -> None:
        for _ in range(messages):
            await pacer.acquire(chat_id)
            # Telegram receives the call up to 45 ms after it is made, then answers.
            await time.sleep(rng.choice((0.0, 0.005, 0.02, 0.045)))
            if flood.admit(1, chat_id, "group" if chat_id < 0 else "private") is not None:
                refused.append((time(), chat_id))
            await time.sleep(rng.choice((0.01, 0.05, 0.3)))
            pacer.sent(chat_id)

    chats = [1000 + n for n in range(60)] + [-1, -2]
    await time.run(*(one_chat(chat_id, rng.randint(1, 25)) for chat_id in chats))

    assert refused == []
    assert flood.stats.messages_sent > 500


async def test_a_reply_takes_the_next_slot_ahead_of_the_alerts_waiting_which_move_one_slot_later(pacer, time):
    async def reply_at(moment: float, chat_id: int) -> float:
        await time.sleep(moment)
        await pacer.reply(chat_id)
        return time()

    started = await time.run(*(send(pacer, time, chat_id) for chat_id in (100, 101, 102)), reply_at(0.01, 7))

    assert started == pytest.approx([0.0, 2 * SLOT, 3 * SLOT, SLOT])


async def test_replies_at_once_take_the_following_slots_in_turn(pacer, time):
    async def reply(chat_id: int) -> float:
        await pacer.reply(chat_id)
        return time()

    started = await time.run(*(reply(chat_id) for chat_id in (7, 8, 9, 10)))

    assert started == pytest.approx([0.0, SLOT, 2 * SLOT, 3 * SLOT])


async def test_alerts_at_full_rate_and_replies_meanwhile_keep_telegrams_limits_and_no_reply_waits_long(
    pacer, time
):
    flood = FloodControl(FloodLimits(), time)
    rng = random.Random(11)
    refused, reply_waits = [], []

    async def arrives(chat_id: int) -> None:
        await time.sleep(rng.choice((0.0, 0.005, 0.02, 0.045)))  # Telegram receives it a little later
        if flood.admit(1, chat_id, "private") is not None:
            refused.append((time(), chat_id))
        await time.sleep(rng.choice((0.01, 0.05)))
        pacer.sent(chat_id)

    async def alert(chat_id: int) -> None:
        await pacer.acquire(chat_id)
        await arrives(chat_id)

    async def person_replied_to(chat_id: int, first: float) -> None:
        for n in range(5):
            await time.sleep(first + 1.3 * n - time())
            asked = time()
            await pacer.reply(chat_id)
            reply_waits.append(time() - asked)
            await arrives(chat_id)

    people = [person_replied_to(7 + n, 0.2 * n) for n in range(5)]
    await time.run(*(alert(1000 + n) for n in range(200)), *people)

    assert refused == []
    assert len(reply_waits) == 25 and max(reply_waits) <= pacer.overall_interval


async def test_the_applications_replies_take_overall_slots_and_hold_their_chat_while_edits_do_not(pacer, time):
    limiter = RepliesFirst(pacer, max_retries=0)
    await limiter.initialize()

    async def telegram_answers() -> bool:
        return True

    async def calls(endpoint: str) -> None:
        await limiter.process_request(telegram_answers, (), {}, endpoint, {"chat_id": 7, "text": "hola"}, None)

    await time.run(calls("editMessageText"))
    after_edit = await time.run(send(pacer, time, 8), send(pacer, time, 7))
    time.now = 10.0
    await time.run(calls("sendMessage"))
    after_reply = await time.run(send(pacer, time, 9), send(pacer, time, 7))

    assert after_edit == pytest.approx([0.0, SLOT])
    assert after_reply == pytest.approx([10 + SLOT, 10 + PRIVATE])


async def test_a_429_on_one_persons_reply_holds_back_only_that_person_and_the_reply_still_arrives(pacer, time):
    limiter = RepliesFirst(pacer, max_retries=2)
    await limiter.initialize()
    refusals = {7: 1}
    arrived: dict[int, float] = {}

    def telegram(chat_id: int):
        async def answers() -> bool:
            if refusals.get(chat_id):
                refusals[chat_id] -= 1
                raise RetryAfter(timedelta(seconds=5))
            arrived[chat_id] = time()
            return True

        return answers

    async def replies(chat_id: int, at: float) -> None:
        await time.sleep(at)
        await limiter.process_request(telegram(chat_id), (), {}, "sendMessage", {"chat_id": chat_id}, None)

    await time.run(replies(7, 0.0), replies(8, 0.5), replies(-5, 0.6))

    # PTB's own limiter would hold every chat for the 5 s: here 8 and the group -5 go at once.
    assert arrived[7] == pytest.approx(5.0)
    assert arrived[8] == pytest.approx(0.5)
    assert arrived[-5] == pytest.approx(0.6)


async def test_a_chat_refused_once_has_its_next_replies_paced_instead_of_refused_again(pacer, time):
    limiter = RepliesFirst(pacer, max_retries=2)
    await limiter.initialize()
    refusals = {7: 1}
    calls: list[tuple[int, float]] = []

    async def telegram_answers(chat_id: int) -> bool:
        calls.append((chat_id, time()))
        if refusals.get(chat_id):
            refusals[chat_id] -= 1
            raise RetryAfter(timedelta(seconds=1))
        return True

    async def replies(chat_id: int, count: int) -> None:
        for _ in range(count):
            await limiter.process_request(lambda: telegram_answers(chat_id), (), {}, "sendMessage",
                                          {"chat_id": chat_id}, None)

    await time.run(replies(7, 4), replies(8, 2))

    # One 429 for chat 7 (its first reply retried a slot later), then its replies a slot apart, never refused
    # again; chat 8 is not paced at all.
    assert [t for chat, t in calls if chat == 7] == pytest.approx([0.0, PRIVATE, 2 * PRIVATE, 3 * PRIVATE, 4 * PRIVATE])
    assert [t for chat, t in calls if chat == 8] == pytest.approx([SLOT, 2 * SLOT])
