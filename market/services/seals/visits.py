"""A visit in the chat, while its lead fills it in (stage draft): date, products, checklist, photos, findings,
co-reviewers and the proposal. Only the lead (PeerReview.recorded_by) edits it, and only while it is a draft
(co-reviewers may still be invited while it is being signed: market.services.seals.signing).

| step                                               | result                                                   |
|----------------------------------------------------|----------------------------------------------------------|
| anyone but the lead                                | Forbidden("not_the_visit_lead")                          |
| a visit sent for signatures, proposed, decided     | Conflict("visit_not_editable")                           |
| set_visit_date in the future / over a year ago     | Invalid("visit_in_future") / Invalid("visit_too_old")    |
| toggle_visit_product: the last one off             | Invalid("no_products")                                   |
| answer_norm, observe_norm (over OBSERVATION_LIMIT) | the answer kept / Invalid("observation_too_long")        |
| add_visit_photo, the same photo again              | kept once (False the second time)                        |
| set_findings over FINDINGS_LIMIT                   | Invalid("findings_too_long")                             |
| invite_co_reviewer: the lead / no reviewer         | Invalid("co_reviewer_is_lead") / Forbidden("not_a_...")  |
| a reviewer without a role / a member of the org.   | Forbidden("reviewer_without_role") / Forbidden("member…")|
| set_proposal grant with a "no" on a norm           | Invalid("grant_with_a_no")                               |
| add_condition: a text over CONDITION_MAX                  | Invalid("condition_text_length")                         |
| add_condition: a due day that has come                     | Invalid("condition_due_not_future")                      |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import NormAnswer, ReviewerRole, ReviewStage, SignatureStatus, VisitProposal
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import (
    PeerReview,
    PeerReviewAnswer,
    PeerReviewPhoto,
    PeerReviewProduct,
    PeerReviewSignature,
    Person,
    PgsNorm,
    PgsReviewer,
    Product,
    SealCondition,
)
from market.orm import column_of, value_of
from market.rules.reviews import Signer, grant_refusals
from market.services.messaging.notifications import enqueue_notification
from market.services.seals import support
from market.services.seals.reviews import FINDINGS_LIMIT

OBSERVATION_LIMIT = 500
CONDITION_MAX = 300
OLDEST_VISIT = timedelta(days=366)  # a visit recorded later than a year after it vouches for nothing now


@dataclass(frozen=True)
class ProductLine:
    id: int
    name: str
    visited: bool


@dataclass(frozen=True)
class NormLine:
    id: int
    position: int
    text: str
    answer: NormAnswer | None
    observation: str


@dataclass(frozen=True)
class SignatureLine:
    person_id: int
    name: str
    role: ReviewerRole
    organization_name: str | None
    status: SignatureStatus
    disagreement: str


@dataclass(frozen=True)
class ConditionLine:
    position: int
    text: str
    due_on: date


@dataclass(frozen=True)
class VisitView:
    id: int
    stage: ReviewStage
    network_id: int
    network_name: str
    organization_id: int
    organization_name: str
    lead_id: int | None
    lead_name: str
    visited_on: date
    products: tuple[ProductLine, ...]  # the organization's products, those visited marked
    checklist_version: int | None  # None: a network without a checklist, the visit recorded without norms
    norms: tuple[NormLine, ...]
    photos: int
    findings: str
    signatures: tuple[SignatureLine, ...]  # the lead's first once signed, then the co-reviewers invited
    proposal: VisitProposal | None
    conditions: tuple[ConditionLine, ...]
    missing: tuple[str, ...]  # the grant rule's refusals over the agreed signatures
    missing_if_all_agree: tuple[str, ...]  # ... over the agreed and the invited ones

    @property
    def has_a_no(self) -> bool:
        return any(n.answer == NormAnswer.NO for n in self.norms)

    @property
    def unanswered(self) -> tuple[NormLine, ...]:
        return tuple(n for n in self.norms if n.answer is None)

    @property
    def pending(self) -> tuple[SignatureLine, ...]:
        return tuple(s for s in self.signatures if s.status == SignatureStatus.INVITED)


@dataclass(frozen=True)
class Invited:
    visit: VisitView
    name: str
    role: ReviewerRole
    invited_now: bool  # False: invited already


async def get_visit(review_id: int, *, viewer_id: int) -> VisitView:
    """The visit as its lead, a co-reviewer invited to it, or its network's committee sees it."""
    review = await _review(review_id)
    if viewer_id != review.recorded_by_id and not await PeerReviewSignature.exists(
            review_id=review_id, person_id=viewer_id) and not await PgsReviewer.exists(
            network_id=review.network_id, person_id=viewer_id, active=True, committee=True):
        raise Forbidden("not_the_visit_lead")
    return await visit_view(review_id)


