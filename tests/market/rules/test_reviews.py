"""The peer-review rules, checked row by row against the example tables in their docstrings."""

import datetime as dt

import pytest

from market.enums import ReviewerRole, SealStatus
from market.errors import Conflict
from market.rules.reviews import (
    SealAction,
    Signer,
    grant_refusals,
    granted_validity,
    renewed_validity,
    seal_transition,
)


def table(doc: str) -> list[list[str]]:
    """The data rows of the markdown table in `doc`, as lists of stripped cells (header and rule skipped)."""
    lines = [line.strip() for line in doc.splitlines() if line.strip().startswith("|")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def day(cell: str) -> dt.date | None:
    return None if cell == "None" else dt.date.fromisoformat(cell)


def signers(cell: str) -> list[Signer]:
    """"outside producer, member consumer" -> the signers it names; "(nobody)" -> none."""
    if cell == "(nobody)":
        return []
    parts = [p.split() for p in cell.split(",")]
    return [Signer(ReviewerRole(role), member_of_reviewed=where == "member") for where, role in parts]


SIGNATURE_ROWS = table(grant_refusals.__doc__)
TRANSITION_TABLE = table(seal_transition.__doc__)
TRANSITION_ROWS = [
    (SealStatus(row[0]), action, cell)
    for row in TRANSITION_TABLE
    for action, cell in zip(SealAction, row[1:], strict=True)
]


def test_the_docstring_tables_are_read_whole():
    assert len(SIGNATURE_ROWS) == 11
    assert len(TRANSITION_ROWS) == 5 * 5
    assert len(table(granted_validity.__doc__)) == 2
    assert len(table(renewed_validity.__doc__)) == 5


@pytest.mark.parametrize("signatures, refusals", SIGNATURE_ROWS)
def test_a_review_may_grant_only_as_its_table_row_says(signatures, refusals):
    expected = () if refusals == "none" else tuple(r.strip() for r in refusals.split(","))

    assert grant_refusals(signers(signatures)) == expected


@pytest.mark.parametrize("reads, action, cell", TRANSITION_ROWS)
def test_a_seal_changes_status_as_its_table_cell_says(reads, action, cell):
    if cell in set(SealStatus):
        assert seal_transition(reads, action) == SealStatus(cell)
    else:
        with pytest.raises(Conflict) as refused:
            seal_transition(reads, action)
        assert refused.value.code == cell


@pytest.mark.parametrize("visited_on, valid_from, valid_until", table(granted_validity.__doc__))
def test_a_grant_runs_a_year_from_the_visit(visited_on, valid_from, valid_until):
    assert granted_validity(day(visited_on)) == (day(valid_from), day(valid_until))


@pytest.mark.parametrize("valid_from, valid_until, visited_on, new_from, new_until", table(renewed_validity.__doc__))
def test_a_renewal_extends_the_validity_as_its_table_row_says(valid_from, valid_until, visited_on, new_from, new_until):
    assert renewed_validity(day(valid_from), day(valid_until), day(visited_on)) == (day(new_from), day(new_until))


def test_members_signing_in_every_role_never_grant():
    members = [Signer(role, member_of_reviewed=True) for role in ReviewerRole for _ in range(3)]

    assert grant_refusals(members) == ("no_outside_producer", "no_outside_consumer")


@pytest.mark.parametrize("action", list(SealAction))
def test_a_revoked_seal_allows_nothing(action):
    with pytest.raises(Conflict) as refused:
        seal_transition(SealStatus.REVOKED, action)

    assert refused.value.code == "seal_revoked"
