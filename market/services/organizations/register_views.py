"""The member register as an organization's admins read it: the list (all, or only the entries not updated in 12
months), the totals, and the CSV export.

Only the organization's approved admins (Forbidden "not_an_admin" for anyone else). Gender is never read out per
person here: the totals count it (shares of women among the producers and on the board, from their own
declarations), the list and the export have no gender column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from market import clock
from market.enums import MemberRole, MembershipStatus
from market.errors import Forbidden, NotFound
from market.models import Member, MemberEntry, Organization
from market.rules.register import EntryState
from market.services.organizations.register import (
    ENTRY_FIELDS,
    Entry,
    RegisterFacts,
    entry_of,
    lot_seasons,
    register_facts,
)
from market.spreadsheet import Cell, Sheet, Unit, Word

APPROVED = MembershipStatus.APPROVED
PAGE_SIZE = 8
MEMBER_FIELDS = ("id", "organization_id", "organization__name", "person__name")
SHEET_COLUMNS = ("member", "role", "community", "family_size", "product", "quantity", "unit", "season", "updated_on")


@dataclass(frozen=True)
class RegisterPage:
    organization_id: int
    organization_name: str
    stale_only: bool
    entries: tuple[Entry, ...]
    page: int
    pages: int
    members: int  # approved members
    not_current: int  # of whom, entries stale or never written


@dataclass(frozen=True)
class RegisterTotals:
    organization_id: int
    organization_name: str
    facts: RegisterFacts
    families: int  # people in the families of those who gave their family size
    family_sizes_given: int
    declared_producers: int  # members who declared a gender (other than "prefer not to say")
    declared_board: int
    board: int


async def register_page(organization_id: int, *, by_person_id: int, stale_only: bool = False, page: int = 0,
                        now: datetime | None = None) -> RegisterPage:
    """A page of the register by name; `stale_only`: the members whose entry is stale or was never written."""
    name = await check_admin(organization_id, by_person_id)
    entries = await _entries(organization_id, now or clock.now())
    not_current = tuple(e for e in entries if e.state != EntryState.CURRENT)
    shown = not_current if stale_only else entries
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return RegisterPage(organization_id, name, stale_only, shown[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], page,
                        pages, len(entries), len(not_current))


async def register_entry(member_id: int, *, by_person_id: int, now: datetime | None = None) -> Entry:
    """One member's entry, for an admin of their organization (their gender left out)."""
    row = await Member.filter(id=member_id, status=APPROVED).first().values(
        *MEMBER_FIELDS, zone="organization__territory__time_zone")
    if row is None:
        raise NotFound("membership_not_found")
    await check_admin(row["organization_id"], by_person_id)
    entry = await MemberEntry.filter(member_id=member_id).first().values(*ENTRY_FIELDS)
    now = now or clock.now()
    seasons = await lot_seasons(member_id, row.get("zone") or "UTC", now)
    return replace(_without_gender(entry_of(row, entry, now)), seasons=seasons)


async def register_totals(organization_id: int, *, by_person_id: int, now: datetime | None = None) -> RegisterTotals:
    name = await check_admin(organization_id, by_person_id)
    now = now or clock.now()
    members = await Member.filter(organization_id=organization_id, status=APPROVED).values("id", "role")
    entries = {e["member_id"]: e for e in await MemberEntry.filter(
        member_id__in=[m["id"] for m in members]).values("member_id", "family_size", "gender")}
    sizes = [e["family_size"] for e in entries.values() if e["family_size"]]

    def declared(rows: list[dict[str, Any]]) -> int:
        return sum(1 for m in rows if entries.get(m["id"], {}).get("gender") not in (None, "undisclosed"))

    board = [m for m in members if m["role"] == MemberRole.ADMIN]
    return RegisterTotals(organization_id, name, await register_facts(organization_id, now), sum(sizes), len(sizes),
                          declared(members), declared(board), len(board))


async def register_sheet(organization_id: int, *, by_person_id: int, now: datetime | None = None) -> Sheet:
    """The register as a sheet to export, a row per product (one row for a member with none); no gender."""
    await check_admin(organization_id, by_person_id)
    rows: list[tuple[Cell, ...]] = []
    roles = dict(await Member.filter(organization_id=organization_id, status=APPROVED).values_list("id", "role"))
    for entry in await _entries(organization_id, now or clock.now()):
        role = roles.get(entry.member_id)
        base = (entry.person_name, Word(str(role)) if role else None, entry.community, entry.family_size)
        updated = entry.updated_on.isoformat() if entry.updated_on else None
        for line in entry.production or (None,):
            if line is None:
                rows.append((*base, None, None, None, None, updated))
            else:
                rows.append((*base, line.product, line.quantity, Unit(line.unit), line.season, updated))
    return Sheet(SHEET_COLUMNS, tuple(rows))


async def _entries(organization_id: int, now: datetime) -> tuple[Entry, ...]:
    members = await Member.filter(organization_id=organization_id, status=APPROVED).order_by(
        "person__name", "id").values(*MEMBER_FIELDS, zone="organization__territory__time_zone")
    entries = {e["member_id"]: e for e in await MemberEntry.filter(
        member_id__in=[m["id"] for m in members]).values(*ENTRY_FIELDS)}
    return tuple(_without_gender(entry_of(m, entries.get(m["id"]), now)) for m in members)


def _without_gender(entry: Entry) -> Entry:
    """What an admin may read of an entry: all but the gender, which only ever counts in totals."""
    return replace(entry, gender=None)


async def check_admin(organization_id: int, person_id: int) -> str:
    """The organization's name, for one of its approved admins; refused to anyone else."""
    name = await Organization.filter(id=organization_id).first().values_list("name", flat=True)
    if name is None:
        raise NotFound("organization_not_found")
    if not await Member.exists(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=APPROVED):
        raise Forbidden("not_an_admin")
    return str(name)
