"""A visit's signatures, each pressed by a reviewer in their own chat, and the visit sent to the committee.

    draft ──send_for_signatures (the lead signs)──▶ signing ──propose_visit──▶ proposed ──the committee──▶ decided
      └──────────────────── withdraw_visit (the lead; its request open again) ──▶ withdrawn

| step                                                    | result                                                  |
|---------------------------------------------------------|---------------------------------------------------------|
| send_for_signatures: a norm unanswered, no proposal     | Invalid("norms_unanswered") / Invalid("proposal_missing") |
| a grant with conditions and none typed                  | Invalid("conditions_missing")                           |
| sent                                                    | signing; the lead agreed; each invited co-reviewer told |
| answer_signature by the invited reviewer, agree/disagree| agreed / disagreed with the reason; the lead told       |
| the same answer again                                   | nothing twice (answered_now False)                      |
| by someone not invited                                  | Forbidden("not_invited_to_sign")                        |
| by a member of the visited organization                 | Forbidden("member_of_reviewed_organization")            |
| propose_visit with an invitation unanswered             | Conflict("signatures_pending")                          |
| a grant the agreed signatures do not satisfy            | Invalid("signatures_insufficient", reasons=...)         |
| proposed                                                | proposed_at; the committee (not the organization's) told |
| withdraw_visit before a decision                        | withdrawn; its request open again                       |
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from market import clock
from market.enums import ReviewStage, SignatureStatus, VisitProposal, VisitRequestStatus
from market.errors import Conflict, Forbidden, Invalid
from market.models import PeerReview, PeerReviewSignature, Person, PgsReviewer, VisitRequest
from market.orm import column_of
from market.services.messaging.notifications import enqueue_notification
from market.services.seals import support
from market.services.seals.visits import VisitView, ask_to_sign, lead_draft, signing_role, visit_view

REASON_LIMIT = 1000


@dataclass(frozen=True)
class Answered:
    visit: VisitView
    agreed: bool
    answered_now: bool  # False: they had answered already, nothing changed


@dataclass(frozen=True)
class MyVisits:
    """What /visitas shows a reviewer besides the open requests: visits they lead, and those awaiting their signature."""

    leading: tuple[VisitView, ...]
    to_sign: tuple[VisitView, ...]


async def my_visits(person_id: int) -> MyVisits:
    live = (ReviewStage.DRAFT, ReviewStage.SIGNING, ReviewStage.PROPOSED)
    leading = await column_of(PeerReview.filter(recorded_by_id=person_id, stage__in=live).order_by("id"), "id", int)
    to_sign = await column_of(PeerReviewSignature.filter(
        person_id=person_id, status=SignatureStatus.INVITED, review__stage=ReviewStage.SIGNING).order_by("id"),
        "review_id", int)
    return MyVisits(tuple([await visit_view(i) for i in leading]), tuple([await visit_view(i) for i in to_sign]))


async def send_for_signatures(review_id: int, *, by_person_id: int) -> VisitView:
    """The record is complete: the lead signs it, and each co-reviewer invited is asked in their chat."""
    review = await lead_draft(review_id, by_person_id)
    visit = await visit_view(review_id)
    if visit.unanswered:
        raise Invalid("norms_unanswered", count=len(visit.unanswered))
    if visit.proposal is None:
        raise Invalid("proposal_missing")
    if visit.proposal == VisitProposal.GRANT and visit.has_a_no:
        raise Invalid("grant_with_a_no")
    if visit.proposal == VisitProposal.CONDITIONS and not visit.conditions:
        raise Invalid("conditions_missing")
    role = await signing_role(review, by_person_id)
    now = clock.now()
    async with in_transaction():
        if not await PeerReview.filter(id=review_id, stage=ReviewStage.DRAFT).update(stage=ReviewStage.SIGNING):
            raise Conflict("visit_not_editable")
        await PeerReviewSignature.create(review_id=review_id, person_id=by_person_id, role=role,
                                         status=SignatureStatus.AGREED, answered_at=now)
        for signature_id, person_id in await PeerReviewSignature.filter(
                review_id=review_id, status=SignatureStatus.INVITED).values_list("id", "person_id"):
            await ask_to_sign(signature_id, person_id)
    return await visit_view(review_id)


async def answer_signature(review_id: int, agree: bool, *, by_person_id: int, reason: str = "") -> Answered:
    """The invited reviewer's press: the signature itself (agree), or their disagreement and why."""
    reason = reason.strip()
    if not agree and not reason:
        raise Invalid("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    signature = await PeerReviewSignature.get_or_none(review_id=review_id, person_id=by_person_id).select_related(
        "review")
    if signature is None:
        raise Forbidden("not_invited_to_sign")
    if by_person_id in await support.member_ids(signature.review.organization_id):
        raise Forbidden("member_of_reviewed_organization", person=await support.person_name(by_person_id))
    if signature.status != SignatureStatus.INVITED:
        return Answered(await visit_view(review_id), signature.status == SignatureStatus.AGREED, False)
    if signature.review.stage != ReviewStage.SIGNING:
        raise Conflict("visit_not_signing")
    status = SignatureStatus.AGREED if agree else SignatureStatus.DISAGREED
    async with in_transaction():
        # Conditional: a second press (or two at once) finds it answered and changes nothing.
        if not await PeerReviewSignature.filter(id=signature.id, status=SignatureStatus.INVITED).update(
                status=status, answered_at=clock.now(), disagreement=reason):
            return Answered(await visit_view(review_id), agree, False)
        lead = await Person.filter(id=signature.review.recorded_by_id or 0, forgotten_at__isnull=True).first().values(
            "id", "telegram_user_id")
        if lead and lead["telegram_user_id"]:
            await enqueue_notification(chat_id=lead["telegram_user_id"], person_id=lead["id"], template="visit_signed",
                                       params={"signature_id": signature.id},
                                       dedupe_key=f"visit_signed:{signature.id}")
    return Answered(await visit_view(review_id), agree, True)


