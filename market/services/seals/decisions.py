"""The committee ratifies visits: a proposed visit's record, and its decision (grant or renew, with conditions, deny).

    PeerReview stage proposed ──decide_visit──▶ decided: grant / renew (the seal changes, as record_review changes
                                                it) or deny (no seal changes); the organization's admins and the
                                                visit's reviewers are told

| decide_visit                                                         | result                                     |
|----------------------------------------------------------------------|--------------------------------------------|
| grant, agreed signatures of an outside producer and consumer         | granted (renewed when the holder's seal    |
|                                                                      | of the network lives), valid a year        |
| grant, the agreed signatures fail the grant rule                     | Invalid("signatures_insufficient")         |
| grant, a norm answered "no"                                          | Invalid("norm_not_met")                    |
| conditions, none proposed nor written                                | Invalid("conditions_missing")              |
| conditions, one due today or before                                  | Invalid("condition_due_past")              |
| deny without a reason                                                | Invalid("reason_missing")                  |
| by someone off the committee / a member of the visited organization  | Forbidden("not_on_committee") / ("member_  |
|                                                                      | of_reviewed_organization")                 |
| a visit decided already (a second press, a second member at once)    | Conflict("visit_already_decided")          |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.transactions import in_transaction

from market import clock
from market.enums import (
    NormAnswer,
    ReviewDecision,
    ReviewerRole,
    ReviewStage,
    SealStatus,
    SignatureStatus,
    VisitProposal,
    VisitRequestStatus,
)
from market.errors import Conflict, Invalid, NotFound
from market.models import (
    PeerReview,
    PeerReviewAnswer,
    PeerReviewPhoto,
    PeerReviewSignature,
    Person,
    PgsChecklist,
    PgsReviewer,
    Product,
    SealCondition,
    VisitRequest,
)
from market.orm import column_of, value_of
from market.rules.reviews import SealAction, Signer, grant_refusals
from market.services.messaging.notifications import enqueue_notification
from market.services.seals import support
from market.services.seals.reviews import REASON_LIMIT, SealHolding, apply_seal_change, plan_seal_change

CONDITION_LIMIT = 300
CONDITIONS_MAX = 10


@dataclass(frozen=True)
class NormLine:
    position: int
    text: str
    answer: NormAnswer
    observation: str


@dataclass(frozen=True)
class ConditionLine:
    id: int
    position: int
    text: str
    due_on: date
    met_on: date | None = None


@dataclass(frozen=True)
class SignatureLine:
    name: str
    role: ReviewerRole
    organization_name: str | None
    status: SignatureStatus
    disagreement: str
    member_of_reviewed: bool
    # When they answered (agreed or disagreed); for a row recorded at once, when it was written; None: not yet.
    answered_at: datetime | None = None


@dataclass(frozen=True)
class VisitRecord:
    """A visit as the committee reads it before deciding (findings and disagreements are never published)."""

    id: int
    network_id: int
    network_name: str
    organization_id: int
    organization_name: str
    visited_on: date
    stage: ReviewStage
    decision: ReviewDecision
    products: tuple[str, ...]
    checklist_version: int | None
    norms: tuple[NormLine, ...]
    photos: int
    findings: str
    proposal: VisitProposal | None
    conditions: tuple[ConditionLine, ...]  # proposed by the reviewers (no seal yet)
    signatures: tuple[SignatureLine, ...]
    refusals: tuple[str, ...]  # the grant rule's verdict over the agreed signatures: empty when they suffice
    renews: bool  # the holder has a seal of this network: a grant renews it
    decision_reason: str
    lead_name: str | None = None  # the reviewer who recorded it (None: nobody kept)
    decided_at: datetime | None = None
    decided_by_name: str | None = None

    @property
    def norm_not_met(self) -> bool:
        return any(n.answer == NormAnswer.NO for n in self.norms)


@dataclass(frozen=True)
class Condition:
    """A condition the committee sets: what to do, and the day it must be done by."""

    text: str
    due_on: date


async def visit_record(review_id: int, *, by_person_id: int) -> VisitRecord:
    """The visit's whole record, for a member of its network's committee who is not of the visited organization."""
    review = await _review(review_id)
    members = await support.member_ids(review.organization_id)
    await support.check_actor(review.network, members, by_person_id)
    return await _record(review, members)


async def decide_visit(review_id: int, verdict: VisitProposal, *, by_person_id: int, reason: str = "",
                       conditions: Sequence[Condition] | None = None, today: date | None = None) -> VisitRecord:
    """Decide a proposed visit once (see the table above); `conditions` replace the proposed ones."""
    today, verdict = today or clock.today(), VisitProposal(verdict)
    review = await _review(review_id)
    members = await support.member_ids(review.organization_id)
    await support.check_actor(review.network, members, by_person_id)
    if review.stage != ReviewStage.PROPOSED:
        raise Conflict("visit_already_decided")
    reason = _reason(reason, required=verdict == VisitProposal.DENY)
    record = await _record(review, members)
    typed = _conditions(conditions, today) if conditions else ()
    change, decision, scope = None, ReviewDecision.DENY, []
    if verdict != VisitProposal.DENY:
        if verdict == VisitProposal.CONDITIONS and not (typed or record.conditions):
            raise Invalid("conditions_missing")
        if verdict == VisitProposal.GRANT and record.norm_not_met:
            raise Invalid("norm_not_met")
        seal = await support.live_seal(review.network_id, review.organization_id, review.producer_id)
        action = SealAction.RENEW if seal and seal.status != SealStatus.IN_REVIEW else SealAction.GRANT
        decision = ReviewDecision.RENEW if action == SealAction.RENEW else ReviewDecision.GRANT
        signers = [Signer(s.role, s.member_of_reviewed) for s in record.signatures if s.status == SignatureStatus.AGREED]
        holding = SealHolding(review.network, review.organization, review.producer_id, seal)
        change = await plan_seal_change(holding, action, signers, review.visited_on, today)
        scope = await Product.filter(review_scopes__review_id=review.id).order_by("name", "id")

    async with in_transaction():
        # Of two presses (or two members at once) only the first finds the visit still proposed.
        if not await PeerReview.filter(id=review.id, stage=ReviewStage.PROPOSED).update(
                stage=ReviewStage.DECIDED, decision=decision, decided_by_id=by_person_id, decided_at=clock.now(),
                decision_reason=reason):
            raise Conflict("visit_already_decided")
        if change is not None:
            seal = await apply_seal_change(change, review.id, scope, by_person_id)
            if verdict == VisitProposal.CONDITIONS:
                await _attach_conditions(review.id, seal.id, typed)
        if review.request_id is not None:
            await VisitRequest.filter(id=review.request_id).update(status=VisitRequestStatus.DONE)
        await _tell(review, by_person_id)
    return await _record(await _review(review.id), members)


async def _attach_conditions(review_id: int, seal_id: int, typed: Sequence[Condition]) -> None:
    """The proposed conditions become the seal's; conditions typed instead are added after them and alone attached."""
    if not typed:
        await SealCondition.filter(review_id=review_id, seal_id__isnull=True).update(seal_id=seal_id)
        return
    positions = await column_of(SealCondition.filter(review_id=review_id), "position", int)
    last = max(positions, default=0)
    await SealCondition.bulk_create([
        SealCondition(seal_id=seal_id, review_id=review_id, position=last + i, text=c.text, due_on=c.due_on)
        for i, c in enumerate(typed, start=1)
    ])


