"""Board seats and terms: the example tables of market.rules.board."""

from datetime import date

import pytest

from market.enums import BoardChange, BoardRole, TermState
from market.errors import FeriaError
from market.rules.board import SeatChange, add_months, board_term, seat_change, stepping_down, term_state

PEOPLE = {"H": 1, "R": 2, "P": 3}


def seats(written: str) -> dict[int, BoardRole]:
    """"H:president, R:admin" → {1: PRESIDENT, 2: ADMIN}."""
    pairs = (item.split(":") for item in written.split(", ") if item)
    return {PEOPLE[who]: BoardRole(role) for who, role in pairs}


def people(written: str) -> tuple[int, ...]:
    return tuple(PEOPLE[who] for who in written.split(", ") if who)


@pytest.mark.parametrize(
    ("before", "change", "by", "to", "ended", "started"),
    [
        ("H:admin", "name_admin", "H", "P", "", "P:admin"),
        ("H:admin", "presidency", "H", "P", "", "P:president"),
        ("H:admin", "presidency", "H", "H", "H", "H:president"),
        ("H:president", "presidency", "H", "P", "H", "H:admin, P:president"),
        ("H:president, R:admin", "presidency", "H", "R", "H, R", "H:admin, R:president"),
        ("H:president, R:treasurer", "presidency", "H", "R", "H, R", "H:admin, R:president"),
        ("H:treasurer", "treasury", "H", "P", "H", "H:admin, P:treasurer"),
        ("H:president", "seat", "H", "P", "H", "P:president"),
    ],
)
def test_a_change_ends_and_starts_the_seats_of_its_row(before, change, by, to, ended, started):
    result = seat_change(seats(before), BoardChange(change), PEOPLE[by], PEOPLE[to])

    assert result == SeatChange(people(ended), tuple(seats(started).items()))


@pytest.mark.parametrize(
    ("before", "change", "by", "to", "refused"),
    [
        ("H:admin, R:admin", "name_admin", "H", "R", "already_an_admin"),
        ("H:admin, R:president", "presidency", "H", "P", "not_the_office_holder"),
        ("H:president", "presidency", "H", "H", "already_in_office"),
        ("H:president, R:admin", "seat", "H", "R", "already_an_admin"),
    ],
)
def test_a_change_the_seats_do_not_allow_is_refused(before, change, by, to, refused):
    with pytest.raises(FeriaError) as error:
        seat_change(seats(before), BoardChange(change), PEOPLE[by], PEOPLE[to])

    assert error.value.code == refused


@pytest.mark.parametrize(("before", "by", "ended"), [("H:president, R:admin", "H", "H"), ("H:admin, R:admin", "R", "R")])
def test_an_admin_steps_down_alone_and_an_office_they_held_stays_empty(before, by, ended):
    assert stepping_down(seats(before), PEOPLE[by]) == SeatChange(people(ended), ())


def test_the_last_admin_cannot_step_down():
    with pytest.raises(FeriaError) as error:
        stepping_down(seats("H:president"), PEOPLE["H"])

    assert error.value.code == "last_admin"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-03-15", 12, "2027-03-15"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-11-21", 0, "2026-11-21"),
        ("2026-12-10", 1, "2027-01-10"),
    ],
)
def test_months_are_added_keeping_the_day_or_the_last_of_a_shorter_month(day, months, expected):
    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("renewed_on", "months", "today", "ends_on", "remind_from", "state"),
    [
        ("2026-01-10", 12, "2026-11-21", "2027-01-10", "2026-12-10", "current"),
        ("2025-12-22", 12, "2026-11-21", "2026-12-22", "2026-11-22", "current"),
        ("2025-12-21", 12, "2026-11-21", "2026-12-21", "2026-11-21", "ending"),
        ("2025-12-10", 12, "2026-11-21", "2026-12-10", "2026-11-10", "ending"),
        ("2025-11-22", 12, "2026-11-21", "2026-11-22", "2026-10-22", "ending"),
        ("2025-11-21", 12, "2026-11-21", "2026-11-21", "2026-10-21", "ended"),
        ("2026-05-31", 6, "2026-11-21", "2026-11-30", "2026-10-30", "ending"),
        ("2024-03-31", 6, "2026-11-21", "2024-09-30", "2024-08-30", "ended"),
        ("2026-11-21", 1, "2026-11-21", "2026-12-21", "2026-11-21", "ending"),
    ],
)
def test_a_term_is_current_then_ending_in_its_last_month_then_ended(renewed_on, months, today, ends_on, remind_from,
                                                                    state):
    term = board_term(date.fromisoformat(renewed_on), months)

    assert (term.ends_on, term.remind_from) == (date.fromisoformat(ends_on), date.fromisoformat(remind_from))
    assert term_state(term, date.fromisoformat(today)) == TermState(state)
