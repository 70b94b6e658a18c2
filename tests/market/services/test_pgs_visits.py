"""Visits in the chat, at the service layer: a request, taken by one reviewer, filled in, signed by each co-reviewer,
sent to the committee; and what the rules refuse on the way."""

import asyncio

import pytest

from market.enums import NormAnswer, ReviewerRole, ReviewStage, SignatureStatus, VisitProposal, VisitRequestStatus
from market.errors import Conflict, Forbidden, Invalid
from market.models import (
    Notification,
    PeerReview,
    PeerReviewPhoto,
    PeerReviewSignature,
    PgsChecklist,
    PgsNetwork,
    PgsNorm,
    PgsReviewer,
    SealCondition,
    VisitRequest,
)
from market.services.seals import requests, signing, visits
from tests.market.services.catalog_fixtures import TODAY, days
from tests.market.services.seal_world import NETWORK, make_seal_world

ROLES = {"juana": ReviewerRole.PRODUCER, "carmen": ReviewerRole.CONSUMER, "victoria": ReviewerRole.CONSUMER,
         "rocio": ReviewerRole.TECHNICIAN, "reina": ReviewerRole.PRODUCER, "norma": ReviewerRole.PRODUCER}
NORMS = ("Sin agroquímicos de síntesis en los últimos 3 años", "Semilla propia", "Fuente de agua protegida")


@pytest.fixture
async def world(db):
    world = await make_seal_world()
    network = await PgsNetwork.get(slug=NETWORK)
    for handle, role in ROLES.items():
        await PgsReviewer.filter(network=network, person_id=world.people[handle]).update(role=role)
    # Daniela alone sits on the committee here: the one told when a visit is proposed.
    await PgsReviewer.filter(network=network).update(committee=False)
    await PgsReviewer.filter(network=network, person_id=world.people["daniela"]).update(committee=True)
    await PgsChecklist.create(network=network, version=1)
    checklist = await PgsChecklist.create(network=network, version=2)
    for position, text in enumerate(NORMS, 1):
        await PgsNorm.create(checklist=checklist, position=position, text=text)
    world.people["network"] = network.id
    return world


async def asked(world, products=("Café pergamino",)):
    organization = (await requests.admin_organizations(world.people["hilda"]))[0]
    start = await requests.request_start(organization.id, by_person_id=world.people["hilda"])
    return await requests.request_visit(organization.id, start.networks[0].id,
                                        [world.products[p] for p in products], by_person_id=world.people["hilda"])


async def filled(world, answers=(NormAnswer.YES, NormAnswer.YES, NormAnswer.NOT_APPLICABLE),
                 proposal=VisitProposal.GRANT, co_reviewers=("carmen",)):
    request = await asked(world)
    juana = world.people["juana"]
    review_id = await requests.take_request(request.id, by_person_id=juana)
    visit = await visits.set_visit_date(review_id, days(-2), by_person_id=juana, today=TODAY)
    for norm, answer in zip(visit.norms, answers, strict=True):
        await visits.answer_norm(review_id, norm.id, answer, by_person_id=juana)
    for handle in co_reviewers:
        await visits.invite_co_reviewer(review_id, world.people[handle], by_person_id=juana)
    await visits.set_proposal(review_id, proposal, by_person_id=juana)
    return review_id


async def test_an_admin_asks_for_a_visit_and_the_networks_reviewers_outside_the_organization_are_told(world):
    request = await asked(world)

    assert (request.status, request.products) == (VisitRequestStatus.OPEN, ("Café pergamino",))
    told = set(await Notification.filter(template="visit_requested").values_list("person_id", flat=True))
    assert world.people["juana"] in told and world.people["carmen"] in told
    assert world.people["reina"] not in told  # a member of Café Amboró


async def test_a_second_request_to_the_same_network_is_refused(world):
    await asked(world)

    with pytest.raises(Conflict) as refused:
        await asked(world)

    assert refused.value.code == "visit_already_requested"


async def test_only_an_admin_asks_and_withdraws(world):
    organization = (await requests.admin_organizations(world.people["hilda"]))[0]

    with pytest.raises(Forbidden):
        await requests.request_start(organization.id, by_person_id=world.people["reina"])
    request = await asked(world)
    withdrawn = await requests.withdraw_request(request.id, by_person_id=world.people["hilda"])

    assert withdrawn.status == VisitRequestStatus.WITHDRAWN


async def test_a_member_of_the_visited_organization_cannot_take_it(world):
    request = await asked(world)

    with pytest.raises(Forbidden) as refused:
        await requests.take_request(request.id, by_person_id=world.people["reina"])

    assert refused.value.code == "member_of_reviewed_organization"
    assert (await VisitRequest.get(id=request.id)).status == VisitRequestStatus.OPEN


async def test_two_reviewers_taking_at_once_one_gets_it(world):
    request = await asked(world)

    results = await asyncio.gather(
        requests.take_request(request.id, by_person_id=world.people["juana"]),
        requests.take_request(request.id, by_person_id=world.people["carmen"]), return_exceptions=True)

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "int"]
    assert await PeerReview.filter(request_id=request.id).count() == 1


