"""The board's notices: a seat another admin gave someone, and a term coming to its end.

A month before a board's term ends (market.rules.board), each of its admins is owed one reminder, keyed by the
organization and the day the term ends: the process running the bot owes them hourly (bot/board_timer.py), and
a second run, or a second process, owes none again. A board renewed meanwhile has another end: the reminder
for the old one no longer applies and is not sent, and the new term is reminded in its own last month. A reminder
waits out the admin's quiet hours (market.rules.alerts), read where they are (else where the organization is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from market import clock
from market.enums import BoardRole, MemberRole, MembershipStatus, OrganizationStatus, TermState
from market.models import BoardRecord, Member, Notification, Organization
from market.rules.alerts import alert_due_at, minute_time
from market.services.messaging.notifications import enqueue_notification
from market.services.organizations.board_views import get_board


@dataclass(frozen=True)
class SeatNotice:
    """To a member another admin gave a seat: which, of which organization, by whom."""

    organization_id: int
    organization_name: str
    role: BoardRole
    by_name: str | None


@dataclass(frozen=True)
class TermReminder:
    organization_id: int
    organization_name: str
    ends_on: date


def term_key(organization_id: int, ends_on: date, person_id: int) -> str:
    return f"board_term:{organization_id}:ends:{ends_on.isoformat()}:person:{person_id}"


async def owe_term_reminders(now: datetime | None = None) -> int:
    """Owe each admin of an approved organization whose term is in its last month one reminder; how many now."""
    now = now or clock.now()
    organizations = await Organization.filter(status=OrganizationStatus.APPROVED).order_by("id").values("id")
    owed = 0
    for organization in organizations:
        board = await get_board(organization["id"], now=now)
        if board.state != TermState.ENDING or board.ends_on is None:
            continue
        admins = await Member.filter(
            organization_id=board.organization_id, role=MemberRole.ADMIN, status=MembershipStatus.APPROVED,
            person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
        ).values("person_id", chat_id="person__telegram_user_id", zone="organization__territory__time_zone",
                 person_zone="person__territory__time_zone", quiet_from="person__quiet_from_minute",
                 quiet_until="person__quiet_until_minute")
        keys = {a["person_id"]: term_key(board.organization_id, board.ends_on, a["person_id"]) for a in admins}
        done = {row["dedupe_key"] for row in await Notification.filter(dedupe_key__in=list(keys.values())).values(
            "dedupe_key")}
        for admin in admins:
            if keys[admin["person_id"]] in done:
                continue
            not_before = alert_due_at(now, time_zone=admin["person_zone"] or admin["zone"],
                                      quiet_from=minute_time(admin["quiet_from"]),
                                      quiet_until=minute_time(admin["quiet_until"]))
            owed += int(await enqueue_notification(
                chat_id=admin["chat_id"], person_id=admin["person_id"], template="board_term",
                dedupe_key=keys[admin["person_id"]], not_before=not_before,
                params={"organization_id": board.organization_id, "ends_on": board.ends_on.isoformat()}))
    return owed


async def get_term_reminder(organization_id: int, ends_on: date, *, person_id: int) -> TermReminder | None:
    """The reminder as it reads now: None once the board was renewed (another end) or the person left it."""
    board = await get_board(organization_id)
    if board.ends_on != ends_on or board.seat_of(person_id) is None:
        return None
    return TermReminder(organization_id, board.organization_name, ends_on)


async def get_seat_notice(record_id: int) -> SeatNotice | None:
    """What a member given a seat reads; None once that seat has ended (handed on, or stepped down)."""
    row = await BoardRecord.filter(id=record_id, ended_at__isnull=True).first().values(
        "organization_id", "organization__name", "role", "started_by__name")
    if row is None:
        return None
    return SeatNotice(row["organization_id"], row["organization__name"], BoardRole(row["role"]),
                      row["started_by__name"])
