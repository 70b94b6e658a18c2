"""Telling the operators that something new waits for a decision: one message an hour at most, however many arrive.

Registering an organization and proposing a place each call `tell_operators_something_waits()` inside their
transaction. Each operator who can be written to is owed one "queue_waiting" notice, unless one was owed to them
in the last hour (a flood of proposals makes one message); it waits out their quiet hours and mute as alerts do
(market.rules.alerts), and says how many things wait when it is sent (bot/notices.py reads the queue then).

| an operator was owed a queue notice ... | a new thing waits                      |
|-----------------------------------------|----------------------------------------|
| never, or more than an hour ago         | one notice owed, due out of quiet hours |
| less than an hour ago                   | nothing more (that notice counts all)  |
| (an operator removed, or never started) | nothing                                |
"""

from __future__ import annotations

from datetime import timedelta

from market import clock
from market.models import Notification, Operator
from market.rules.alerts import alert_due_at, minute_time
from market.services.messaging.notifications import enqueue_notification

TEMPLATE = "queue_waiting"
AT_MOST_EVERY = timedelta(hours=1)



async def tell_operators_something_waits() -> int:
    """Owe each operator a notice that something waits, at most one an hour each; how many were owed now."""
    now = clock.now()
    operators = await Operator.filter(removed_at__isnull=True, person__telegram_user_id__isnull=False).values(
        "person_id", chat_id="person__telegram_user_id", muted_until="person__alerts_muted_until",
        quiet_from="person__quiet_from_minute", quiet_until="person__quiet_until_minute",
        time_zone="person__territory__time_zone")
    recent = set(await Notification.filter(
        template=TEMPLATE, created_at__gte=now - AT_MOST_EVERY,
        person_id__in=[o["person_id"] for o in operators]).values_list("person_id", flat=True)) if operators else set()
    owed = 0
    hour = now.replace(minute=0, second=0, microsecond=0).isoformat()
    for operator in operators:
        if operator["person_id"] in recent:
            continue
        due = alert_due_at(now, time_zone=operator["time_zone"] or "UTC", muted_until=operator["muted_until"],
                           quiet_from=minute_time(operator["quiet_from"]),
                           quiet_until=minute_time(operator["quiet_until"]))
        # The key bounds two arrivals at the same moment to one message in the same hour.
        owed += await enqueue_notification(chat_id=operator["chat_id"], person_id=operator["person_id"],
                                           template=TEMPLATE, not_before=due,
                                           dedupe_key=f"{TEMPLATE}:{operator['person_id']}:{hour}")
    return owed
