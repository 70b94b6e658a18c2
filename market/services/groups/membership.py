"""Membership of purchasing groups: create one, leave, link its Telegram group chat (joining: joins.py).

A group is reached in three ways: its members see it (`get_group`, `list_my_groups`), a stranger holding
its invite link sees what it is before joining (`find_invite`), and its Telegram group chat is tied to it
(`group_for_chat`). Only coordinators see and renew the invite code and link the chat.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from market import clock
from market.enums import GroupJoinPolicy, GroupMemberStatus, GroupRole, RoundStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import GroupMember, MemberOrderRow, OrderRound, PurchasingGroup, Territory
from market.orm import column_of, value_of
from market.services.groups.rounds.views import PICKUP_POINT_LIMIT, is_coordinator
from market.text import search_key

NAME_MIN, NAME_MAX = 3, 160
SLUG_MAX = 64
LAST_ROUNDS = 5
# 9 random bytes are 12 characters of A-Za-z0-9_-: fits a Telegram deep link (64) and cannot be guessed.
INVITE_BYTES = 9
INVITE_CODE_MAX = 32
ACTIVE = GroupMemberStatus.ACTIVE
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class GroupView:
    id: int
    slug: str
    name: str
    territory_name: str
    country_code: str
    time_zone: str
    pickup_point: str
    telegram_chat_id: int | None
    invite_code: str | None  # coordinators only
    member_count: int  # active members, coordinators included
    coordinators: tuple[str, ...]  # names, longest-standing first
    viewer_role: GroupRole
    join_policy: GroupJoinPolicy
    open_round_ids: tuple[int, ...]  # closing soonest first
    last_round_ids: tuple[int, ...]  # the latest rounds of any status, newest first


@dataclass(frozen=True)
class GroupSummary:
    id: int
    name: str
    role: GroupRole | None  # None when not asked for a person (group_for_chat)
    member_count: int
    open_rounds: int
    telegram_chat_id: int | None


@dataclass(frozen=True)
class InviteView:
    """What a person opening an invite link sees before joining."""

    group_id: int
    name: str
    territory_name: str
    member_count: int
    coordinators: tuple[str, ...]
    join_policy: GroupJoinPolicy  # approval: joining is a request a coordinator answers


@dataclass(frozen=True)
class LeaveResult:
    group_id: int
    group_name: str
    lines_removed: int  # order lines withdrawn from rounds still taking orders


async def create_group(*, by_person_id: int, name: str, territory_id: int, pickup_point: str = "") -> GroupView:
    """Create a group in a territory; its creator is its first coordinator and it gets an invite code."""
    name, pickup_point = name.strip(), pickup_point.strip()
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise Invalid("group_name_length", min=NAME_MIN, max=NAME_MAX)
    if len(pickup_point) > PICKUP_POINT_LIMIT:
        raise Invalid("pickup_point_too_long", limit=PICKUP_POINT_LIMIT)
    if not await Territory.exists(id=territory_id):
        raise NotFound("territory_not_found")
    for attempt in range(3):
        slug = await _free_slug(name)
        try:
            async with in_transaction():
                group = await PurchasingGroup.create(
                    slug=slug, name=name, territory_id=territory_id, pickup_point=pickup_point,
                    invite_code=_new_code(),
                )
                await GroupMember.create(group=group, person_id=by_person_id, role=GroupRole.COORDINATOR)
            break
        except IntegrityError:
            # Two groups of the same name created at once: the slug was taken meanwhile, pick again.
            if attempt == 2 or not await PurchasingGroup.exists(slug=slug):
                raise
    return await get_group(group.id, viewer_person_id=by_person_id)


async def get_group(group_id: int, *, viewer_person_id: int) -> GroupView:
    """The group as an active member sees it; coordinators also see the invite code."""
    group = await PurchasingGroup.filter(id=group_id).select_related("territory").first()
    if group is None:
        raise NotFound("group_not_found")
    members = await _active_members(group_id)
    role = next((r for person_id, r, _ in members if person_id == viewer_person_id), None)
    if role is None:
        raise Forbidden("not_a_group_member")
    invite_code = None
    if role == GroupRole.COORDINATOR:
        invite_code = group.invite_code or await _ensure_invite_code(group_id)
    open_ids = await column_of(
        OrderRound.filter(group_id=group_id, status=RoundStatus.OPEN).order_by("closes_at", "id"), "id", int)
    last_ids = await column_of(
        OrderRound.filter(group_id=group_id).order_by("-opens_at", "-id").limit(LAST_ROUNDS), "id", int)
    return GroupView(
        id=group.id, slug=group.slug, name=group.name, territory_name=group.territory.name,
        country_code=group.territory.country_code, time_zone=group.territory.time_zone,
        pickup_point=group.pickup_point, telegram_chat_id=group.telegram_chat_id, invite_code=invite_code,
        member_count=len(members), coordinators=_coordinator_names(members), viewer_role=role,
        join_policy=group.join_policy,
        open_round_ids=tuple(open_ids), last_round_ids=tuple(last_ids),
    )


async def list_my_groups(person_id: int) -> tuple[GroupSummary, ...]:
    """The groups the person is an active member of, by name."""
    return await _summaries(GroupMember.filter(person_id=person_id, status=ACTIVE))


async def groups_coordinated(person_id: int) -> tuple[GroupSummary, ...]:
    """The groups the person actively coordinates, by name (where a chat can be linked, a round opened)."""
    return await _summaries(GroupMember.filter(person_id=person_id, status=ACTIVE, role=GroupRole.COORDINATOR))


async def group_for_chat(chat_id: int) -> GroupSummary | None:
    """The group whose Telegram group chat this is, if any."""
    row = await PurchasingGroup.filter(telegram_chat_id=chat_id).first().values("id", "name")
    if row is None:
        return None
    members, rounds = await _counts([row["id"]])
    return GroupSummary(row["id"], row["name"], None, members.get(row["id"], 0), rounds.get(row["id"], 0), chat_id)


async def find_invite(code: str) -> InviteView:
    """What an invite link leads to; NotFound("invite_not_found") once the code was replaced."""
    group = await group_by_code(code)
    members = await _active_members(group.id)
    return InviteView(group.id, group.name, group.territory.name, len(members), _coordinator_names(members),
                      group.join_policy)


async def leave_group(group_id: int, *, person_id: int, now: datetime | None = None) -> LeaveResult:
    """Leave a group, withdrawing the member's order lines from rounds still taking orders.

    Rounds past their closing time keep the lines (packs may already be ordered), and allocations,
    bills and ledger entries of closed rounds stay: leaving does not cancel a debt. The last active
    coordinator cannot leave: the group would have nobody to close its rounds.
    """
    now = now or clock.now()
    group = await PurchasingGroup.filter(id=group_id).first().values("id", "name")
    if group is None:
        raise NotFound("group_not_found")
    member = await GroupMember.filter(group_id=group_id, person_id=person_id, status=ACTIVE).first().values(
        "id", "role")
    if member is None:
        raise Forbidden("not_a_group_member")
    async with in_transaction():
        if member["role"] == GroupRole.COORDINATOR:
            # Locks the group on PostgreSQL so two coordinators leaving at once cannot both be "not the last".
            await PurchasingGroup.filter(id=group_id).select_for_update().first()
            others = GroupMember.filter(group_id=group_id, status=ACTIVE, role=GroupRole.COORDINATOR)
            if not await others.exclude(id=member["id"]).exists():
                raise Conflict("last_coordinator")
        # Locking the open rounds orders this after a line being written or a close under way.
        taking_orders = OrderRound.filter(group_id=group_id, status=RoundStatus.OPEN, closes_at__gt=now)
        open_ids = [r.id for r in await taking_orders.select_for_update()]
        rows = await MemberOrderRow.filter(member_id=member["id"], round_offer__round_id__in=open_ids).values_list(
            "id", "round_offer_id")
        if rows:
            await MemberOrderRow.filter(id__in=[row_id for row_id, _ in rows]).delete()
        if not await GroupMember.filter(id=member["id"], status=ACTIVE).update(status=GroupMemberStatus.LEFT):
            raise Forbidden("not_a_group_member")  # left meanwhile, by a second press
    return LeaveResult(group_id, group["name"], len({offer_id for _, offer_id in rows}))


async def new_invite_code(group_id: int, *, by_person_id: int) -> str:
    """Replace the group's invite code: links shared before stop working."""
    await check_coordinator(group_id, by_person_id)
    code = _new_code()
    await PurchasingGroup.filter(id=group_id).update(invite_code=code)
    return code


