"""The outbox keeps every notification until it is delivered, one claim at a time, in order per chat."""

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from tortoise.connection import get_connection
from tortoise.transactions import in_transaction

from market.enums import NotificationStatus
from market.models import ChatState, Notification
from market.services.messaging.notifications import (
    SenderLock,
    claim_due_notifications,
    enqueue_notification,
    last_sends,
    mark_blocked,
    mark_chat_reachable,
    mark_failed,
    mark_retry,
    mark_sent,
    mark_skipped,
    release_notification,
)
from tests.support.databases import engine

LEASE = timedelta(seconds=60)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


async def owe(chat_id: int, template: str = "t", **options) -> int:
    options.setdefault("not_before", NOW - timedelta(seconds=1))
    await enqueue_notification(chat_id=chat_id, template=template, **options)
    return (await Notification.all().order_by("-id").first()).id


async def claim(now=NOW, limit=10, **options):
    return await claim_due_notifications(limit=limit, lease=LEASE, now=now, **options)


async def status_of(notification_id: int) -> NotificationStatus:
    return (await Notification.get(id=notification_id)).status


async def test_a_dedupe_key_owes_a_chat_one_message_even_inside_a_transaction(db):
    async with in_transaction():
        first = await enqueue_notification(chat_id=7, template="t", dedupe_key="k")
        second = await enqueue_notification(chat_id=7, template="t", dedupe_key="k")
        third = await enqueue_notification(chat_id=8, template="t")
    assert (first, second, third) == (True, False, True)
    assert await Notification.all().count() == 2


async def test_a_rolled_back_change_owes_nothing(db):
    try:
        async with in_transaction():
            await enqueue_notification(chat_id=7, template="t")
            raise RuntimeError
    except RuntimeError:
        pass
    assert await Notification.all().count() == 0


async def test_a_claim_takes_the_first_notification_of_each_chat_lower_priority_first(db):
    alert = await owe(7, "alert", params={"offer_id": 3}, person_id=None, priority=9)
    later_alert = await owe(7, "alert")
    reply = await owe(8, "order_placed", priority=1)

    claimed = await claim()

    assert [(o.id, o.chat_id, o.template) for o in claimed] == [(reply, 8, "order_placed"), (alert, 7, "alert")]
    assert claimed[1].params == {"offer_id": 3} and claimed[1].attempts == 0
    assert {await status_of(alert), await status_of(reply)} == {NotificationStatus.SENDING}
    assert await status_of(later_alert) == NotificationStatus.PENDING


async def test_a_chat_gets_its_next_notification_only_once_the_one_before_is_done(db):
    first = await owe(7)
    second = await owe(7)
    held = await claim()

    while_sending = await claim()
    assert await mark_sent(held[0], now=NOW)
    after = await claim()

    assert [o.id for o in held] == [first]
    assert while_sending == []
    assert [o.id for o in after] == [second]
    assert (await Notification.get(id=first)).sent_at == NOW


async def test_a_lapsed_claim_is_taken_again_and_its_first_holder_can_no_longer_finish_it(db):
    owed = await owe(7)
    dead = (await claim())[0]

    before_lapse = await claim(now=NOW + LEASE - timedelta(seconds=1))
    retaken = await claim(now=NOW + LEASE + timedelta(seconds=1))

    assert before_lapse == []
    assert [o.id for o in retaken] == [owed]
    assert await mark_sent(dead) is False
    assert await mark_sent(retaken[0]) is True
    assert await status_of(owed) == NotificationStatus.SENT


async def test_a_notification_for_later_waits_without_holding_back_what_is_due(db):
    reminder = await owe(7, "reminder", not_before=NOW + timedelta(hours=1))
    notice = await owe(7, "order_status")

    now_claimed = await claim()
    await mark_sent(now_claimed[0])
    in_an_hour = await claim(now=NOW + timedelta(hours=1))

    assert [o.id for o in now_claimed] == [notice]
    assert [o.id for o in in_an_hour] == [reminder]


async def test_a_failed_attempt_is_retried_after_a_pause_and_its_chat_waits_for_it(db):
    failing = await owe(7)
    behind = await owe(7)
    held = (await claim())[0]

    status = await mark_retry(held, "TimedOut: timed out", max_attempts=3, retry_in=timedelta(seconds=4), now=NOW)
    during_pause = await claim(now=NOW + timedelta(seconds=3))
    after_pause = await claim(now=NOW + timedelta(seconds=5))

    stored = await Notification.get(id=failing)
    assert status == NotificationStatus.PENDING
    assert (stored.attempts, stored.last_error) == (1, "TimedOut: timed out")
    assert during_pause == []
    assert [(o.id, o.attempts) for o in after_pause] == [(failing, 1)]
    assert await status_of(behind) == NotificationStatus.PENDING


async def test_a_notification_that_keeps_failing_is_marked_failed_and_no_longer_holds_its_chat(db, caplog):
    failing = await owe(7)
    behind = await owe(7)
    now = NOW
    for _ in range(3):
        held = (await claim(now=now))[0]
        status = await mark_retry(held, "NetworkError: Bad Gateway", max_attempts=3,
                                  retry_in=timedelta(seconds=1), now=now)
        now += timedelta(seconds=2)

    next_one = await claim(now=now)

    stored = await Notification.get(id=failing)
    assert status == NotificationStatus.FAILED
    assert (stored.status, stored.attempts) == (NotificationStatus.FAILED, 3)
    assert stored.last_error == "NetworkError: Bad Gateway"
    assert [o.id for o in next_one] == [behind]
    assert f"notification {failing} failed" in caplog.text and "chat 7" not in caplog.text


