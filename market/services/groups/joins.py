"""Joining a purchasing group: by its link straight in, or, where its coordinators approve newcomers, by a request.

    open group:      link ──join_group──▶ member
    approval group:  link ──join_group──▶ pending ──decide_join_request (a coordinator)──▶ approved (a member now)
                                             │                                           └─▶ refused (maybe why)
                                             └──cancel_join_request (the person)──▶ cancelled

A waiting person is not a member: no GroupMember row is active for them, so rounds, accounts and the group's
page refuse them as they refuse anyone outside. Every request stays, with who decided and when.

| step                                                   | result                                                    |
|--------------------------------------------------------|-----------------------------------------------------------|
| join_group, open group                                 | a member now (pressing twice joins once)                  |
| join_group, approval group, not a member               | a pending request; each coordinator told, with buttons    |
| join_group again while it waits (or twice at once)     | the same request; nobody is told twice                    |
| join_group by an active member                         | nothing new: a member already                             |
| decide_join_request, approve, by a coordinator         | approved, by whom and when; a member now; they are told   |
| decide_join_request, refuse, reason optional           | refused, with the reason; they are told                   |
| a reason longer than REASON_LIMIT                      | Invalid("reason_too_long")                                |
| deciding, by anyone but the group's coordinators       | Forbidden("not_a_coordinator")                            |
| deciding a request no longer waiting (a 2nd answer)    | Conflict("join_already_decided"): the first answer stands |
| cancel_join_request by whom it is                      | cancelled                                                 |
| cancelling one decided already                         | Conflict("join_already_decided")                          |
| no such request, or someone else's to cancel           | NotFound("join_request_not_found")                        |
| set_join_policy by anyone but the group's coordinators | Forbidden("not_a_coordinator")                            |

Switching back to open leaves the waiting requests for the coordinators to answer: nobody is let in unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import GroupJoinPolicy, GroupMemberStatus, GroupRole, JoinRequestStatus, RoundStatus
from market.errors import Conflict, Invalid, NotFound
from market.models import GroupJoinRequest, GroupMember, OrderRound, PurchasingGroup
from market.orm import column_of, value_of
from market.services.groups.membership import (
    GroupView,
    check_coordinator,
    enrol_member,
    get_group,
    group_by_code,
)
from market.services.groups.rounds.notices import owe_round_reminders
from market.services.messaging.notifications import enqueue_notification

REASON_LIMIT = 200  # a refusal's reason: short, read on a cheap phone
PENDING = JoinRequestStatus.PENDING


@dataclass(frozen=True)
class JoinRequestView:
    id: int
    group_id: int
    group_name: str
    person_id: int
    person_name: str
    status: JoinRequestStatus
    asked_at: datetime
    decided_by_name: str | None  # who approved, refused or cancelled it
    decided_at: datetime | None
    reason: str


@dataclass(frozen=True)
class JoinResult:
    group: GroupView | None  # None while a request waits for a coordinator
    joined_now: bool  # False when the person was already an active member, or only asked
    request: JoinRequestView | None = None  # the waiting request, in a group that approves newcomers


async def join_group(code: str, *, person_id: int) -> JoinResult:
    """Join through an invite link, or ask to where coordinators approve newcomers (see the table above).

    A person who left comes back as a member (not as the coordinator they may have been), on their old
    membership: what they owe from closed rounds is still theirs.
    """
    group = await group_by_code(code)
    member = await GroupMember.exists(group_id=group.id, person_id=person_id, status=GroupMemberStatus.ACTIVE)
    if group.join_policy == GroupJoinPolicy.APPROVAL and not member:
        return JoinResult(None, False, await _ask(group.id, person_id))
    joined_now = await enrol_member(group.id, person_id)
    if joined_now:
        await _remind_of_open_rounds(group.id, person_id)
    return JoinResult(await get_group(group.id, viewer_person_id=person_id), joined_now)


async def decide_join_request(request_id: int, *, approve: bool, reason: str = "", by_person_id: int,
                              now: datetime | None = None) -> JoinRequestView:
    """A coordinator lets the person in, or refuses them (saying why if they wish); they are told either way."""
    row = await GroupJoinRequest.filter(id=request_id).first().values("group_id", "person_id",
                                                                      "person__telegram_user_id")
    if row is None:
        raise NotFound("join_request_not_found")
    await check_coordinator(row["group_id"], by_person_id)
    reason = "" if approve else reason.strip()
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REFUSED
    async with in_transaction():
        # Conditional on still waiting: of two coordinators answering at once, the first answer stands.
        if not await GroupJoinRequest.filter(id=request_id, status=PENDING).update(
                status=status, pending_key=None, decided_by_id=by_person_id, decided_at=now or clock.now(),
                reason=reason):
            raise Conflict("join_already_decided")
        if approve and await enrol_member(row["group_id"], row["person_id"]):
            await _remind_of_open_rounds(row["group_id"], row["person_id"])
        if row["person__telegram_user_id"]:
            await enqueue_notification(chat_id=row["person__telegram_user_id"], person_id=row["person_id"],
                                       template="group_join_decided", params={"request_id": request_id})
    return await get_join_request(request_id)


async def cancel_join_request(request_id: int, *, person_id: int, now: datetime | None = None) -> JoinRequestView:
    """The person who asked takes their request back while it waits."""
    if not await GroupJoinRequest.exists(id=request_id, person_id=person_id):
        raise NotFound("join_request_not_found")
    if not await GroupJoinRequest.filter(id=request_id, status=PENDING).update(
            status=JoinRequestStatus.CANCELLED, pending_key=None, decided_by_id=person_id,
            decided_at=now or clock.now()):
        raise Conflict("join_already_decided")
    return await get_join_request(request_id)


async def set_join_policy(group_id: int, policy: GroupJoinPolicy, *, by_person_id: int) -> GroupView:
    """A coordinator chooses how the group takes newcomers; choosing what it is changes nothing."""
    await check_coordinator(group_id, by_person_id)
    await PurchasingGroup.filter(id=group_id).update(join_policy=policy)
    return await get_group(group_id, viewer_person_id=by_person_id)


async def get_join_request(request_id: int) -> JoinRequestView:
    row = await GroupJoinRequest.filter(id=request_id).first().values(*_FIELDS)
    if row is None:
        raise NotFound("join_request_not_found")
    return _view(row)


async def my_join_requests(person_id: int) -> tuple[JoinRequestView, ...]:
    """The person's requests still waiting, oldest first (one per group at most)."""
    rows = await GroupJoinRequest.filter(person_id=person_id, status=PENDING).order_by("id").values(*_FIELDS)
    return tuple(_view(r) for r in rows)