async def _tell(review: PeerReview, by_person_id: int) -> None:
    """The organization's admins, and each reviewer who signed or was asked to (but the decider), are told."""
    key = f"visit:{review.id}:decided"
    await support.tell_admins(review.organization_id, "visit_decided", {"review_id": review.id}, key)
    reviewers = set(await column_of(PeerReviewSignature.filter(review_id=review.id), "person_id", int))
    if review.recorded_by_id:
        reviewers.add(review.recorded_by_id)
    reviewers.discard(by_person_id)
    chats = await Person.filter(id__in=sorted(reviewers), forgotten_at__isnull=True,
                                telegram_user_id__isnull=False).values_list("id", "telegram_user_id")
    for person_id, chat_id in chats:
        await enqueue_notification(chat_id=chat_id, person_id=person_id, template="visit_outcome",
                                   params={"review_id": review.id}, dedupe_key=f"{key}:reviewer:{person_id}")


async def _review(review_id: int) -> PeerReview:
    review = await PeerReview.filter(id=review_id).select_related("network", "organization").first()
    if review is None:
        raise NotFound("visit_not_found")
    return review


async def _record(review: PeerReview, members: set[int]) -> VisitRecord:
    norms = await PeerReviewAnswer.filter(review_id=review.id).order_by("norm__position").values_list(
        "norm__position", "norm__text", "answer", "observation")
    signatures = await PeerReviewSignature.filter(review_id=review.id).order_by("id").values_list(
        "person_id", "person__name", "role", "status", "disagreement", "answered_at", "signed_at")
    origins = dict(await PgsReviewer.filter(
        network_id=review.network_id, person_id__in=[s[0] for s in signatures]).values_list(
        "person_id", "organization__name"))
    lines = tuple(SignatureLine(name, ReviewerRole(role), origins.get(person_id), SignatureStatus(status), why,
                                person_id in members,
                                None if status == SignatureStatus.INVITED else answered_at or signed_at)
                  for person_id, name, role, status, why, answered_at, signed_at in signatures)
    people = dict(await Person.filter(id__in=[i for i in (review.recorded_by_id, review.decided_by_id) if i])
                  .values_list("id", "name"))
    agreed = [Signer(s.role, s.member_of_reviewed) for s in lines if s.status == SignatureStatus.AGREED]
    seal = await support.live_seal(review.network_id, review.organization_id, review.producer_id)
    return VisitRecord(
        id=review.id, network_id=review.network_id, network_name=review.network.name,
        organization_id=review.organization_id, organization_name=review.organization.name,
        visited_on=review.visited_on, stage=ReviewStage(review.stage), decision=ReviewDecision(review.decision),
        products=tuple(await column_of(Product.filter(review_scopes__review_id=review.id).order_by("name"), "name", str)),
        checklist_version=await value_of(PgsChecklist.filter(id=review.checklist_id).first(), "version", int)
        if review.checklist_id else None,
        norms=tuple(NormLine(p, t, NormAnswer(a), o) for p, t, a, o in norms),
        photos=await PeerReviewPhoto.filter(review_id=review.id).count(), findings=review.findings,
        proposal=VisitProposal(review.proposal) if review.proposal else None,
        conditions=await proposed_conditions(review.id), signatures=lines, refusals=grant_refusals(agreed),
        renews=seal is not None and seal.status != SealStatus.IN_REVIEW and seal.id != review.seal_id
        if review.stage != ReviewStage.DECIDED else review.decision == ReviewDecision.RENEW,
        decision_reason=review.decision_reason,
        lead_name=people.get(review.recorded_by_id) if review.recorded_by_id else None,
        decided_at=review.decided_at,
        decided_by_name=people.get(review.decided_by_id) if review.decided_by_id else None,
    )


async def proposed_conditions(review_id: int) -> tuple[ConditionLine, ...]:
    """The conditions the visit's reviewers proposed; once decided, those the seal took."""
    rows = await SealCondition.filter(review_id=review_id).order_by("position").values_list(
        "id", "position", "text", "due_on", "met_on", "seal_id")
    attached = [r for r in rows if r[5] is not None]
    return tuple(ConditionLine(*r[:5]) for r in (attached or rows))


def _conditions(conditions: Sequence[Condition], today: date) -> tuple[Condition, ...]:
    cleaned = tuple(Condition(c.text.strip(), c.due_on) for c in conditions if c.text.strip())
    if not cleaned:
        raise Invalid("conditions_missing")
    if len(cleaned) > CONDITIONS_MAX:
        raise Invalid("too_many_conditions", max=CONDITIONS_MAX)
    for c in cleaned:
        if len(c.text) > CONDITION_LIMIT:
            raise Invalid("condition_too_long", limit=CONDITION_LIMIT)
        if c.due_on <= today:
            raise Invalid("condition_due_past", due_on=c.due_on.isoformat())
    return cleaned


def _reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise Invalid("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    return reason
