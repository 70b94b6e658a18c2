"""A seal's public history: the visits that granted or renewed it, who signed them, and what befell it since.

What is published, and what stays with the network: a visit shows its date, its decision, the checklist
version and how many norms it found met or not applicable, its agreed signers (role and organization; a
name only when the reviewer agreed to be named) and the conditions of the grant. Findings, observations,
photos, disagreements and the committee's reasons for a decision stay with the network. Of the seal's
events only a suspension's and a revocation's reasons are public (buyers read them on the seal already).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from market.enums import NormAnswer, OrganizationStatus, ReviewDecision, ReviewerRole, ReviewStage, SealEventKind
from market.enums import SignatureStatus as Signed
from market.models import PeerReview, PeerReviewAnswer, PeerReviewSignature, PgsReviewer, SealCondition, SealEvent
from market.rules.seals import ConditionStatus, condition_status

GRANTING = (ReviewDecision.GRANT, ReviewDecision.RENEW)
# The events a visit stands for on the page; the others are told as they are.
VISIT_EVENTS = (SealEventKind.GRANTED, SealEventKind.RENEWED)
# Reasons typed to be read by buyers; any other event's reason stays with the network.
PUBLIC_REASONS = (SealEventKind.SUSPENDED, SealEventKind.REVOKED)
_ROLE_ORDER = {ReviewerRole.PRODUCER: 0, ReviewerRole.CONSUMER: 1, ReviewerRole.TECHNICIAN: 2}


@dataclass(frozen=True)
class SignerOrganization:
    slug: str
    name: str
    # Whether it has a public page to link to (an approved organization).
    public: bool


@dataclass(frozen=True)
class Signer:
    """A reviewer who agreed to a visit's record: role, organization, and a name only if they agreed to be named."""

    role: ReviewerRole
    organization: SignerOrganization | None
    name: str | None


@dataclass(frozen=True)
class Condition:
    text: str
    due_on: date
    met_on: date | None
    status: ConditionStatus


@dataclass(frozen=True)
class Visit:
    """A visit that granted or renewed the seal."""

    review_id: int
    visited_on: date
    decision: ReviewDecision
    # When the committee decided (or the visit was recorded with its decision); None if nothing says.
    decided_on: date | None
    # None: recorded without a checklist (the CLI's visits).
    checklist_version: int | None
    norms_verified: int
    norms_not_applicable: int
    norms_not_met: int
    signers: tuple[Signer, ...]
    conditions: tuple[Condition, ...]

    @property
    def on(self) -> date:
        return self.decided_on or self.visited_on


@dataclass(frozen=True)
class Event:
    kind: SealEventKind
    at: datetime
    # The day in the network's time zone.
    on: date
    reason: str


@dataclass(frozen=True)
class SealHistory:
    visits: tuple[Visit, ...]  # newest first
    events: tuple[Event, ...]  # newest first, all of them (a grant's and a renewal's too)

    def timeline(self) -> tuple[Visit | Event, ...]:
        """Visits and the events that are not a visit's, newest first; on one day an event follows its visit."""
        entries: list[Visit | Event] = [*self.visits, *(e for e in self.events if e.kind not in VISIT_EVENTS)]
        return tuple(sorted(entries, key=lambda e: (e.on, isinstance(e, Event)), reverse=True))


async def seal_history(seal_id: int, network_id: int, *, time_zone: str, today: date) -> SealHistory:
    """The public history of a seal of the network `network_id`, with conditions read as of `today`."""
    zone = ZoneInfo(time_zone)
    event_rows = await SealEvent.filter(seal_id=seal_id).order_by("-at", "-id").values_list(
        "kind", "at", "reason", "review_id"
    )
    events = tuple(
        Event(SealEventKind(kind), at, at.astimezone(zone).date(), reason if kind in PUBLIC_REASONS else "")
        for kind, at, reason, _ in event_rows
    )
    decided_by_event = {
        review_id: at.astimezone(zone).date()
        for kind, at, _, review_id in reversed(event_rows) if review_id is not None and kind in VISIT_EVENTS
    }
    reviews = await PeerReview.filter(
        id__in=[*decided_by_event, *await PeerReview.filter(seal_id=seal_id).values_list("id", flat=True)],
        stage=ReviewStage.DECIDED, decision__in=GRANTING,
    ).order_by("-visited_on", "-id").values_list("id", "visited_on", "decision", "decided_at", "checklist__version")
    ids = [row[0] for row in reviews]
    signers, answers, conditions = (
        await _signers(ids, network_id), await _answers(ids), await _conditions(seal_id, today)
    )
    visits = tuple(
        Visit(
            review_id=id, visited_on=visited_on, decision=ReviewDecision(decision),
            decided_on=decided_at.astimezone(zone).date() if decided_at else decided_by_event.get(id),
            checklist_version=version,
            norms_verified=answers[id][NormAnswer.YES], norms_not_applicable=answers[id][NormAnswer.NOT_APPLICABLE],
            norms_not_met=answers[id][NormAnswer.NO],
            signers=tuple(signers[id]), conditions=tuple(conditions[id]),
        )
        for id, visited_on, decision, decided_at, version in reviews
    )
    return SealHistory(visits, events)


async def _signers(review_ids: list[int], network_id: int) -> dict[int, list[Signer]]:
    """The agreed signatures of each review, producers first; an invited or disagreeing reviewer signed nothing."""
    rows = await PeerReviewSignature.filter(review_id__in=review_ids, status=Signed.AGREED).values_list(
        "review_id", "person_id", "role", "person__name", "person__forgotten_at", "id"
    )
    reviewers = {
        person_id: (named, slug, name, status)
        for person_id, named, slug, name, status in await PgsReviewer.filter(
            network_id=network_id, person_id__in={row[1] for row in rows}
        ).values_list("person_id", "named_publicly", "organization__slug", "organization__name",
                      "organization__status")
    }
    found: dict[int, list[Signer]] = defaultdict(list)
    for review_id, person_id, role, person_name, forgotten_at, _ in sorted(
        rows, key=lambda row: (_ROLE_ORDER[ReviewerRole(row[2])], row[5])
    ):
        named, slug, name, status = reviewers.get(person_id, (False, None, None, None))
        organization = SignerOrganization(slug, name, status == OrganizationStatus.APPROVED) if slug else None
        shown_name = person_name if named and forgotten_at is None else None
        found[review_id].append(Signer(ReviewerRole(role), organization, shown_name))
    return found


async def _answers(review_ids: list[int]) -> dict[int, dict[NormAnswer, int]]:
    counts: dict[int, dict[NormAnswer, int]] = defaultdict(lambda: dict.fromkeys(NormAnswer, 0))
    for review_id, answer in await PeerReviewAnswer.filter(review_id__in=review_ids).values_list("review_id", "answer"):
        counts[review_id][NormAnswer(answer)] += 1
    return counts


async def _conditions(seal_id: int, today: date) -> dict[int, list[Condition]]:
    """The conditions granted with the seal, by the visit that set them (a visit's proposal alone is not public)."""
    found: dict[int, list[Condition]] = defaultdict(list)
    for review_id, text, due_on, met_on in await SealCondition.filter(seal_id=seal_id).order_by(
        "review_id", "position"
    ).values_list("review_id", "text", "due_on", "met_on"):
        found[review_id].append(Condition(text, due_on, met_on, condition_status(due_on, met_on, today)))
    return found
