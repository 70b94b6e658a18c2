"""Reading an organization's board: who sits on it and in which seat, when it was renewed, where its term is;
the admins' page of it, its history (every seat its records hold), and the members an admin may choose for a
change.

The admins are the organization's approved members whose role is admin (what every permission reads); each
one's open board record gives their seat and since when. An admin without one (made before the board was
recorded, outside these services) sits as a plain admin since they joined, as migration 0016 records them.

The board was renewed at its last change: the latest seat started or ended. Dates are the organization's own,
on the calendar of its place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from market import clock
from market.enums import BoardChange, BoardRole, MemberRole, MembershipStatus, OrganizationStatus, TermState
from market.errors import Forbidden, NotFound
from market.models import BoardRecord, Member, Organization
from market.rules.board import OFFICES, Seats, board_term, term_state

CANDIDATES_PAGE = 8
HISTORY_PAGE = 20
ROLE_ORDER = {BoardRole.PRESIDENT: 0, BoardRole.TREASURER: 1, BoardRole.ADMIN: 2}
APPROVED = MembershipStatus.APPROVED


@dataclass(frozen=True)
class BoardSeat:
    person_id: int
    name: str
    role: BoardRole
    since: date


@dataclass(frozen=True)
class Board:
    """An organization's board as anyone may read it."""

    organization_id: int
    organization_slug: str
    organization_name: str
    public: bool  # an operator approved the organization: its page can be opened
    seats: tuple[BoardSeat, ...]  # the presidency, the treasury, then the admins, each longest-serving first
    renewed_on: date | None  # its last change; None while it has no admin
    term_months: int
    ends_on: date | None  # the day its term ends, when it has been renewed
    state: TermState | None

    def holder(self, role: BoardRole) -> BoardSeat | None:
        return next((seat for seat in self.seats if seat.role == role), None)

    def seat_of(self, person_id: int) -> BoardSeat | None:
        return next((seat for seat in self.seats if seat.person_id == person_id), None)


@dataclass(frozen=True)
class BoardPage:
    """The board as one of its admins manages it: the admin's own seat beside it."""

    board: Board
    viewer: BoardSeat


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    role: BoardRole | None  # their seat; None: a producer


@dataclass(frozen=True)
class CandidatePage:
    """The members an admin may choose for a change, by name, a page at a time."""

    board: Board
    change: BoardChange
    items: tuple[Candidate, ...]
    offset: int
    next_offset: int | None


@dataclass(frozen=True)
class CandidateChoice:
    """One member chosen for a change, before the admin confirms it."""

    board: Board
    change: BoardChange
    candidate: Candidate


@dataclass(frozen=True)
class PastSeat:
    """One board record as its history reads: who held which seat, from when (and who gave it) until when."""

    name: str
    role: BoardRole
    started_on: date
    started_by: str | None  # None: recorded when the board was first written down
    ended_on: date | None  # None: they still hold it
    ended_by: str | None


@dataclass(frozen=True)
class BoardHistory:
    """The board's records for one of its admins, the latest started first, a page at a time."""

    board: Board
    items: tuple[PastSeat, ...]
    offset: int
    next_offset: int | None
    records: int  # how many the board has: a change since a page was read makes it another number


async def get_board(organization_id: int, *, now: datetime | None = None) -> Board:
    """The board of any organization (NotFound "organization_not_found" when there is none)."""
    organization = await Organization.filter(id=organization_id).first().values(
        "id", "slug", "name", "status", "term_months", time_zone="territory__time_zone")
    if organization is None:
        raise NotFound("organization_not_found")
    return await _board(organization, now or clock.now())


async def board_page(organization_id: int, *, by_person_id: int, now: datetime | None = None) -> BoardPage:
    """The board for one of its admins (Forbidden "not_an_admin" for anyone else)."""
    board = await get_board(organization_id, now=now)
    viewer = board.seat_of(by_person_id)
    if viewer is None:
        raise Forbidden("not_an_admin")
    return BoardPage(board, viewer)


async def board_candidates(organization_id: int, change: BoardChange, *, by_person_id: int, offset: int = 0,
                           limit: int = CANDIDATES_PAGE) -> CandidatePage:
    """Whom an admin may choose for `change`: producers to name admin or to take their seat; for an office, any
    approved member but its holder, asked by its holder or, while nobody holds it, by any admin."""
    page = await board_page(organization_id, by_person_id=by_person_id)
    _check_office(page, change)
    start = max(offset, 0)
    rows = await _candidates(organization_id, change, page.board).order_by("person__name", "person_id").offset(
        start).limit(limit + 1).values("person_id", "person__name", "role")
    items = tuple(_candidate(page.board, row) for row in rows[:limit])
    return CandidatePage(page.board, change, items, start, start + limit if len(rows) > limit else None)


