"""Each sender's budget of updates a minute, kept as the inbox stores their updates (market.services.messaging.inbox).

Past the budget a sender's updates are stored `dropped` and never processed, and the first drop of a burst owes their
chat one "slow down" notice, in their language. A batch (one getUpdates answer) is counted with one query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tortoise.functions import Count

from market import clock
from market.enums import InboxStatus
from market.models import InboxUpdate
from market.services.messaging.notifications import enqueue_notification

SLOW_DOWN = "slow_down"  # the notice template of a sender over their budget (bot/notices.py)


@dataclass(frozen=True)
class Budget:
    """At most `updates` from one sender in any `window`; None where budgets are off."""

    updates: int
    window: timedelta = timedelta(minutes=1)


@dataclass(frozen=True)
class Incoming:
    """An update to store: `chat_id` keeps its order, `sender_id` is whose budget it counts against, and the
    sender's `language_code` says how a "slow down" notice is written."""

    update_id: int
    payload: dict[str, Any]
    chat_id: int | None = None
    sender_id: int | None = None
    language_code: str | None = None


async def budget_statuses(
    batch: list[Incoming], budget: Budget | None
) -> tuple[list[InboxStatus], list[Incoming]]:
    """Each update's status (PENDING while its sender is within the budget, else DROPPED), and the updates whose
    chats are owed a "slow down" notice: the first drop of a burst."""
    senders = {update.sender_id for update in batch if update.sender_id is not None}
    if budget is None or not senders:
        return [InboxStatus.PENDING] * len(batch), []
    kept: Counter[int] = Counter()
    dropped: set[int] = set()
    recent = await (
        InboxUpdate.filter(sender_id__in=sorted(senders), received_at__gte=clock.now() - budget.window)
        .annotate(count=Count("id")).group_by("sender_id", "status").values("sender_id", "status", "count")
    )
    for row in recent:
        if row["status"] == InboxStatus.DROPPED:
            dropped.add(row["sender_id"])
        else:
            kept[row["sender_id"]] += row["count"]
    statuses, owed = [], []
    for update in batch:
        sender = update.sender_id
        if sender is None or kept[sender] < budget.updates:
            statuses.append(InboxStatus.PENDING)
            if sender is not None:
                kept[sender] += 1
            continue
        statuses.append(InboxStatus.DROPPED)
        if sender not in dropped and update.chat_id is not None:
            owed.append(update)
        dropped.add(sender)
    return statuses, owed


async def slow_down(update: Incoming, budget: Budget | None) -> None:
    assert budget is not None and update.chat_id is not None  # owed only under a budget, to a chat
    await enqueue_notification(
        chat_id=update.chat_id, template=SLOW_DOWN, priority=1,
        params={"language_code": update.language_code, "seconds": int(budget.window.total_seconds())},
    )