async def visit_view(review_id: int) -> VisitView:
    """The visit's record, for whoever the caller checked may read it."""
    row = await PeerReview.filter(id=review_id).first().values(
        "id", "stage", "network_id", "network__name", "organization_id", "organization__name", "recorded_by_id",
        "recorded_by__name", "visited_on", "checklist_id", "checklist__version", "findings", "proposal")
    if row is None:
        raise NotFound("visit_not_found")
    visited = set(await column_of(PeerReviewProduct.filter(review_id=review_id), "product_id", int))
    products = await Product.filter(organization_id=row["organization_id"]).filter(
        active=True).order_by("name", "id").values_list("id", "name")
    extra = await Product.filter(id__in=visited, active=False).values_list("id", "name")
    answers = {a["norm_id"]: a for a in await PeerReviewAnswer.filter(review_id=review_id).values(
        "norm_id", "answer", "observation")}
    norms = await PgsNorm.filter(checklist_id=row["checklist_id"] or 0).order_by("position").values_list(
        "id", "position", "text")
    signatures = await _signature_lines(review_id, row["network_id"])
    conditions = await SealCondition.filter(review_id=review_id).order_by("position").values_list(
        "position", "text", "due_on")
    members = await support.member_ids(row["organization_id"])
    return VisitView(
        id=row["id"], stage=ReviewStage(row["stage"]), network_id=row["network_id"], network_name=row["network__name"],
        organization_id=row["organization_id"], organization_name=row["organization__name"],
        lead_id=row["recorded_by_id"], lead_name=row["recorded_by__name"] or "", visited_on=row["visited_on"],
        products=tuple(ProductLine(int(i), str(n), int(i) in visited) for i, n in [*products, *extra]),
        checklist_version=row["checklist__version"],
        norms=tuple(NormLine(int(i), int(p), str(t), NormAnswer(answers[i]["answer"]) if i in answers else None,
                             answers[i]["observation"] if i in answers else "") for i, p, t in norms),
        photos=await PeerReviewPhoto.filter(review_id=review_id).count(), findings=row["findings"],
        signatures=signatures, proposal=VisitProposal(row["proposal"]) if row["proposal"] else None,
        conditions=tuple(ConditionLine(int(p), str(t), d) for p, t, d in conditions),
        missing=_missing(signatures, members, (SignatureStatus.AGREED,)),
        missing_if_all_agree=_missing(signatures, members, (SignatureStatus.AGREED, SignatureStatus.INVITED)),
    )


async def set_visit_date(review_id: int, day: date, *, by_person_id: int, today: date | None = None) -> VisitView:
    today = today or clock.today()
    if day > today:
        raise Invalid("visit_in_future", visited_on=day.isoformat())
    if day < today - OLDEST_VISIT:
        raise Invalid("visit_too_old", visited_on=day.isoformat())
    await lead_draft(review_id, by_person_id)
    await PeerReview.filter(id=review_id).update(visited_on=day)
    return await visit_view(review_id)