async def get_candidate(organization_id: int, change: BoardChange, person_id: int, *,
                        by_person_id: int) -> CandidateChoice:
    """One member chosen for `change`, to confirm; NotFound "board_member_not_found" for anyone who cannot be."""
    page = await board_page(organization_id, by_person_id=by_person_id)
    _check_office(page, change)
    row = await _candidates(organization_id, change, page.board).filter(person_id=person_id).first().values(
        "person_id", "person__name", "role")
    if row is None:
        raise NotFound("board_member_not_found")
    return CandidateChoice(page.board, change, _candidate(page.board, row))


async def board_history(organization_id: int, *, by_person_id: int, offset: int = 0, limit: int = HISTORY_PAGE,
                        now: datetime | None = None) -> BoardHistory:
    """Every seat the board's records hold, open and ended, for one of its admins (Forbidden "not_an_admin" for
    anyone else): the board's changes as they were made, the latest first."""
    page = await board_page(organization_id, by_person_id=by_person_id, now=now)
    row = await Organization.filter(id=organization_id).first().values(time_zone="territory__time_zone")
    zone = ZoneInfo(row["time_zone"] if row else "UTC")
    start = max(offset, 0)
    records = BoardRecord.filter(organization_id=organization_id)
    rows = await records.order_by("-started_at", "-id").offset(
        start).limit(limit + 1).values("role", "started_at", "ended_at", name="person__name",
                                       starter="started_by__name", ender="ended_by__name")
    items = tuple(PastSeat(
        row["name"], BoardRole(row["role"]), row["started_at"].astimezone(zone).date(), row["starter"],
        row["ended_at"].astimezone(zone).date() if row["ended_at"] else None, row["ender"]) for row in rows[:limit])
    return BoardHistory(page.board, items, start, start + limit if len(rows) > limit else None,
                        await records.count())


async def seats_of(organization_id: int) -> Seats:
    """Each approved admin's seat (person id → role): what market.rules.board changes."""
    board = await get_board(organization_id)
    return {seat.person_id: seat.role for seat in board.seats}


def _check_office(page: BoardPage, change: BoardChange) -> None:
    if change in OFFICES:
        holder = page.board.holder(OFFICES[change])
        if holder is not None and holder.person_id != page.viewer.person_id:
            raise Forbidden("not_the_office_holder")


def _candidates(organization_id: int, change: BoardChange, board: Board) -> Any:
    """The approved members `change` may name (a queryset): producers, or for an office anyone but its holder."""
    members = Member.filter(organization_id=organization_id, status=APPROVED, person__forgotten_at__isnull=True)
    if change in OFFICES:
        holder = board.holder(OFFICES[change])
        return members.exclude(person_id=holder.person_id) if holder is not None else members
    return members.filter(role=MemberRole.PRODUCER)


def _candidate(board: Board, row: dict[str, Any]) -> Candidate:
    seat = board.seat_of(row["person_id"])
    return Candidate(row["person_id"], row["person__name"], seat.role if seat is not None else None)


async def _board(organization: dict[str, Any], now: datetime) -> Board:
    zone = ZoneInfo(organization["time_zone"])
    admins = await Member.filter(organization_id=organization["id"], role=MemberRole.ADMIN, status=APPROVED).values(
        "person_id", "person__name", "joined_at")
    records = await BoardRecord.filter(organization_id=organization["id"]).order_by("id").values(
        "person_id", "role", "started_at", "ended_at")
    open_seats = {r["person_id"]: r for r in records if r["ended_at"] is None}
    seats, changes = [], [moment for r in records for moment in (r["started_at"], r["ended_at"]) if moment]
    for admin in admins:
        record = open_seats.get(admin["person_id"])
        role, since = (BoardRole(record["role"]), record["started_at"]) if record else (BoardRole.ADMIN,
                                                                                       admin["joined_at"])
        if record is None:
            changes.append(since)
        seats.append(BoardSeat(admin["person_id"], admin["person__name"], role, since.astimezone(zone).date()))
    seats.sort(key=lambda s: (ROLE_ORDER[s.role], s.since, s.person_id))
    return _with_term(organization, tuple(seats), _latest(changes, zone) if seats else None, now.astimezone(zone).date())


def _latest(moments: Iterable[datetime], zone: ZoneInfo) -> date | None:
    return max((m.astimezone(zone).date() for m in moments), default=None)


def _with_term(organization: dict[str, Any], seats: tuple[BoardSeat, ...], renewed_on: date | None,
               today: date) -> Board:
    term = board_term(renewed_on, organization["term_months"]) if renewed_on is not None else None
    return Board(
        organization["id"], organization["slug"], organization["name"],
        organization["status"] == OrganizationStatus.APPROVED, seats, renewed_on, organization["term_months"],
        term.ends_on if term else None, term_state(term, today) if term else None,
    )
