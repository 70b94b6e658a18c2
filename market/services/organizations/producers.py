"""Producers joining an organization: the admin's invitation link, the request, and the one-button answer.

    (no membership) ──request_membership──▶ pending ──decide (an admin)──▶ approved | refused
                                               ▲                                    │
                                               │                leave_organization ─┴─▶ left
                                               └──────── request_membership ─────────────┘  (asks again)

The member row holds the present; each step is also recorded as a membership event (market.models.register),
with when and by whom, so leaving, refusing and re-joining keep the history (and the member's register entry).

Only approved members post stock for their organization; a person approved in two organizations
chooses which one a message is for (`my_organizations`). The organization's approved admins are
told of each request with buttons to answer; the producer is told the answer. Both by the outbox.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipEventKind, MembershipStatus
from market.errors import Conflict, Forbidden, NotFound
from market.models import Member, MembershipEvent, Organization
from market.orm import value_of
from market.services.messaging.notifications import enqueue_notification

APPROVED, PENDING = MembershipStatus.APPROVED, MembershipStatus.PENDING


@dataclass(frozen=True)
class ProducerInvite:
    organization_id: int
    organization_name: str
    territory_name: str


@dataclass(frozen=True)
class MembershipView:
    id: int
    organization_id: int
    organization_name: str
    person_id: int
    person_name: str
    role: MemberRole
    status: MembershipStatus


async def producer_invite_code(organization_id: int, *, by_person_id: int) -> str:
    """The organization's invitation code for producers (made on first use); admins only."""
    await _check_admin(organization_id, by_person_id)
    code = await value_of(Organization.filter(id=organization_id).first(), "producer_invite_code", str)
    if code:
        return code
    code = secrets.token_urlsafe(9)
    await Organization.filter(id=organization_id, producer_invite_code__isnull=True).update(producer_invite_code=code)
    # Set now, by this call or a concurrent one (the organization is the admin's, found above).
    return await value_of(Organization.get(id=organization_id), "producer_invite_code", str)


async def find_producer_invite(code: str) -> ProducerInvite:
    row = await Organization.filter(producer_invite_code=code).first().values("id", "name", "territory__name")
    if not code or row is None:
        raise NotFound("invite_not_found")
    return ProducerInvite(row["id"], row["name"], row["territory__name"])


async def request_membership(code: str, *, person_id: int) -> MembershipView:
    """A producer asks to join through the link; the admins are asked. Asking twice asks once."""
    invite = await find_producer_invite(code)
    async with in_transaction():
        member = await Member.filter(organization_id=invite.organization_id, person_id=person_id).first()
        if member is not None and member.status in (APPROVED, PENDING):
            return await get_membership(member.id)
        try:
            if member is None:
                member = await Member.create(organization_id=invite.organization_id, person_id=person_id,
                                             role=MemberRole.PRODUCER, status=PENDING)
                kind = MembershipEventKind.REQUESTED
            else:  # refused or left before: asks again, as a producer
                await Member.filter(id=member.id).update(status=PENDING, role=MemberRole.PRODUCER)
                kind = MembershipEventKind.REQUESTED_AGAIN
        except IntegrityError:  # the same request pressed twice at once
            raise Conflict("membership_requested") from None
        await record_membership_event(invite.organization_id, person_id, kind, by_person_id=person_id)
        admins = await Member.filter(organization_id=invite.organization_id, role=MemberRole.ADMIN, status=APPROVED,
                                     person__telegram_user_id__isnull=False).values_list(
            "person_id", "person__telegram_user_id")
        for admin_id, chat_id in admins:
            # Once per request: only the step into "pending" owes it (no dedupe key: one may ask again).
            await enqueue_notification(chat_id=chat_id, person_id=admin_id, template="membership_request",
                                       params={"member_id": member.id})
    return await get_membership(member.id)


async def decide_membership(member_id: int, *, approve: bool, by_person_id: int) -> MembershipView:
    """An admin approves or refuses a pending request; the first answer stands (a second press changes nothing)."""
    member = await Member.filter(id=member_id).first().values("organization_id", "status", "person_id",
                                                                "person__telegram_user_id")
    if member is None:
        raise NotFound("membership_not_found")
    await _check_admin(member["organization_id"], by_person_id)
    status = APPROVED if approve else MembershipStatus.REFUSED
    async with in_transaction():
        decided = await Member.filter(id=member_id, status=PENDING).update(status=status)
        if decided:
            await record_membership_event(member["organization_id"], member["person_id"], MembershipEventKind(status),
                                          by_person_id=by_person_id)
        if decided and member["person__telegram_user_id"]:
            await enqueue_notification(chat_id=member["person__telegram_user_id"], person_id=member["person_id"],
                                       template="membership_decided", params={"member_id": member_id})
    return await get_membership(member_id)


async def leave_organization(organization_id: int, *, person_id: int) -> MembershipView:
    """An approved producer leaves; their member row and register entry stay, as "left", for the history.

    An admin steps down from the board first (Conflict "leave_board_first"); Forbidden "not_a_member" for anyone
    not an approved member. Leaving twice leaves once.
    """
    async with in_transaction():
        member = await Member.filter(organization_id=organization_id, person_id=person_id).first().values(
            "id", "role", "status")
        if member is None or member["status"] not in (APPROVED, MembershipStatus.LEFT):
            raise Forbidden("not_a_member", organization_id=organization_id)
        if member["role"] == MemberRole.ADMIN:
            raise Conflict("leave_board_first")
        if await Member.filter(id=member["id"], status=APPROVED).update(status=MembershipStatus.LEFT):
            await record_membership_event(organization_id, person_id, MembershipEventKind.LEFT, by_person_id=person_id)
    return await get_membership(member["id"])


async def record_membership_event(organization_id: int, person_id: int, kind: MembershipEventKind, *,
                                  by_person_id: int | None, now: datetime | None = None) -> None:
    """One step of a membership, kept (inside the caller's transaction)."""
    await MembershipEvent.create(organization_id=organization_id, person_id=person_id, kind=kind,
                                 at=now or clock.now(), by_person_id=by_person_id)


FIELDS = ("id", "organization_id", "organization__name", "person_id", "person__name", "role", "status")


def _view(row: dict[str, Any]) -> MembershipView:
    return MembershipView(row["id"], row["organization_id"], row["organization__name"], row["person_id"],
                          row["person__name"], MemberRole(row["role"]), MembershipStatus(row["status"]))


async def get_membership(member_id: int) -> MembershipView:
    row = await Member.filter(id=member_id).first().values(*FIELDS)
    if row is None:
        raise NotFound("membership_not_found")
    return _view(row)


async def pending_requests(organization_id: int, *, by_person_id: int) -> tuple[MembershipView, ...]:
    """Who waits for an answer, oldest first (admins only)."""
    await _check_admin(organization_id, by_person_id)
    rows = await Member.filter(organization_id=organization_id, status=PENDING).order_by("id").values(*FIELDS)
    return tuple(_view(r) for r in rows)


async def my_organizations(person_id: int) -> tuple[MembershipView, ...]:
    """The organizations this person is an approved member of (and so may post stock for), by name."""
    rows = await Member.filter(person_id=person_id, status=APPROVED).order_by("organization__name", "id").values(
        *FIELDS)
    return tuple(_view(r) for r in rows)


async def _check_admin(organization_id: int, person_id: int) -> None:
    if not await Organization.exists(id=organization_id):
        raise NotFound("organization_not_found")
    if not await Member.filter(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=APPROVED).exists():
        raise Forbidden("not_an_admin")
