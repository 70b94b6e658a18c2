"""Seal rules: the status a seal reads as on a given day, whether it is valid that day, and where a condition stands."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from market.enums import SealStatus


class ConditionStatus(StrEnum):
    """Where a grant's condition stands on a given day, as the seal's public history tells it."""

    MET = "met"
    PENDING = "pending"
    PAST_DUE = "past_due"


def effective_status(
    status: SealStatus, valid_from: date | None, valid_until: date | None, today: date
) -> SealStatus:
    """The status a buyer reads today: a granted seal past its valid_until reads as expired.

    Nothing stores "expired" and no job runs: the date decides when the seal is read.
    `valid_until` is the last valid day (inclusive); None means no end date. Renewal extends
    the same granted seal (it stays GRANTED with a later valid_until), so a renewed seal
    follows the granted rows. A granted seal whose valid_from is still ahead keeps reading
    GRANTED (that is what the network decided) but is not valid yet: `is_valid_on` says so,
    and only valid seals count as covering a product. Suspended, revoked and in-review seals
    read as stored, whatever their dates.

    | stored    | valid_from | valid_until | today      | reads     | valid |
    |-----------|------------|-------------|------------|-----------|-------|
    | granted   | 2026-01-01 | 2026-12-31  | 2026-06-01 | granted   | yes   |
    | granted   | 2026-01-01 | 2026-12-31  | 2026-01-01 | granted   | yes   |
    | granted   | 2026-01-01 | 2026-12-31  | 2026-12-31 | granted   | yes   |
    | granted   | 2026-01-01 | 2026-12-31  | 2027-01-01 | expired   | no    |
    | granted   | 2026-07-01 | 2026-12-31  | 2026-06-30 | granted   | no    |
    | granted   | 2026-01-01 | None        | 2040-01-01 | granted   | yes   |
    | granted   | None       | 2026-12-31  | 2026-06-01 | granted   | no    |
    | suspended | 2026-01-01 | 2026-12-31  | 2026-06-01 | suspended | no    |
    | suspended | 2026-01-01 | 2026-12-31  | 2027-01-01 | suspended | no    |
    | revoked   | 2026-01-01 | 2026-12-31  | 2026-06-01 | revoked   | no    |
    | in_review | None       | None        | 2026-06-01 | in_review | no    |
    | expired   | 2026-01-01 | 2026-12-31  | 2026-06-01 | expired   | no    |
    """
    if status == SealStatus.GRANTED and valid_until is not None and today > valid_until:
        return SealStatus.EXPIRED
    return status


def is_valid_on(status: SealStatus, valid_from: date | None, valid_until: date | None, today: date) -> bool:
    """True when the seal vouches for its products on `today` (the "valid" column above).

    A granted seal without a valid_from is not valid: a seal never vouches for days nobody decided.
    The same condition in SQL is `market.services.seals.verification.valid_seal_filter`; a test keeps them equal.
    """
    return (
        effective_status(status, valid_from, valid_until, today) == SealStatus.GRANTED
        and valid_from is not None
        and valid_from <= today
    )


def condition_status(due_on: date, met_on: date | None, today: date) -> ConditionStatus:
    """A condition the committee found met is met, whenever that was; otherwise it is pending until the end of
    its due day and past due after it.

    | due_on     | met_on     | today      | status   |
    |------------|------------|------------|----------|
    | 2026-09-30 | None       | 2026-06-01 | pending  |
    | 2026-09-30 | None       | 2026-09-30 | pending  |
    | 2026-09-30 | None       | 2026-10-01 | past_due |
    | 2026-09-30 | 2026-08-15 | 2026-10-01 | met      |
    | 2026-09-30 | 2026-10-20 | 2026-11-01 | met      |
    """
    if met_on is not None:
        return ConditionStatus.MET
    return ConditionStatus.PENDING if today <= due_on else ConditionStatus.PAST_DUE