async def test_a_message_telegram_refuses_for_good_fails_at_once(db):
    owed = await owe(7)
    held = (await claim())[0]

    status = await mark_failed(held, "BadRequest: chat not found")

    stored = await Notification.get(id=owed)
    assert status == NotificationStatus.FAILED
    assert (stored.attempts, stored.last_error) == (1, "BadRequest: chat not found")


async def test_a_released_claim_is_due_again_without_counting_an_attempt(db):
    owed = await owe(7)
    held = (await claim())[0]

    assert await release_notification(held)
    again = await claim()

    assert [(o.id, o.attempts) for o in again] == [(owed, 0)]


async def test_a_notification_with_nothing_left_to_say_is_done_without_a_sent_time(db):
    owed = await owe(7)

    assert await mark_skipped((await claim())[0])

    stored = await Notification.get(id=owed)
    assert (stored.status, stored.sent_at) == (NotificationStatus.SENT, None)
    assert await claim() == []


async def test_a_chat_that_blocked_the_bot_is_marked_and_its_due_notifications_skipped(db):
    refused = await owe(7)
    also_due = await owe(7)
    reminder = await owe(7, not_before=NOW + timedelta(hours=2))
    other_chat = await owe(8)
    held = {o.chat_id: o for o in await claim()}

    assert await mark_blocked(held[7], now=NOW)
    await mark_sent(held[8])
    enqueued_after = await owe(7)
    still_owed = await claim(now=NOW + timedelta(hours=3))

    assert (await ChatState.get(chat_id=7)).blocked_at == NOW
    skipped = [await status_of(i) for i in (refused, also_due, reminder, enqueued_after)]
    assert skipped == [NotificationStatus.BLOCKED] * 4
    assert await status_of(other_chat) == NotificationStatus.SENT
    assert still_owed == []


async def test_a_chat_that_writes_again_gets_its_notifications_again(db):
    await ChatState.create(chat_id=7, awaiting="quantity")
    await owe(7)
    await mark_blocked((await claim())[0], now=NOW)

    cleared = await mark_chat_reachable(7)
    again = await mark_chat_reachable(7)
    fresh = await owe(7)

    state = await ChatState.get(chat_id=7)
    assert (cleared, again) == (True, False)
    assert (state.blocked_at, state.awaiting) == (None, "quantity")
    assert [o.id for o in await claim()] == [fresh]


async def test_chats_the_dispatcher_holds_back_are_not_claimed(db):
    await owe(7)
    other = await owe(8)

    claimed = await claim(exclude_chats={7})

    assert [o.id for o in claimed] == [other]


async def test_the_last_send_of_each_chat_is_known(db):
    for chat_id, minutes in ((7, 3), (7, 1), (8, 2)):
        await owe(chat_id)
        await mark_sent((await claim())[0], now=NOW - timedelta(minutes=minutes))

    recent = await last_sends(since=NOW - timedelta(minutes=2, seconds=30))

    assert recent == {7: NOW - timedelta(minutes=1), 8: NOW - timedelta(minutes=2)}


async def test_on_sqlite_the_one_process_always_sends(db):
    if engine() != "sqlite":
        pytest.skip("SQLite only")
    lock = SenderLock()

    assert await lock.hold() and await lock.hold()
    await lock.release()


@pytest.mark.postgres_only
@pytest.mark.skipif(engine() != "postgres", reason="needs PostgreSQL's concurrent connections")
async def test_one_dispatcher_at_a_time_holds_the_sender_lock_and_a_dead_one_lets_go(db):
    first, second = SenderLock(), SenderLock()
    assert (await first.hold(), await second.hold(), await first.hold()) == (True, False, True)

    # The holder's process is killed: PostgreSQL ends its session, and the lock with it. Only this test's
    # database is looked at: other sessions of the server (another test run, another worker) are not ours.
    connection = get_connection("default")
    _, rows = await connection.execute_query(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )

    assert len(rows) == 1
    assert await second.hold() is True
    assert await first.hold() is False
    await second.release()
    assert await first.hold() is True
    await first.release()


@pytest.mark.postgres_only
@pytest.mark.skipif(engine() != "postgres", reason="needs PostgreSQL's concurrent connections")
async def test_dispatchers_claiming_at_once_on_postgresql_never_take_the_same_notification(db):
    for n in range(120):
        await owe(n % 40)
    taken: list[int] = []

    async def dispatcher() -> None:
        now = NOW
        while True:
            claimed = await claim(now=now, limit=7)
            if not claimed:
                if await Notification.filter(status=NotificationStatus.PENDING).count() == 0:
                    return
                await asyncio.sleep(0)
                continue
            taken.extend(o.id for o in claimed)
            for owed in claimed:
                assert await mark_sent(owed)

    await asyncio.gather(*(dispatcher() for _ in range(4)))

    assert sorted(taken) == sorted(await Notification.all().values_list("id", flat=True))
    assert await Notification.filter(status=NotificationStatus.SENT).count() == 120


async def test_many_messages_are_owed_in_one_insert_inside_the_callers_transaction(db):
    from market.services.messaging.notifications import enqueue_notifications

    try:
        async with in_transaction():
            await enqueue_notifications([(7, None, "t", {"n": 1}, "k1"), (8, None, "t", {"n": 2}, "k2")])
            raise RuntimeError("the change fails")
    except RuntimeError:
        pass
    owed = await enqueue_notifications([(7, None, "t", {"n": 1}, "k1"), (8, None, "t", {"n": 2}, None)])

    assert owed == 2
    assert sorted(await Notification.all().values_list("chat_id", flat=True)) == [7, 8]
