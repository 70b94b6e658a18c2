"""The messages an order round owes its group: announced, reminded, extended or cancelled.

    open ──extend_round──▶ open (later closes_at: reminders owed again for the new time)
    open ──cancel_round──▶ cancelled (rows kept for the record, no ledger entries)
    open ──close_due_rounds (the timer, at closes_at) / a coordinator (closing)──▶ closed

Messages are owed to the outbox in the transaction of the change; the bot renders them when it sends
and skips one that no longer applies (a reminder whose closes_at no longer matches the round's, whose
member has ordered, or whose round is not open), so nothing owed is ever withdrawn. Dedupe keys:

    round_opened     round:<id>:opened:chat              (the group's chat)  or  round:<id>:opened:<member_id>
    round_reminder   round:<id>:reminder:<closes_at as a Unix time>:day|hour:<member_id>
    round_extended   round:<id>:extended:<new closes_at as a Unix time>:chat  or  ...:<member_id>
    round_cancelled  round:<id>:cancelled:chat  or  round:<id>:cancelled:<member_id>
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from tortoise.expressions import Subquery

from market import clock
from market.enums import GroupMemberStatus, RoundStatus
from market.errors import NotFound
from market.models import GroupMember, MemberOrderRow, Notification, OrderRound
from market.orm import column_of
from market.services.messaging.notifications import enqueue_notification, enqueue_notifications

# How long before the close a member who has not ordered is reminded.
REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))


async def owe_round_reminders(
    round_id: int, *, member_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Owe an open round's reminders to its active members (all, or `member_ids`: who just joined); how many.

    Reminders already owed for the round's current closing time are not owed twice.
    """
    now = now or clock.now()
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    if order_round.status != RoundStatus.OPEN or member_ids == []:
        return 0
    group_id, closes_at = order_round.group_id, order_round.closes_at
    members = await reachable_members(group_id, member_ids)
    if member_ids is not None:
        # A join may race an extension owing the same keys: each row tolerates one already written.
        return await owe_member_reminders(round_id, group_id, closes_at, members, now, one_by_one=True)
    prefix = f"round:{round_id}:reminder:{int(closes_at.timestamp())}:"
    owed = set(await column_of(Notification.filter(dedupe_key__startswith=prefix), "dedupe_key", str))
    return await owe_member_reminders(round_id, group_id, closes_at, members, now, skip=owed)


async def owe_opening_notices(order_round: OrderRound, group_chat_id: int | None, now: datetime) -> None:
    """The announcement (in the group's chat, or privately when the group has none) and every reminder.

    Called by open_round inside its transaction: the round is new, so none of the keys exists yet.
    """
    members = await reachable_members(order_round.group_id)
    params = {"round_id": order_round.id, "group_id": order_round.group_id}
    key = f"round:{order_round.id}:opened"
    owed: list[tuple[int, int | None, str, dict[str, Any], str | None]]  # chat, person, template, params, key
    if group_chat_id is not None:
        owed = [(group_chat_id, None, "round_opened", params, f"{key}:chat")]
    else:
        owed = [(chat, person, "round_opened", params, f"{key}:{member}") for member, person, chat in members]
    await enqueue_notifications(owed, not_before=now)
    await owe_member_reminders(order_round.id, order_round.group_id, order_round.closes_at, members, now)


async def owe_member_reminders(
    round_id: int, group_id: int, closes_at: datetime, members: list[tuple[int, int, int]], now: datetime, *,
    one_by_one: bool = False, skip: set[str] | frozenset[str] = frozenset(),
) -> int:
    """Reminders a day and an hour before `closes_at`, those still ahead; keyed by the closing time."""
    stamp = int(closes_at.timestamp())
    count = 0
    for before, ahead in REMINDERS:
        when = closes_at - ahead
        if when <= now:
            continue
        owed = [
            (chat, person, "round_reminder",
             {"round_id": round_id, "group_id": group_id, "member_id": member,
              "closes_at": closes_at.astimezone(timezone.utc).isoformat(), "before": before},
             f"round:{round_id}:reminder:{stamp}:{before}:{member}")
            for member, person, chat in members
        ]
        owed = [o for o in owed if o[4] not in skip]
        if not one_by_one:
            count += await enqueue_notifications(owed, not_before=when)
            continue
        for chat, person, template, params, key in owed:
            count += await enqueue_notification(
                chat_id=chat, person_id=person, template=template, params=params, not_before=when, dedupe_key=key
            )
    return count


async def owe_round_change(order_round: OrderRound, template: str, cause: str, now: datetime) -> None:
    """Tell the group's chat (when it has one) and, privately, each member with order rows in the round."""
    round_id = order_round.id
    params = {"round_id": round_id, "group_id": order_round.group_id}
    key = f"round:{round_id}:{cause}"
    owed = []
    if order_round.group.telegram_chat_id is not None:
        owed.append((order_round.group.telegram_chat_id, None, template, params, f"{key}:chat"))
    ordered = MemberOrderRow.filter(round_offer__round_id=round_id).values("member_id")
    members = await GroupMember.filter(id__in=Subquery(ordered), person__telegram_user_id__isnull=False).order_by(
        "id"
    ).values_list("id", "person_id", "person__telegram_user_id")
    owed += [(chat, person, template, params, f"{key}:{member}") for member, person, chat in members]
    await enqueue_notifications(owed, not_before=now)


async def reachable_members(group_id: int, member_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(member id, person id, Telegram chat id) of the group's active members the bot can write to."""
    query = GroupMember.filter(
        group_id=group_id, status=GroupMemberStatus.ACTIVE, person__telegram_user_id__isnull=False
    )
    if member_ids is not None:
        query = query.filter(id__in=member_ids)
    return await query.order_by("id").values_list("id", "person_id", "person__telegram_user_id")
