"""A small PGS world for the seal-review service and CLI tests: a network, its reviewers, two organizations.

    world = await make_seal_world()
    world.people["juana"]        # person id; also Telegram user 900000006

Cafe Amboró's members: hilda (admin), reina and norma (producers, also reviewers of the network).
Outside reviewers: juana (a producer of CORACA Irupana), carmen and victoria (consumers), rocio and
daniela (technicians). pedro is nobody's reviewer; lurdes reviews for another network only. Every reviewer sits
on their networks' committees but victoria, who signs and acts on nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from market import clock
from market.enums import (
    MemberRole,
    NormAnswer,
    ReviewDecision,
    ReviewerRole,
    ReviewStage,
    SignatureStatus,
    VisitProposal,
    VisitRequestStatus,
)
from market.models import (
    Member,
    PeerReview,
    PeerReviewAnswer,
    PeerReviewPhoto,
    PeerReviewProduct,
    PeerReviewSignature,
    Person,
    PgsChecklist,
    PgsNorm,
    PgsReviewer,
    SealCondition,
    VisitRequest,
)
from tests.market.services.catalog_fixtures import bolivia, network, organization, product

NETWORK = "red-spg-bolivia"
OTHER_NETWORK = "rede-sul-certificacao"
AMBORO_PRODUCTS = ("Café tostado en grano", "Café pergamino", "Miel de abeja")

# handle: (Telegram id, name, username, organization and role, networks reviewed for)
PEOPLE = {
    "hilda": (900_000_001, "Hilda Justiniano Rojas", None, ("cafe-amboro", MemberRole.ADMIN), ()),
    "reina": (900_000_002, "Reina Suárez Vaca", None, ("cafe-amboro", MemberRole.PRODUCER), (NETWORK,)),
    "norma": (900_000_004, "Norma Añez Cuéllar", None, ("cafe-amboro", MemberRole.PRODUCER), (NETWORK,)),
    "juana": (900_000_006, "Juana Condori Quispe", None, ("coraca-irupana", MemberRole.PRODUCER), (NETWORK,)),
    "carmen": (900_000_101, "Carmen Gutiérrez Ribera", "carmen_gr", None, (NETWORK,)),
    "victoria": (900_000_109, "Victoria Apaza Limachi", None, None, (NETWORK,)),
    "rocio": (900_000_301, "Rocío Zambrana Ortiz", "rocio_agro", None, (NETWORK,)),
    "daniela": (900_000_302, "Daniela Fontana", None, None, (NETWORK, OTHER_NETWORK)),
    "pedro": (900_000_401, "Pedro Mamani", "pedro_m", None, ()),
    "lurdes": (900_000_024, "Lurdes Klein", None, None, (OTHER_NETWORK,)),
}


# Who sits on the committees of the networks they review for (the committee records visits and acts on seals).
COMMITTEE = {"reina", "norma", "juana", "carmen", "rocio", "daniela", "lurdes"}


@dataclass(frozen=True)
class SealWorld:
    people: dict[str, int]
    products: dict[str, int]  # product id by name, both organizations


async def make_seal_world() -> SealWorld:
    places = await bolivia()
    amboro = await organization("cafe-amboro", places["bo-scz"], name="Asociación de Productores de Café Amboró")
    irupana = await organization("coraca-irupana", places["bo-lpz-irupana"], name="CORACA Irupana")
    organizations = {"cafe-amboro": amboro, "coraca-irupana": irupana}
    products = {name: (await product(amboro, name, category_code="coffee")).id for name in AMBORO_PRODUCTS}
    products["Quinua real"] = (await product(irupana, "Quinua real", category_code="grains")).id
    networks = {slug: await network(slug, places["bo"]) for slug in (NETWORK, OTHER_NETWORK)}
    people = {}
    for handle, (telegram_user_id, name, username, membership, reviews_for) in PEOPLE.items():
        person = await Person.create(name=name, telegram_user_id=telegram_user_id, username=username)
        people[handle] = person.id
        if membership:
            await Member.create(organization=organizations[membership[0]], person=person, role=membership[1])
        for slug in reviews_for:
            await PgsReviewer.create(network=networks[slug], person=person, committee=handle in COMMITTEE)
    return SealWorld(people, products)


async def proposed_visit(
    network_id: int, organization_id: int, product_ids: Sequence[int], *, lead: int,
    signatures: Sequence[tuple[int, ReviewerRole, SignatureStatus]], answers: Sequence[NormAnswer] = (
        NormAnswer.YES, NormAnswer.YES), conditions: Sequence[tuple[str, dt.date]] = (),
    proposal: VisitProposal = VisitProposal.GRANT, visited_on: dt.date | None = None, requested_by: int | None = None,
    findings: str = "Parcelas bajo sombra, sin agroquímicos.",
) -> PeerReview:
    """A visit at stage proposed, as the visits' flow (another part) leaves it: a checklist answered, photos,
    signatures agreed, disagreed or still invited, the proposal and its conditions (no seal yet), perhaps a request."""
    visited_on = visited_on or clock.today() - dt.timedelta(days=3)
    version = await PgsChecklist.filter(network_id=network_id).count() + 1
    checklist = await PgsChecklist.create(network_id=network_id, version=version)
    norms = [await PgsNorm.create(checklist=checklist, position=i, text=text)
             for i, text in enumerate(("Semillas propias o de la red", "Sin agroquímicos de síntesis"), start=1)]
    request = None
    if requested_by is not None:
        request = await VisitRequest.create(network_id=network_id, organization_id=organization_id,
                                            requested_by_id=requested_by, status=VisitRequestStatus.TAKEN,
                                            taken_by_id=lead, taken_at=clock.now())
    review = await PeerReview.create(
        network_id=network_id, organization_id=organization_id, visited_on=visited_on, findings=findings,
        decision=ReviewDecision.PENDING, stage=ReviewStage.PROPOSED, checklist=checklist, proposal=proposal,
        proposed_at=clock.now(), recorded_by_id=lead, request=request)
    for product_id in product_ids:
        await PeerReviewProduct.create(review=review, product_id=product_id)
    for norm, answer in zip(norms, answers, strict=False):
        await PeerReviewAnswer.create(review=review, norm=norm, answer=answer,
                                      observation="Falta barrera viva" if answer == NormAnswer.NO else "")
    for n in range(2):
        await PeerReviewPhoto.create(review=review, file_id=f"photo-{review.id}-{n}", file_unique_id=f"u{review.id}{n}")
    for person_id, role, status in signatures:
        await PeerReviewSignature.create(
            review=review, person_id=person_id, role=role, status=status,
            answered_at=None if status == SignatureStatus.INVITED else clock.now(),
            disagreement="No vi los registros de cosecha" if status == SignatureStatus.DISAGREED else "")
    for position, (text, due_on) in enumerate(conditions, start=1):
        await SealCondition.create(review=review, position=position, text=text, due_on=due_on)
    return review