async def link_group_chat(group_id: int, chat_id: int, *, by_person_id: int) -> GroupView:
    """Tie a Telegram group chat (where the bot was added) to the group; a new chat replaces the old one."""
    if chat_id >= 0:
        raise Invalid("not_a_group_chat")  # private chats have positive ids, groups negative ones
    await check_coordinator(group_id, by_person_id)
    await _refuse_chat_elsewhere(group_id, chat_id)
    try:
        await PurchasingGroup.filter(id=group_id).update(telegram_chat_id=chat_id)
    except IntegrityError:
        await _refuse_chat_elsewhere(group_id, chat_id)  # linked by another group's coordinator meanwhile
        raise
    return await get_group(group_id, viewer_person_id=by_person_id)


async def forget_group_chat(chat_id: int) -> int | None:
    """The bot left or was removed from a chat: untie it from its group and return the group's id."""
    group_id = await value_of(PurchasingGroup.filter(telegram_chat_id=chat_id).first(), "id", int)
    if group_id is None:
        return None
    if not await PurchasingGroup.filter(id=group_id, telegram_chat_id=chat_id).update(telegram_chat_id=None):
        return None
    return group_id


async def move_group_chat(old_chat_id: int, new_chat_id: int) -> int:
    """Telegram turned the group chat into a supergroup, with a new id: the link follows it."""
    return await PurchasingGroup.filter(telegram_chat_id=old_chat_id).update(telegram_chat_id=new_chat_id)