async def toggle_visit_product(review_id: int, product_id: int, *, by_person_id: int) -> VisitView:
    """A product visited or not; the last one stays (a visit looks at something)."""
    review = await lead_draft(review_id, by_person_id)
    if not await Product.exists(id=product_id, organization_id=review.organization_id):
        raise Invalid("product_not_of_organization", product=str(product_id), organization=str(review.organization_id))
    if await PeerReviewProduct.exists(review_id=review_id, product_id=product_id):
        if await PeerReviewProduct.filter(review_id=review_id).count() == 1:
            raise Invalid("no_products")
        await PeerReviewProduct.filter(review_id=review_id, product_id=product_id).delete()
    else:
        try:
            async with in_transaction():
                await PeerReviewProduct.create(review_id=review_id, product_id=product_id)
        except IntegrityError:
            pass  # pressed twice at once: it is visited
    return await visit_view(review_id)


async def answer_norm(review_id: int, norm_id: int, answer: NormAnswer, *, by_person_id: int) -> VisitView:
    review = await lead_draft(review_id, by_person_id)
    if not await PgsNorm.exists(id=norm_id, checklist_id=review.checklist_id or 0):
        raise NotFound("norm_not_found")
    if not await PeerReviewAnswer.filter(review_id=review_id, norm_id=norm_id).update(answer=answer):
        try:
            async with in_transaction():
                await PeerReviewAnswer.create(review_id=review_id, norm_id=norm_id, answer=answer)
        except IntegrityError:
            await PeerReviewAnswer.filter(review_id=review_id, norm_id=norm_id).update(answer=answer)
    return await visit_view(review_id)


async def observe_norm(review_id: int, norm_id: int, text: str, *, by_person_id: int) -> VisitView:
    """What the reviewers saw about an answered norm (empty: nothing to add)."""
    text = text.strip()
    if len(text) > OBSERVATION_LIMIT:
        raise Invalid("observation_too_long", limit=OBSERVATION_LIMIT)
    await lead_draft(review_id, by_person_id)
    if not await PeerReviewAnswer.filter(review_id=review_id, norm_id=norm_id).update(observation=text):
        raise NotFound("norm_not_found")
    return await visit_view(review_id)


async def add_visit_photo(review_id: int, file_id: str, file_unique_id: str, *, by_person_id: int) -> bool:
    """Keep a photo of the visit; False when that photo was kept already."""
    await lead_draft(review_id, by_person_id)
    try:
        async with in_transaction():
            await PeerReviewPhoto.create(review_id=review_id, file_id=file_id, file_unique_id=file_unique_id[:64])
    except IntegrityError:
        return False
    return True


async def set_findings(review_id: int, text: str, *, by_person_id: int) -> VisitView:
    text = text.strip()
    if len(text) > FINDINGS_LIMIT:
        raise Invalid("findings_too_long", limit=FINDINGS_LIMIT)
    await lead_draft(review_id, by_person_id)
    await PeerReview.filter(id=review_id).update(findings=text)
    return await visit_view(review_id)


async def invite_co_reviewer(review_id: int, person_id: int, *, by_person_id: int) -> Invited:
    """Invite a reviewer of the network to sign (see the table); told when the visit is sent for signatures."""
    review = await lead_draft(review_id, by_person_id, ReviewStage.DRAFT, ReviewStage.SIGNING)
    if person_id == by_person_id:
        raise Invalid("co_reviewer_is_lead")
    role = await signing_role(review, person_id)
    row, created = await PeerReviewSignature.get_or_create(
        review_id=review_id, person_id=person_id, defaults={"role": role, "status": SignatureStatus.INVITED})
    if created and review.stage == ReviewStage.SIGNING:
        await ask_to_sign(row.id, person_id)
    return Invited(await visit_view(review_id), await support.person_name(person_id), row.role, created)


