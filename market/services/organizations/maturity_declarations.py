"""What only people can say about their organization's maturity, declared by its admins with a day: the statutes
approved, an assembly held (one each time), the members' contributions collected.

Declarations are kept for good (a correction is a new row); the level is recomputed right after each
(maturity.recompute_maturity). Anyone but one of the organization's approved admins is refused ("not_an_admin")
and nothing is written; so is a day still to come ("declared_day_in_future") or before EARLIEST_DAY
("declared_day_too_early"), on the calendar of the organization's place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from market import clock
from market.enums import DeclarationKind
from market.errors import Invalid, NotFound
from market.models import MaturityDeclaration, Organization
from market.services.organizations.board_views import board_page
from market.services.organizations.maturity import MaturityView, get_maturity, recompute_maturity

# No organization Feria serves declares a day before this: a typing slip (1026 for 2026), not a history.
EARLIEST_DAY = date(1900, 1, 1)
DECLARATIONS_PAGE = 8


@dataclass(frozen=True)
class Declaration:
    kind: DeclarationKind
    happened_on: date
    declared_by_name: str
    declared_on: date


@dataclass(frozen=True)
class DeclarationsPage:
    """The organization's declarations for its admins, latest first, with the level they bear on."""

    organization_id: int
    organization_name: str
    maturity: MaturityView
    items: tuple[Declaration, ...]
    offset: int
    next_offset: int | None
    today: date  # on the organization's calendar: the latest day one may declare


async def declarations_page(organization_id: int, *, by_person_id: int, offset: int = 0,
                            now: datetime | None = None) -> DeclarationsPage:
    """The declarations, a page at a time, for one of the organization's admins."""
    now = now or clock.now()
    page = await board_page(organization_id, by_person_id=by_person_id, now=now)
    zone = await _zone(organization_id)
    start = max(offset, 0)
    rows = await MaturityDeclaration.filter(organization_id=organization_id).order_by("-id").offset(start).limit(
        DECLARATIONS_PAGE + 1).values("kind", "happened_on", "declared_at", name="declared_by__name")
    items = tuple(Declaration(DeclarationKind(r["kind"]), r["happened_on"], r["name"],
                              r["declared_at"].astimezone(zone).date()) for r in rows[:DECLARATIONS_PAGE])
    return DeclarationsPage(
        organization_id, page.board.organization_name, await get_maturity(organization_id, now=now), items, start,
        start + DECLARATIONS_PAGE if len(rows) > DECLARATIONS_PAGE else None, now.astimezone(zone).date())


async def declare(organization_id: int, kind: DeclarationKind, happened_on: date, *, by_person_id: int,
                  now: datetime | None = None) -> DeclarationsPage:
    """Admin `by_person_id` declares that `kind` happened on `happened_on`; the level is recomputed at once."""
    now = now or clock.now()
    today = now.astimezone(await _zone(organization_id)).date()
    async with in_transaction():
        await board_page(organization_id, by_person_id=by_person_id, now=now)
        if happened_on > today:
            raise Invalid("declared_day_in_future")
        if happened_on < EARLIEST_DAY:
            raise Invalid("declared_day_too_early", year=EARLIEST_DAY.year)
        await MaturityDeclaration.create(organization_id=organization_id, kind=kind, happened_on=happened_on,
                                         declared_by_id=by_person_id, declared_at=now)
    await recompute_maturity(organization_id, now=now)
    return await declarations_page(organization_id, by_person_id=by_person_id, now=now)


async def _zone(organization_id: int) -> ZoneInfo:
    row = await Organization.filter(id=organization_id).first().values(time_zone="territory__time_zone")
    if row is None:
        raise NotFound("organization_not_found")
    return ZoneInfo(row["time_zone"])