async def test_taking_again_is_the_same_visit(world):
    request = await asked(world)

    first = await requests.take_request(request.id, by_person_id=world.people["juana"])
    again = await requests.take_request(request.id, by_person_id=world.people["juana"])

    assert first == again
    assert await PeerReview.filter(request_id=request.id).count() == 1


async def test_taking_starts_a_draft_with_the_networks_latest_checklist_and_the_requests_products(world):
    review_id = await requests.take_request((await asked(world)).id, by_person_id=world.people["juana"])

    visit = await visits.get_visit(review_id, viewer_id=world.people["juana"])

    assert visit.stage == ReviewStage.DRAFT and visit.checklist_version == 2
    assert [n.text for n in visit.norms] == list(NORMS)
    assert [p.name for p in visit.products if p.visited] == ["Café pergamino"]
    assert visit.lead_id == world.people["juana"]


async def test_a_no_answer_blocks_a_plain_grant(world):
    with pytest.raises(Invalid) as refused:
        await filled(world, answers=(NormAnswer.YES, NormAnswer.NO, NormAnswer.YES))

    assert refused.value.code == "grant_with_a_no"


async def test_a_member_of_the_visited_organization_cannot_be_invited(world):
    review_id = await requests.take_request((await asked(world)).id, by_person_id=world.people["juana"])

    with pytest.raises(Forbidden) as refused:
        await visits.invite_co_reviewer(review_id, world.people["norma"], by_person_id=world.people["juana"])

    assert refused.value.code == "member_of_reviewed_organization"


async def test_photos_are_kept_once(world):
    review_id = await requests.take_request((await asked(world)).id, by_person_id=world.people["juana"])

    first = await visits.add_visit_photo(review_id, "file-1", "uniq-1", by_person_id=world.people["juana"])
    again = await visits.add_visit_photo(review_id, "file-1b", "uniq-1", by_person_id=world.people["juana"])

    assert (first, again) == (True, False)
    assert await PeerReviewPhoto.filter(review_id=review_id).count() == 1


async def test_signed_in_each_chat_then_proposed_the_committee_is_told(world):
    review_id = await filled(world)
    juana, carmen = world.people["juana"], world.people["carmen"]

    sent = await signing.send_for_signatures(review_id, by_person_id=juana)
    with pytest.raises(Conflict):
        await signing.propose_visit(review_id, by_person_id=juana)  # Carmen has not answered
    with pytest.raises(Forbidden):
        await signing.answer_signature(review_id, True, by_person_id=world.people["victoria"])
    first = await signing.answer_signature(review_id, True, by_person_id=carmen)
    second = await signing.answer_signature(review_id, True, by_person_id=carmen)
    proposed = await signing.propose_visit(review_id, by_person_id=juana)

    assert sent.stage == ReviewStage.SIGNING and sent.missing == ("no_outside_consumer",)
    assert (first.answered_now, second.answered_now) == (True, False)
    assert await Notification.filter(template="visit_signed").count() == 1
    assert proposed.stage == ReviewStage.PROPOSED and proposed.proposal == VisitProposal.GRANT
    review = await PeerReview.get(id=review_id)
    assert review.proposed_at is not None
    assert await PeerReviewSignature.filter(review_id=review_id, status=SignatureStatus.AGREED).count() == 2
    told = await Notification.filter(template="visit_proposed").values_list("person_id", "params")
    assert told == [(world.people["daniela"], {"review_id": review_id})]


async def test_a_visit_signed_only_by_producers_cannot_be_proposed_as_a_grant(world):
    review_id = await filled(world, co_reviewers=())
    await signing.send_for_signatures(review_id, by_person_id=world.people["juana"])

    with pytest.raises(Invalid) as refused:
        await signing.propose_visit(review_id, by_person_id=world.people["juana"])

    assert refused.value.code == "signatures_insufficient"
    assert refused.value.params["reasons"] == ("no_outside_consumer",)


async def test_a_grant_with_conditions_keeps_them_unattached_to_a_seal(world):
    review_id = await filled(world, answers=(NormAnswer.YES, NormAnswer.NO, NormAnswer.YES),
                             proposal=VisitProposal.CONDITIONS)
    await visits.add_condition(review_id, "Proteger la vertiente", days(60), by_person_id=world.people["juana"],
                               today=TODAY)

    sent = await signing.send_for_signatures(review_id, by_person_id=world.people["juana"])

    assert [(c.position, c.text) for c in sent.conditions] == [(1, "Proteger la vertiente")]
    assert await SealCondition.filter(review_id=review_id, seal_id__isnull=True).count() == 1


async def test_a_disagreement_needs_its_reason_and_the_withdrawn_visits_request_opens_again(world):
    review_id = await filled(world)
    await signing.send_for_signatures(review_id, by_person_id=world.people["juana"])

    with pytest.raises(Invalid):
        await signing.answer_signature(review_id, False, by_person_id=world.people["carmen"])
    done = await signing.answer_signature(review_id, False, by_person_id=world.people["carmen"],
                                          reason="No estuve en la parcela de café")
    withdrawn = await signing.withdraw_visit(review_id, by_person_id=world.people["juana"])

    assert not done.agreed
    assert withdrawn.stage == ReviewStage.WITHDRAWN
    request = await VisitRequest.get(id=(await PeerReview.get(id=review_id)).request_id)
    assert (request.status, request.taken_by_id) == (VisitRequestStatus.OPEN, None)