@dataclass(frozen=True)
class MemberEntry:
    person_id: int
    name: str
    role: GroupRole


async def list_members(group_id: int, *, by_person_id: int) -> tuple[MemberEntry, ...]:
    """The active members, longest-standing first, for a coordinator to hand over coordination."""
    await check_coordinator(group_id, by_person_id)
    return tuple(MemberEntry(p, name, role) for p, role, name in await _active_members(group_id))


async def make_coordinator(group_id: int, person_id: int, *, by_person_id: int) -> tuple[MemberEntry, ...]:
    """A coordinator makes an active member coordinator too (so that they may leave, or share the work).

    Doing it twice changes nothing; the members list comes back.
    """
    await check_coordinator(group_id, by_person_id)
    if not await GroupMember.filter(group_id=group_id, person_id=person_id, status=ACTIVE).update(
            role=GroupRole.COORDINATOR):
        raise Forbidden("not_a_group_member")
    return await list_members(group_id, by_person_id=by_person_id)


async def _active_members(group_id: int) -> list[tuple[int, GroupRole, str]]:
    """(person id, role, name) of the active members, longest-standing first."""
    rows = await GroupMember.filter(group_id=group_id, status=ACTIVE).order_by("joined_at", "id").values_list(
        "person_id", "role", "person__name")
    return [(person_id, GroupRole(role), name) for person_id, role, name in rows]


def _coordinator_names(members: list[tuple[int, GroupRole, str]]) -> tuple[str, ...]:
    return tuple(name for _, role, name in members if role == GroupRole.COORDINATOR)


