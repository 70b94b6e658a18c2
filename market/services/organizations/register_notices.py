"""The member register's yearly reminder: each approved member whose entry is older than 12 months (or who has
written none a month after being approved) is reminded once, then once a year while it stays so.

The process running the bot owes them hourly (bot/register_timer.py). Each reminder is keyed by the member and
the day it fell due (market.rules.register.reminder_due_on), so a second run, or a second process, owes none
again. It waits out the person's quiet hours (market.rules.alerts), and reads as nothing once the entry was
updated or the person is no longer a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from market import clock
from market.enums import MembershipEventKind, MembershipStatus, OrganizationStatus
from market.models import Member, MemberEntry, MembershipEvent, Notification
from market.orm import column_of
from market.rules.alerts import alert_due_at, minute_time
from market.rules.register import EntryState, reminder_due_on
from market.services.messaging.notifications import enqueue_notification
from market.services.organizations.register import get_entry

TEMPLATE = "register_reminder"


@dataclass(frozen=True)
class RegisterReminder:
    organization_id: int
    organization_name: str
    updated_on: date | None  # None: never written


def reminder_key(member_id: int, due_on: date) -> str:
    return f"register:{member_id}:due:{due_on.isoformat()}"


async def owe_register_reminders(now: datetime | None = None) -> int:
    """Owe each approved member of an approved organization whose reminder fell due one; how many now."""
    now = now or clock.now()
    members = await Member.filter(
        status=MembershipStatus.APPROVED, organization__status=OrganizationStatus.APPROVED,
        person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
    ).order_by("id").values(
        "id", "organization_id", "person_id", "joined_at", chat_id="person__telegram_user_id",
        zone="organization__territory__time_zone", person_zone="person__territory__time_zone",
        quiet_from="person__quiet_from_minute", quiet_until="person__quiet_until_minute")
    ids = [m["id"] for m in members]
    updated = dict(await MemberEntry.filter(member_id__in=ids).values_list("member_id", "updated_at"))
    approved = await _approved_at(members)
    owed_keys = {}
    for member in members:
        zone = ZoneInfo(member["zone"])
        last = updated.get(member["id"])
        due_on = reminder_due_on(last.astimezone(zone).date() if last else None,
                                 approved.get(member["id"], member["joined_at"]).astimezone(zone).date(),
                                 now.astimezone(zone).date())
        if due_on is not None:
            owed_keys[reminder_key(member["id"], due_on)] = member
    done = set(await column_of(Notification.filter(dedupe_key__in=list(owed_keys)), "dedupe_key", str))
    owed = 0
    for key, member in owed_keys.items():
        if key in done:
            continue
        not_before = alert_due_at(now, time_zone=member["person_zone"] or member["zone"],
                                  quiet_from=minute_time(member["quiet_from"]), quiet_until=minute_time(member["quiet_until"]))
        owed += int(await enqueue_notification(
            chat_id=member["chat_id"], person_id=member["person_id"], template=TEMPLATE, dedupe_key=key,
            not_before=not_before, params={"member_id": member["id"]}))
    return owed


async def get_register_reminder(member_id: int, *, now: datetime | None = None) -> RegisterReminder | None:
    """The reminder as it reads when sent: None once the member updated their entry or is no longer approved."""
    if not await Member.exists(id=member_id, status=MembershipStatus.APPROVED):
        return None
    entry = await get_entry(member_id, now=now)
    if entry.state == EntryState.CURRENT:
        return None
    return RegisterReminder(entry.organization_id, entry.organization_name,
                            entry.updated_on)


async def _approved_at(members: list[dict[str, Any]]) -> dict[int, datetime]:
    """When each member was last approved (the history's latest approval), by member id."""
    if not members:
        return {}
    by_pair = {(m["organization_id"], m["person_id"]): m["id"] for m in members}
    rows = await MembershipEvent.filter(kind=MembershipEventKind.APPROVED,
                                        person_id__in=[m["person_id"] for m in members]).values_list(
        "organization_id", "person_id", "at")
    approved: dict[int, datetime] = {}
    for organization_id, person_id, at in rows:
        member_id = by_pair.get((organization_id, person_id))
        if member_id is not None and (member_id not in approved or at > approved[member_id]):
            approved[member_id] = at
    return approved

