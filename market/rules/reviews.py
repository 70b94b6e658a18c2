"""Peer-review rules: which signatures may grant a seal, how a seal's status may change, how long it lasts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from market.enums import ReviewerRole, SealStatus
from market.errors import Conflict

# A seal lasts one year from the visit that granted or renewed it: PGS networks visit each
# holder once a year (one harvest cycle), and no network in the model declares its own term.
SEAL_VALIDITY_YEARS = 1


@dataclass(frozen=True)
class Signer:
    """A signature as the grant rule sees it: the role signed in, and whether the signer belongs to the holder."""

    role: ReviewerRole
    member_of_reviewed: bool


class SealAction(StrEnum):
    GRANT = "grant"
    RENEW = "renew"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"


def grant_refusals(signers: Iterable[Signer]) -> tuple[str, ...]:
    """Why a review signed by `signers` cannot grant or renew a seal; empty when it can.

    It needs at least one producer and at least one consumer who are not members of the
    organization reviewed. Technicians sign for the record but count for neither, and a
    member's signature counts for nothing, whatever role it was made in.

    | signatures                                               | refusals                                 |
    |----------------------------------------------------------|------------------------------------------|
    | outside producer, outside consumer                       | none                                     |
    | outside producer, outside consumer, outside technician   | none                                     |
    | outside producer, outside consumer, member producer      | none                                     |
    | member producer, member consumer                         | no_outside_producer, no_outside_consumer |
    | member producer, outside consumer                        | no_outside_producer                      |
    | outside producer, member consumer                        | no_outside_consumer                      |
    | outside producer, outside technician                     | no_outside_consumer                      |
    | outside consumer, outside technician                     | no_outside_producer                      |
    | outside technician, outside technician                   | no_outside_producer, no_outside_consumer |
    | outside technician, member producer, member consumer     | no_outside_producer, no_outside_consumer |
    | (nobody)                                                 | no_outside_producer, no_outside_consumer |
    """
    outside_roles = {s.role for s in signers if not s.member_of_reviewed}
    refusals = []
    if ReviewerRole.PRODUCER not in outside_roles:
        refusals.append("no_outside_producer")
    if ReviewerRole.CONSUMER not in outside_roles:
        refusals.append("no_outside_consumer")
    return tuple(refusals)


_G, _S, _R = SealStatus.GRANTED, SealStatus.SUSPENDED, SealStatus.REVOKED
# The docstring's table of seal_transition, a row per status read, a cell per SealAction in its
# declared order: a status is where the seal goes, a string is the refusal.
_TRANSITIONS: dict[SealStatus, tuple[SealStatus | str, ...]] = {
    SealStatus.IN_REVIEW: (_G, "seal_not_granted", "seal_not_granted", "seal_not_suspended", _R),
    SealStatus.GRANTED: ("seal_already_granted", _G, _S, "seal_not_suspended", _R),
    SealStatus.EXPIRED: ("seal_already_granted", _G, "seal_expired", "seal_not_suspended", _R),
    SealStatus.SUSPENDED: ("seal_already_granted", _G, "seal_already_suspended", _G, _R),
    SealStatus.REVOKED: ("seal_revoked",) * 5,
}


def seal_transition(reads: SealStatus, action: SealAction) -> SealStatus:
    """The status a seal that reads as `reads` (market.rules.seals.effective_status) takes after `action`.

    A refusal raises Conflict with the code in the cell. Revoked is final. An expired seal
    (granted, past its last day) is renewed by a new review; suspending it would change
    nothing a buyer sees. A renewal review of a suspended seal lifts the suspension: the
    network suspends "until a new visit", and that visit is the renewal.

    | reads     | grant                | renew            | suspend                | reinstate          | revoke       |
    |-----------|----------------------|------------------|------------------------|--------------------|--------------|
    | in_review | granted              | seal_not_granted | seal_not_granted       | seal_not_suspended | revoked      |
    | granted   | seal_already_granted | granted          | suspended              | seal_not_suspended | revoked      |
    | expired   | seal_already_granted | granted          | seal_expired           | seal_not_suspended | revoked      |
    | suspended | seal_already_granted | granted          | seal_already_suspended | granted            | revoked      |
    | revoked   | seal_revoked         | seal_revoked     | seal_revoked           | seal_revoked       | seal_revoked |
    """
    reads, action = SealStatus(reads), SealAction(action)
    after = _TRANSITIONS[reads][list(SealAction).index(action)]
    if isinstance(after, SealStatus):
        return after
    raise Conflict(after, status=reads.value, action=action.value)


def granted_validity(visited_on: date) -> tuple[date, date]:
    """(valid_from, valid_until) of a seal granted by a visit on `visited_on`; valid_until is inclusive.

    | visited_on | valid_from | valid_until |
    |------------|------------|-------------|
    | 2026-11-01 | 2026-11-01 | 2027-11-01  |
    | 2028-02-29 | 2028-02-29 | 2029-02-28  |
    """
    return visited_on, _years_later(visited_on, SEAL_VALIDITY_YEARS)


def renewed_validity(valid_from: date | None, valid_until: date | None, visited_on: date) -> tuple[date, date]:
    """(valid_from, valid_until) of a seal renewed by a visit on `visited_on`.

    The seal runs a year from the visit, never less than it already did. A visit on or before
    the seal's last day continues it, so valid_from stays; a visit after a gap starts it anew
    (the seal did not vouch for the days in between).

    | valid_from | valid_until | visited_on | new valid_from | new valid_until |
    |------------|-------------|------------|----------------|-----------------|
    | 2025-11-01 | 2026-11-01  | 2026-10-20 | 2025-11-01     | 2027-10-20      |
    | 2025-11-01 | 2026-11-01  | 2026-11-01 | 2025-11-01     | 2027-11-01      |
    | 2025-11-01 | 2026-11-01  | 2026-12-10 | 2026-12-10     | 2027-12-10      |
    | 2025-11-01 | 2027-11-01  | 2026-01-15 | 2025-11-01     | 2027-11-01      |
    | None       | None        | 2026-12-10 | 2026-12-10     | 2027-12-10      |
    """
    new_from, new_until = granted_validity(visited_on)
    if valid_from is not None and valid_until is not None and visited_on <= valid_until:
        return valid_from, max(valid_until, new_until)
    return new_from, new_until


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)
