"""The seal reading rule, checked row by row against the example table in its docstring."""

import datetime as dt

import pytest

from market.enums import SealStatus
from market.rules.seals import ConditionStatus, condition_status, effective_status, is_valid_on


def table_rows(doc: str) -> list[tuple]:
    """(stored, valid_from, valid_until, today, reads, valid) from the docstring's table."""

    def day(cell: str) -> dt.date | None:
        return None if cell == "None" else dt.date.fromisoformat(cell)

    rows = []
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("stored", "") or set(cells[0]) == {"-"}:
            continue
        stored, valid_from, valid_until, today, reads, valid = cells
        rows.append((SealStatus(stored), day(valid_from), day(valid_until), day(today), SealStatus(reads),
                     valid == "yes"))
    return rows


ROWS = table_rows(effective_status.__doc__)


def test_the_docstring_table_is_read_whole():
    assert len(ROWS) == 12


@pytest.mark.parametrize("stored, valid_from, valid_until, today, reads, valid", ROWS)
def test_a_seal_reads_and_vouches_as_its_table_row_says(stored, valid_from, valid_until, today, reads, valid):
    assert effective_status(stored, valid_from, valid_until, today) == reads
    assert is_valid_on(stored, valid_from, valid_until, today) is valid


@pytest.mark.parametrize("days_after", [1, 30, 3650])
def test_a_granted_seal_never_reads_valid_after_its_last_day(days_after):
    last_day = dt.date(2026, 3, 14)
    today = last_day + dt.timedelta(days=days_after)

    assert effective_status(SealStatus.GRANTED, dt.date(2025, 3, 14), last_day, today) == SealStatus.EXPIRED
    assert not is_valid_on(SealStatus.GRANTED, dt.date(2025, 3, 14), last_day, today)


def condition_rows(doc: str) -> list[tuple]:
    """(due_on, met_on, today, status) from condition_status's docstring table."""
    rows = []
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("due_on", "") or set(cells[0]) == {"-"}:
            continue
        due_on, met_on, today, status = cells
        rows.append((dt.date.fromisoformat(due_on), None if met_on == "None" else dt.date.fromisoformat(met_on),
                     dt.date.fromisoformat(today), ConditionStatus(status)))
    return rows


CONDITION_ROWS = condition_rows(condition_status.__doc__)


def test_the_condition_table_is_read_whole():
    assert len(CONDITION_ROWS) == 5


@pytest.mark.parametrize("due_on, met_on, today, status", CONDITION_ROWS)
def test_a_condition_stands_as_its_table_row_says(due_on, met_on, today, status):
    assert condition_status(due_on, met_on, today) == status
