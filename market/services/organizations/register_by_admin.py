"""An organization's admins write a member's entry for them (the secretary updating forty families' entries): the
same parts and checks as the member's own write (register.checked_parts: community, production, family size), never
the gender, which stays the member's own to declare; all or nothing. The entry then names the admin who wrote it
(until the member changes or confirms it), and the member is told in the bot what was written, so that they can
correct it with /miregistro.

| service             | who                                  | what it does                                             |
|---------------------|--------------------------------------|----------------------------------------------------------|
| write_member_entry  | an approved admin of the organization | the parts given, against the entry's version shown      |
| check_member_part   | the same                             | one part checked as the write checks it, nothing saved   |
| get_written_notice  | (the outbox, when it sends)          | what the member is told; None once changed again         |

The bot asks part by part (check_member_part as each is answered), then writes once.

Anyone else is refused Forbidden "not_an_admin" (an admin of another organization too); a member who is not
approved is not found. The write carries the entry's version the admin was shown: another one (the entry changed
since, or this same form was saved already) is refused Conflict "register_entry_changed", saving nothing and
telling nobody. An admin writing their own membership's entry writes it as its member (no name on it, no notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MembershipStatus
from market.errors import Conflict, NotFound
from market.models import Member, MemberEntry
from market.rules.alerts import alert_due_at, minute_time
from market.services.messaging.notifications import enqueue_notification
from market.services.organizations.register import Entry, EntryNotWritten, checked_parts, get_entry
from market.services.organizations.register_views import check_admin, register_entry

TEMPLATE = "register_written"


@dataclass(frozen=True)
class WrittenNotice:
    """What a member is told when an admin wrote their entry."""

    entry: Entry  # as the member reads it
    written_by: str  # the admin's name ("" once erased)


async def write_member_entry(member_id: int, *, by_person_id: int, version: int, community: str | None = None,
                             production: str | None = None, family_size: int | None = None,
                             locale: str = "es") -> Entry:
    """The parts given (None: left as they are) written to the member's entry, as the admin reads it after;
    EntryNotWritten naming every part refused, nothing saved."""
    member = await _member_for_admin(member_id, by_person_id)
    values = await checked_parts(member["organization_id"], community=community, production=production,
                                 family_size=family_size, locale=locale)
    own = member["person_id"] == by_person_id
    async with in_transaction():
        written = await _write(member_id, version, values | {"written_by_id": None if own else by_person_id})
        if not own and member["chat_id"] is not None:
            await enqueue_notification(
                chat_id=member["chat_id"], person_id=member["person_id"], template=TEMPLATE,
                dedupe_key=f"register:{member_id}:written:{written}",
                params={"member_id": member_id, "version": written},
                not_before=alert_due_at(clock.now(), time_zone=member["person_zone"] or member["zone"],
                                        quiet_from=minute_time(member["quiet_from"]),
                                        quiet_until=minute_time(member["quiet_until"])))
    return await register_entry(member_id, by_person_id=by_person_id)


async def check_member_part(member_id: int, *, by_person_id: int, community: str | None = None,
                            production: str | None = None, family_size: int | None = None,
                            locale: str = "es") -> None:
    """A part checked as write_member_entry checks it, refused as the member's own step refuses it (Invalid)."""
    member = await _member_for_admin(member_id, by_person_id)
    try:
        await checked_parts(member["organization_id"], community=community, production=production,
                            family_size=family_size, locale=locale)
    except EntryNotWritten as refusal:
        raise next(iter(refusal.refused.values())) from None


async def get_written_notice(member_id: int, version: int) -> WrittenNotice | None:
    """The entry as the member reads it, with the admin who wrote it; None once it changed again (a later write
    is told by its own notice, and the member knows their own) or the member is no longer approved."""
    if not await Member.exists(id=member_id, status=MembershipStatus.APPROVED):
        return None
    entry = await get_entry(member_id)
    if entry.version != version or entry.written_by is None:
        return None
    return WrittenNotice(entry, entry.written_by)


async def _member_for_admin(member_id: int, by_person_id: int) -> dict[str, Any]:
    member = await Member.filter(id=member_id, status=MembershipStatus.APPROVED).first().values(
        "organization_id", "person_id", chat_id="person__telegram_user_id",
        zone="organization__territory__time_zone", person_zone="person__territory__time_zone",
        quiet_from="person__quiet_from_minute", quiet_until="person__quiet_until_minute")
    if member is None:
        raise NotFound("membership_not_found")
    await check_admin(member["organization_id"], by_person_id)
    return member


async def _write(member_id: int, version: int, values: dict[str, Any]) -> int:
    """Write the entry if it is still at `version` (0: never written); its new version."""
    now = clock.now()
    current = await MemberEntry.filter(member_id=member_id).first().values_list("version", flat=True)
    if current is None and version == 0:
        try:
            async with in_transaction():  # a savepoint: a write at the same moment wins, this one is refused
                await MemberEntry.create(member_id=member_id, updated_at=now, version=1, **values)
            return 1
        except IntegrityError:
            pass
    elif await MemberEntry.filter(member_id=member_id, version=version).update(
            updated_at=now, version=version + 1, **values):
        return version + 1
    raise Conflict("register_entry_changed")