async def _summaries(memberships: QuerySet[GroupMember]) -> tuple[GroupSummary, ...]:
    """Summaries of the groups of these GroupMember rows, by name: three queries whatever their number."""
    rows = await memberships.order_by("group__name", "group_id").values_list(
        "group_id", "group__name", "role", "group__telegram_chat_id")
    members, rounds = await _counts([row[0] for row in rows])
    return tuple(
        GroupSummary(group_id, name, GroupRole(role), members.get(group_id, 0), rounds.get(group_id, 0), chat_id)
        for group_id, name, role, chat_id in rows
    )


async def _counts(group_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Active members and open rounds of each group."""
    if not group_ids:
        return {}, {}
    members = await GroupMember.filter(group_id__in=group_ids, status=ACTIVE).group_by("group_id").annotate(
        n=Count("id")).values_list("group_id", "n")
    rounds = await OrderRound.filter(group_id__in=group_ids, status=RoundStatus.OPEN).group_by("group_id").annotate(
        n=Count("id")).values_list("group_id", "n")
    return dict(members), dict(rounds)


async def enrol_member(group_id: int, person_id: int) -> bool:
    """Make the person an active member, whatever the group's join policy (joins.py applies it); False if they
    already were."""
    if await GroupMember.filter(group_id=group_id, person_id=person_id, status=GroupMemberStatus.LEFT).update(
        status=ACTIVE, role=GroupRole.MEMBER, joined_at=clock.now()
    ):
        return True
    if await GroupMember.exists(group_id=group_id, person_id=person_id):
        return False
    try:
        # A savepoint: the second of two presses at once must not abort a caller's transaction.
        async with in_transaction():
            await GroupMember.create(group_id=group_id, person_id=person_id, role=GroupRole.MEMBER)
    except IntegrityError:
        if not await GroupMember.exists(group_id=group_id, person_id=person_id, status=ACTIVE):
            raise
        return False
    return True


async def group_by_code(code: str) -> PurchasingGroup:
    group = None
    if code and len(code) <= INVITE_CODE_MAX:
        group = await PurchasingGroup.filter(invite_code=code).select_related("territory").first()
    if group is None:
        raise NotFound("invite_not_found")
    return group


async def _ensure_invite_code(group_id: int) -> str:
    """Groups made before invite codes existed get one the first time a coordinator looks."""
    await PurchasingGroup.filter(id=group_id, invite_code=None).update(invite_code=_new_code())
    return await value_of(PurchasingGroup.get(id=group_id), "invite_code", str)  # set now, if it was not


async def check_coordinator(group_id: int, person_id: int) -> None:
    """NotFound("group_not_found") or Forbidden("not_a_coordinator") unless the person actively coordinates it."""
    if not await PurchasingGroup.exists(id=group_id):
        raise NotFound("group_not_found")
    if not await is_coordinator(group_id, person_id):
        raise Forbidden("not_a_coordinator")


async def _refuse_chat_elsewhere(group_id: int, chat_id: int) -> None:
    other = await PurchasingGroup.filter(telegram_chat_id=chat_id).exclude(id=group_id).first().values_list(
        "name", flat=True)
    if other is not None:
        raise Conflict("chat_linked_elsewhere", group=other)


async def _free_slug(name: str) -> str:
    """A slug from the name, numbered when taken: "Grupo Equipetrol" → "grupo-equipetrol", "grupo-equipetrol-2"."""
    base = _NOT_SLUG.sub("-", search_key(name)).strip("-")[:SLUG_MAX - 4].strip("-") or "group"
    taken = set(await column_of(PurchasingGroup.filter(slug__startswith=base), "slug", str))
    n = 1
    while (slug := base if n == 1 else f"{base}-{n}") in taken:
        n += 1
    return slug


def _new_code() -> str:
    return secrets.token_urlsafe(INVITE_BYTES)