async def waiting_join_requests(group_id: int, *, by_person_id: int, offset: int = 0,
                                limit: int = 10) -> tuple[tuple[JoinRequestView, ...], bool]:
    """A page of who waits to join, oldest first, and whether more follow (coordinators only)."""
    await check_coordinator(group_id, by_person_id)
    rows = await GroupJoinRequest.filter(group_id=group_id, status=PENDING).order_by("id").offset(
        max(offset, 0)).limit(limit + 1).values(*_FIELDS)
    return tuple(_view(r) for r in rows[:limit]), len(rows) > limit


_FIELDS = ("id", "group_id", "group__name", "person_id", "person__name", "status", "asked_at",
           "decided_by__name", "decided_at", "reason")


def _view(row: dict[str, Any]) -> JoinRequestView:
    return JoinRequestView(row["id"], row["group_id"], row["group__name"], row["person_id"], row["person__name"],
                           JoinRequestStatus(row["status"]), row["asked_at"], row["decided_by__name"],
                           row["decided_at"], row["reason"])


async def _ask(group_id: int, person_id: int) -> JoinRequestView:
    """The person's waiting request to join, made now (and each coordinator told) unless it waits already."""
    key = f"{group_id}:{person_id}"
    waiting = await value_of(GroupJoinRequest.filter(pending_key=key).first(), "id", int)
    if waiting is not None:
        return await get_join_request(waiting)
    try:
        # A savepoint: the second of two presses at once meets the unique pending_key and finds the first's.
        async with in_transaction():
            request = await GroupJoinRequest.create(group_id=group_id, person_id=person_id, pending_key=key)
            coordinators = await GroupMember.filter(
                group_id=group_id, role=GroupRole.COORDINATOR, status=GroupMemberStatus.ACTIVE,
                person__telegram_user_id__isnull=False).values_list("person_id", "person__telegram_user_id")
            for coordinator_id, chat_id in coordinators:
                await enqueue_notification(chat_id=chat_id, person_id=coordinator_id, template="group_join_request",
                                           params={"request_id": request.id})
    except IntegrityError:
        waiting = await value_of(GroupJoinRequest.filter(pending_key=key).first(), "id", int)
        if waiting is None:
            raise
        return await get_join_request(waiting)
    return await get_join_request(request.id)


async def _remind_of_open_rounds(group_id: int, person_id: int) -> None:
    """Rounds already open remind the newcomer too, a day and an hour before they close."""
    member_id = await value_of(GroupMember.get(group_id=group_id, person_id=person_id), "id", int)
    for round_id in await column_of(OrderRound.filter(group_id=group_id, status=RoundStatus.OPEN), "id", int):
        await owe_round_reminders(round_id, member_ids=[member_id])