async def set_proposal(review_id: int, proposal: VisitProposal, *, by_person_id: int) -> VisitView:
    """What the reviewers propose; choosing again drops the conditions typed for an earlier choice."""
    await lead_draft(review_id, by_person_id)
    if proposal == VisitProposal.GRANT and await PeerReviewAnswer.exists(review_id=review_id, answer=NormAnswer.NO):
        raise Invalid("grant_with_a_no")
    async with in_transaction():
        await SealCondition.filter(review_id=review_id).delete()
        await PeerReview.filter(id=review_id).update(proposal=proposal)
    return await visit_view(review_id)


async def add_condition(review_id: int, text: str, due_on: date, *, by_person_id: int,
                        today: date | None = None) -> VisitView:
    """A condition of a proposed grant with conditions, to be met by `due_on`."""
    text = text.strip()
    if not 1 <= len(text) <= CONDITION_MAX:
        raise Invalid("condition_text_length", max=CONDITION_MAX)
    if due_on <= (today or clock.today()):
        raise Invalid("condition_due_not_future")
    review = await lead_draft(review_id, by_person_id)
    if review.proposal != VisitProposal.CONDITIONS:
        raise Conflict("visit_not_editable")
    async with in_transaction():
        await PeerReview.select_for_update().filter(id=review_id).first()
        position = await SealCondition.filter(review_id=review_id).count() + 1
        await SealCondition.create(review_id=review_id, position=position, text=text, due_on=due_on)
    return await visit_view(review_id)


async def ask_to_sign(signature_id: int, person_id: int) -> None:
    """Owe the co-reviewer the record with its two buttons, once."""
    chat_id = await value_of(Person.filter(id=person_id, forgotten_at__isnull=True).first(), "telegram_user_id", int)
    if chat_id:
        await enqueue_notification(chat_id=chat_id, person_id=person_id, template="visit_to_sign",
                                   params={"signature_id": signature_id}, dedupe_key=f"visit_to_sign:{signature_id}")


async def lead_draft(review_id: int, person_id: int, *stages: ReviewStage) -> PeerReview:
    """The visit, for its lead while it is at one of `stages` (a draft, by default)."""
    review = await _review(review_id)
    if review.recorded_by_id != person_id:
        raise Forbidden("not_the_visit_lead")
    if review.stage not in (stages or (ReviewStage.DRAFT,)):
        raise Conflict("visit_not_editable")
    return review


async def signing_role(review: PeerReview, person_id: int) -> ReviewerRole:
    """The role a reviewer signs this visit in; refused to a reviewer without one and to the organization's members."""
    reviewer = await support.reviewer(review.network_id, person_id)
    if reviewer.role is None:
        raise Forbidden("reviewer_without_role")
    if person_id in await support.member_ids(review.organization_id):
        raise Forbidden("member_of_reviewed_organization", person=await support.person_name(person_id))
    return reviewer.role


async def _review(review_id: int) -> PeerReview:
    review = await PeerReview.get_or_none(id=review_id)
    if review is None:
        raise NotFound("visit_not_found")
    return review


async def _signature_lines(review_id: int, network_id: int) -> tuple[SignatureLine, ...]:
    rows = await PeerReviewSignature.filter(review_id=review_id).order_by("id").values(
        "person_id", "person__name", "role", "status", "disagreement")
    organizations = dict(await PgsReviewer.filter(network_id=network_id, person_id__in=[r["person_id"] for r in rows])
                         .values_list("person_id", "organization__name"))
    return tuple(SignatureLine(r["person_id"], r["person__name"], ReviewerRole(r["role"]),
                               organizations.get(r["person_id"]), SignatureStatus(r["status"]), r["disagreement"])
                 for r in rows)


def _missing(signatures: tuple[SignatureLine, ...], members: set[int],
             counted: tuple[SignatureStatus, ...]) -> tuple[str, ...]:
    return grant_refusals(Signer(s.role, s.person_id in members) for s in signatures if s.status in counted)