async def propose_visit(review_id: int, *, by_person_id: int) -> VisitView:
    """Send the signed visit to the network's committee (see the table); its members are told."""
    await lead_draft(review_id, by_person_id, ReviewStage.SIGNING)
    visit = await visit_view(review_id)
    if visit.pending:
        raise Conflict("signatures_pending", count=len(visit.pending))
    if visit.proposal != VisitProposal.DENY and visit.missing:
        raise Invalid("signatures_insufficient", reasons=visit.missing)
    async with in_transaction():
        if not await PeerReview.filter(id=review_id, stage=ReviewStage.SIGNING).update(
                stage=ReviewStage.PROPOSED, proposed_at=clock.now()):
            raise Conflict("visit_not_editable")
        members = await support.member_ids(visit.organization_id)
        committee = await PgsReviewer.filter(network_id=visit.network_id, active=True, committee=True).exclude(
            person_id__in=members or {0}).values_list("person_id", "person__telegram_user_id", "person__forgotten_at")
        for person_id, chat_id, forgotten_at in committee:
            if chat_id and forgotten_at is None:
                await enqueue_notification(chat_id=chat_id, person_id=person_id, template="visit_proposed",
                                           params={"review_id": review_id},
                                           dedupe_key=f"visit_proposed:{review_id}:{person_id}")
    return await visit_view(review_id)


async def withdraw_visit(review_id: int, *, by_person_id: int) -> VisitView:
    """The lead drops the visit before the committee decides; its request waits for a reviewer again."""
    review = await lead_draft(review_id, by_person_id, ReviewStage.DRAFT, ReviewStage.SIGNING, ReviewStage.PROPOSED)
    async with in_transaction():
        if not await PeerReview.filter(id=review_id, stage=review.stage).update(stage=ReviewStage.WITHDRAWN):
            raise Conflict("visit_not_editable")
        if review.request_id is not None:
            await VisitRequest.filter(id=review.request_id, status=VisitRequestStatus.TAKEN).update(
                status=VisitRequestStatus.OPEN, taken_by_id=None, taken_at=None)
    return await visit_view(review_id)


async def signature_notice(signature_id: int) -> tuple[VisitView, int]:
    """A signature's visit and whose signature it is: what a notice about it shows."""
    row = await PeerReviewSignature.filter(id=signature_id).first().values("review_id", "person_id")
    if row is None:
        raise Conflict("visit_not_signing")
    return await visit_view(row["review_id"]), row["person_id"]
