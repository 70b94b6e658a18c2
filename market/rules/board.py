"""Board rules: how a change moves an organization's seats, and where a board is in its term.

A board is its admins, each holding one seat: the presidency, the treasury, or a plain admin seat. A change
ends some open seats and starts others (market.services.organizations.board writes them as dated records);
these functions say which, from the seats as they are (`Seats`: person id → the role of their seat).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from market.enums import BoardChange, BoardRole, TermState
from market.errors import Conflict, Forbidden

Seats = Mapping[int, BoardRole]

DEFAULT_TERM_MONTHS = 12
MIN_TERM_MONTHS, MAX_TERM_MONTHS = 1, 60
REMINDER_MONTHS = 1  # the admins are reminded this long before a term ends
OFFICES = {BoardChange.PRESIDENCY: BoardRole.PRESIDENT, BoardChange.TREASURY: BoardRole.TREASURER}


@dataclass(frozen=True)
class SeatChange:
    """The seats a change ends (by person) and those it starts (person, role), in that order."""

    ended: tuple[int, ...]
    started: tuple[tuple[int, BoardRole], ...]


def seat_change(seats: Seats, change: BoardChange, by: int, to: int) -> SeatChange:
    """What admin `by` changes with member `to` (an admin when in `seats`, else an approved producer).

    The presidency and the treasury are handed over by whoever holds them, or given by any admin while nobody
    does; who hands one over keeps an admin seat. Handing over one's seat gives it, office and all, to a
    producer, and leaves the board. H holds the seat written H:role; P is a producer.

    | seats                    | change     | by | to | ended | started                | refused               |
    |--------------------------|------------|----|----|-------|------------------------|-----------------------|
    | H:admin                  | name_admin | H  | P  |       | P:admin                |                       |
    | H:admin, R:admin         | name_admin | H  | R  |       |                        | already_an_admin      |
    | H:admin                  | presidency | H  | P  |       | P:president            |                       |
    | H:admin                  | presidency | H  | H  | H     | H:president            |                       |
    | H:president              | presidency | H  | P  | H     | H:admin, P:president   |                       |
    | H:president, R:admin     | presidency | H  | R  | H, R  | H:admin, R:president   |                       |
    | H:president, R:treasurer | presidency | H  | R  | H, R  | H:admin, R:president   | (the treasury: empty) |
    | H:admin, R:president     | presidency | H  | P  |       |                        | not_the_office_holder |
    | H:president              | presidency | H  | H  |       |                        | already_in_office     |
    | H:treasurer              | treasury   | H  | P  | H     | H:admin, P:treasurer   |                       |
    | H:president              | seat       | H  | P  | H     | P:president            |                       |
    | H:president, R:admin     | seat       | H  | R  |       |                        | already_an_admin      |
    """
    if change == BoardChange.NAME_ADMIN:
        if to in seats:
            raise Conflict("already_an_admin")
        return SeatChange((), ((to, BoardRole.ADMIN),))
    if change == BoardChange.SEAT:
        if to in seats:
            raise Conflict("already_an_admin")
        return SeatChange((by,), ((to, seats[by]),))
    office = OFFICES[change]
    holder = next((person for person, role in seats.items() if role == office), None)
    if holder == to:
        raise Conflict("already_in_office")
    if holder is not None and holder != by:
        raise Forbidden("not_the_office_holder")
    ended = [holder] if holder is not None else []
    started = [(holder, BoardRole.ADMIN)] if holder is not None else []
    if to in seats:
        ended.append(to)
    return SeatChange(tuple(ended), (*started, (to, office)))


def stepping_down(seats: Seats, by: int) -> SeatChange:
    """Admin `by` leaves the board; an office they held stays empty until an admin gives it.

    | seats                | by | ended | refused    |
    |----------------------|----|-------|------------|
    | H:president, R:admin | H  | H     |            |
    | H:admin, R:admin     | R  | R     |            |
    | H:president          | H  |       | last_admin |
    """
    if len(seats) <= 1:
        raise Conflict("last_admin")
    return SeatChange((by,), ())


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative); the month's last day when it is shorter.

    | day        | months | result     |
    |------------|--------|------------|
    | 2026-03-15 | 12     | 2027-03-15 |
    | 2026-01-31 | 1      | 2026-02-28 |
    | 2028-02-29 | 12     | 2029-02-28 |
    | 2026-03-31 | -1     | 2026-02-28 |
    | 2026-11-21 | 0      | 2026-11-21 |
    | 2026-12-10 | 1      | 2027-01-10 |
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Term:
    """A board's term: renewed on a day, ended on `ends_on` (that day and after, it has passed)."""

    renewed_on: date
    months: int
    ends_on: date
    remind_from: date  # REMINDER_MONTHS before its end: the admins are reminded from this day


def board_term(renewed_on: date, months: int) -> Term:
    """The term that starts when a board is renewed and lasts `months` (12 from 2025-11-21 ends on 2026-11-21)."""
    ends_on = add_months(renewed_on, months)
    return Term(renewed_on, months, ends_on, add_months(ends_on, -REMINDER_MONTHS))


def term_state(term: Term, today: date) -> TermState:
    """Where the term is today: current, in its last month (ending: remind the admins), or ended.

    | renewed_on | months | today      | ends_on    | remind_from | state   |
    |------------|--------|------------|------------|-------------|---------|
    | 2026-01-10 | 12     | 2026-11-21 | 2027-01-10 | 2026-12-10  | current |
    | 2025-12-22 | 12     | 2026-11-21 | 2026-12-22 | 2026-11-22  | current |
    | 2025-12-21 | 12     | 2026-11-21 | 2026-12-21 | 2026-11-21  | ending  |
    | 2025-12-10 | 12     | 2026-11-21 | 2026-12-10 | 2026-11-10  | ending  |
    | 2025-11-22 | 12     | 2026-11-21 | 2026-11-22 | 2026-10-22  | ending  |
    | 2025-11-21 | 12     | 2026-11-21 | 2026-11-21 | 2026-10-21  | ended   |
    | 2026-05-31 | 6      | 2026-11-21 | 2026-11-30 | 2026-10-30  | ending  |
    | 2024-03-31 | 6      | 2026-11-21 | 2024-09-30 | 2024-08-30  | ended   |
    | 2026-11-21 | 1      | 2026-11-21 | 2026-12-21 | 2026-11-21  | ending  |
    """
    if today >= term.ends_on:
        return TermState.ENDED
    if today >= term.remind_from:
        return TermState.ENDING
    return TermState.CURRENT
