"""Processed updates, finished notifications and old search misses are purged after their retention."""

from __future__ import annotations

from datetime import timedelta

from market.enums import InboxStatus, NotificationStatus
from market.models import InboxUpdate, Notification, SearchMiss
from market.services.catalog.demand import record_search_miss
from market.services.messaging.budgets import Budget
from market.services.messaging.inbox import Stored, last_update_id, store_update
from market.services.messaging.notifications import enqueue_notification
from market.services.people.retention import purge_expired
from tests.market.services.shop import make_person
from tests.support.clock import NOW

DAY = timedelta(days=1)


async def _update(update_id: int, status: InboxStatus, processed_days_ago: int | None) -> None:
    await store_update(update_id, {"update_id": update_id}, chat_id=77)
    processed = None if processed_days_ago is None else NOW - processed_days_ago * DAY
    await InboxUpdate.filter(update_id=update_id).update(status=status, processed_at=processed)


async def _notification(key: str, status: NotificationStatus, days_ago: int, *, dedupe: bool = False) -> None:
    await enqueue_notification(chat_id=77, template=key, dedupe_key=key if dedupe else None)
    sent = NOW - days_ago * DAY if status == NotificationStatus.SENT else None
    await Notification.filter(template=key).update(status=status, sent_at=sent, created_at=NOW - days_ago * DAY)


async def test_updates_processed_more_than_30_days_ago_go_in_batches_and_the_newest_stays(db):
    for update_id, status, days_ago in (
        (1, InboxStatus.DONE, 40), (2, InboxStatus.FAILED, 31), (3, InboxStatus.DONE, 29),
        (4, InboxStatus.PENDING, None), (5, InboxStatus.PROCESSING, None), (6, InboxStatus.DONE, 45),
    ):
        await _update(update_id, status, days_ago)

    purged = await purge_expired(NOW, message_days=30, search_days=90, batch=1)

    assert purged.updates == 2
    # 6 is past its time too, but polling resumes after the newest update_id: it stays.
    assert await InboxUpdate.all().order_by("update_id").values_list("update_id", flat=True) == [3, 4, 5, 6]
    assert await last_update_id() == 6


async def test_updates_dropped_over_a_budget_go_after_the_retention_like_the_processed(db, feria_clock):
    feria_clock.travel(NOW - 35 * DAY)
    old = [await store_update(n, {"update_id": n}, chat_id=77, sender_id=77, budget=Budget(1)) for n in (1, 2)]
    feria_clock.travel(NOW - 2 * DAY)
    recent = [await store_update(n, {"update_id": n}, chat_id=77, sender_id=77, budget=Budget(1)) for n in (3, 4)]
    feria_clock.travel(NOW)

    purged = await purge_expired(NOW, message_days=30, search_days=90)

    assert (old, recent) == ([Stored.KEPT, Stored.DROPPED], [Stored.KEPT, Stored.DROPPED])
    assert purged.updates == 1  # the dropped one of 35 days ago; the pending ones wait to be processed
    assert await InboxUpdate.all().order_by("update_id").values_list("update_id", flat=True) == [1, 3, 4]


async def test_notifications_finished_more_than_30_days_ago_go_and_those_owed_stay(db):
    for key, status, days_ago in (
        ("sent-old", NotificationStatus.SENT, 31), ("sent-new", NotificationStatus.SENT, 29),
        ("failed-old", NotificationStatus.FAILED, 31), ("blocked-old", NotificationStatus.BLOCKED, 40),
        ("pending-old", NotificationStatus.PENDING, 40), ("sending-old", NotificationStatus.SENDING, 40),
    ):
        await _notification(key, status, days_ago)
    await _notification("seal-reminder-31", NotificationStatus.SENT, 31, dedupe=True)
    await _notification("seal-reminder-33", NotificationStatus.SENT, 33, dedupe=True)

    purged = await purge_expired(NOW, message_days=30, search_days=90, batch=2)

    assert purged.notifications == 4
    # A dedupe key outlives a seal's 30 days of reminders: kept 32 days, so the reminder is not owed again.
    assert sorted(await Notification.all().values_list("template", flat=True)) == [
        "pending-old", "seal-reminder-31", "sending-old", "sent-new",
    ]


async def test_search_misses_older_than_their_retention_go(db):
    person = await make_person("Rosa", telegram_user_id=501)
    for days_ago, word in ((91, "miel"), (89, "chia")):
        await record_search_miss(word, channel="bot", person_id=person, now=NOW - days_ago * DAY)

    purged = await purge_expired(NOW, message_days=30, search_days=90)

    assert purged.search_misses == 1
    assert await SearchMiss.all().values_list("search_key", flat=True) == ["chia"]


async def test_a_retention_of_one_week_purges_what_is_older_than_a_week(db):
    await _update(1, InboxStatus.DONE, 8)
    await _update(2, InboxStatus.DONE, 6)
    await _update(3, InboxStatus.DONE, 0)
    await _notification("sent-8", NotificationStatus.SENT, 8)

    purged = await purge_expired(NOW, message_days=7, search_days=90)

    assert (purged.updates, purged.notifications) == (1, 1)
