"""The committee decides proposed visits and acts on seals: grant, renew, conditions, deny, a condition met, reminders."""

import asyncio

import pytest

from market.enums import (
    NormAnswer,
    ReviewDecision,
    ReviewerRole,
    ReviewStage,
    SealEventKind,
    SealStatus,
    SignatureStatus,
    VisitProposal,
    VisitRequestStatus,
)
from market.errors import Conflict, FeriaError, Forbidden, Invalid
from market.models import (
    Notification,
    Organization,
    PeerReview,
    PgsNetwork,
    Seal,
    SealCondition,
    SealEvent,
    SealProduct,
    VisitRequest,
)
from market.services.alerts.fanout import owe_seal_expiry_alerts
from market.services.catalog.version import current_catalog_version
from market.services.seals.decisions import Condition, decide_visit, visit_record
from market.services.seals.desk import committee_desk, mark_condition_met
from market.services.seals.notices import owe_condition_reminders
from market.services.seals.reviews import suspend_seal
from tests.market.services.catalog_fixtures import TODAY, days
from tests.market.services.seal_world import AMBORO_PRODUCTS, NETWORK, make_seal_world, proposed_visit

PRODUCER, CONSUMER, TECHNICIAN = ReviewerRole.PRODUCER, ReviewerRole.CONSUMER, ReviewerRole.TECHNICIAN
AGREED, DISAGREED, INVITED = SignatureStatus.AGREED, SignatureStatus.DISAGREED, SignatureStatus.INVITED


@pytest.fixture
async def world(db):
    return await make_seal_world()


async def visit(world, *signers, organization="cafe-amboro", **options) -> PeerReview:
    """A visit to Café Amboró (by default) led by Rocío, signed by `signers` (handle, role, status)."""
    network = await PgsNetwork.get(slug=NETWORK)
    org = await Organization.get(slug=organization)
    products = [world.products[n] for n in AMBORO_PRODUCTS] if organization == "cafe-amboro" else [
        world.products["Quinua real"]]
    signatures = [(world.people["rocio"], TECHNICIAN, AGREED)] + [
        (world.people[h], role, status) for h, role, status in (signers or OUTSIDERS)]
    return await proposed_visit(network.id, org.id, products, lead=world.people["rocio"], signatures=signatures,
                                **options)


OUTSIDERS = (("juana", PRODUCER, AGREED), ("victoria", CONSUMER, AGREED))


async def decide(world, review, verdict=VisitProposal.GRANT, by="carmen", **options):
    return await decide_visit(review.id, verdict, by_person_id=world.people[by], today=TODAY, **options)


async def told(template):
    return sorted(await Notification.filter(template=template).values_list("person_id", flat=True))


# The record


async def test_the_record_shows_answers_photos_signatures_and_the_grant_rules_verdict(world):
    review = await visit(world, ("juana", PRODUCER, AGREED), ("victoria", CONSUMER, DISAGREED),
                         ("norma", PRODUCER, INVITED), answers=(NormAnswer.YES, NormAnswer.NO),
                         conditions=(("Barrera viva en el lindero", days(90)),), proposal=VisitProposal.CONDITIONS)

    record = await visit_record(review.id, by_person_id=world.people["carmen"])

    assert record.products == tuple(sorted(AMBORO_PRODUCTS))
    assert (record.checklist_version, record.photos, record.norm_not_met) == (1, 2, True)
    assert [(n.answer, n.observation) for n in record.norms] == [(NormAnswer.YES, ""),
                                                                 (NormAnswer.NO, "Falta barrera viva")]
    assert [(s.status, s.disagreement) for s in record.signatures][1:] == [
        (AGREED, ""), (DISAGREED, "No vi los registros de cosecha"), (INVITED, "")]
    assert record.refusals == ("no_outside_consumer",)  # Victoria disagreed; an invited signature is none
    assert [c.text for c in record.conditions] == ["Barrera viva en el lindero"]


# Granting


async def test_a_committee_member_grants_the_visits_products_for_a_year_and_everyone_concerned_is_told(world):
    hilda = world.people["hilda"]
    review = await visit(world, requested_by=hilda)
    version = await current_catalog_version()

    record = await decide(world, review)

    stored = await PeerReview.get(id=review.id)
    assert (stored.stage, stored.decision, stored.decided_by_id) == (
        ReviewStage.DECIDED, ReviewDecision.GRANT, world.people["carmen"])
    seal = await Seal.get(id=stored.seal_id)
    assert (seal.status, seal.valid_from, seal.valid_until) == (
        SealStatus.GRANTED, review.visited_on, review.visited_on.replace(year=review.visited_on.year + 1))
    scope = await SealProduct.filter(seal=seal).values_list("product_id", flat=True)
    assert sorted(scope) == sorted(world.products[n] for n in AMBORO_PRODUCTS)
    assert await SealEvent.filter(seal=seal).values_list("kind", "review_id") == [(SealEventKind.GRANTED, review.id)]
    assert (await VisitRequest.get(id=review.request_id)).status == VisitRequestStatus.DONE
    assert await current_catalog_version() > version
    assert record.decision == ReviewDecision.GRANT
    assert await told("visit_decided") == [hilda]
    assert await told("visit_outcome") == sorted(world.people[h] for h in ("rocio", "juana", "victoria"))


async def test_a_grant_renews_the_holders_live_seal_under_the_same_code(world):
    first = await visit(world, visited_on=days(-300))
    await decide(world, first)
    code = (await Seal.get(id=(await PeerReview.get(id=first.id)).seal_id)).code

    second = await visit(world)
    record = await decide(world, second, by="juana")

    assert record.decision == ReviewDecision.RENEW and record.renews
    renewed = await Seal.get(code=code)
    assert renewed.valid_until == second.visited_on.replace(year=second.visited_on.year + 1)
    assert await Seal.filter(organization__slug="cafe-amboro").count() == 1


async def test_a_visit_signed_by_producers_only_is_not_granted_and_stays_proposed(world):
    review = await visit(world, ("juana", PRODUCER, AGREED), ("reina", CONSUMER, AGREED))

    with pytest.raises(Invalid) as refused:
        await decide(world, review)

    assert refused.value.code == "signatures_insufficient"
    assert refused.value.params["reasons"] == ("no_outside_consumer",)  # Reina belongs to Café Amboró
    assert (await PeerReview.get(id=review.id)).stage == ReviewStage.PROPOSED
    assert not await Seal.exists() and not await Notification.exists()


async def test_a_norm_not_met_needs_conditions_and_the_proposed_ones_become_the_seals(world):
    review = await visit(world, answers=(NormAnswer.YES, NormAnswer.NO), proposal=VisitProposal.CONDITIONS,
                         conditions=(("Barrera viva en el lindero", days(90)),))

    with pytest.raises(Invalid) as plain:
        await decide(world, review)
    await decide(world, review, VisitProposal.CONDITIONS)

    assert plain.value.code == "norm_not_met"
    seal_id = (await PeerReview.get(id=review.id)).seal_id
    assert await SealCondition.filter(seal_id=seal_id).values_list("text", "due_on") == [
        ("Barrera viva en el lindero", days(90))]


async def test_conditions_typed_by_the_committee_replace_the_proposed_ones(world):
    review = await visit(world, proposal=VisitProposal.CONDITIONS, conditions=(("Registro de colmenas", days(30)),))

    await decide(world, review, VisitProposal.CONDITIONS, conditions=[Condition("Registro de cosecha", days(60))])

    rows = await SealCondition.filter(review_id=review.id).order_by("position").values_list("position", "text",
                                                                                           "seal_id")
    seal_id = (await PeerReview.get(id=review.id)).seal_id
    assert rows == [(1, "Registro de colmenas", None), (2, "Registro de cosecha", seal_id)]


@pytest.mark.parametrize(("conditions", "code"), [
    ([], "conditions_missing"),
    ([Condition("Registro de cosecha", TODAY)], "condition_due_past"),
    ([Condition("x" * 301, days(10))], "condition_too_long"),
])
async def test_conditions_are_refused_without_a_text_or_a_day_to_come(world, conditions, code):
    review = await visit(world)

    with pytest.raises(Invalid) as refused:
        await decide(world, review, VisitProposal.CONDITIONS, conditions=conditions)

    assert refused.value.code == code
    assert (await PeerReview.get(id=review.id)).stage == ReviewStage.PROPOSED


# Denying


async def test_a_denial_needs_its_reason_and_tells_the_admins(world):
    review = await visit(world)

    with pytest.raises(Invalid) as unexplained:
        await decide(world, review, VisitProposal.DENY, reason="  ")
    await decide(world, review, VisitProposal.DENY, reason="Quemas recientes en la parcela")

    assert unexplained.value.code == "reason_missing"
    stored = await PeerReview.get(id=review.id)
    assert (stored.decision, stored.decision_reason, stored.seal_id) == (
        ReviewDecision.DENY, "Quemas recientes en la parcela", None)
    assert await told("visit_decided") == [world.people["hilda"]]


# Once, and only by the committee


async def test_a_visit_is_decided_once_even_by_two_members_at_once(world):
    review = await visit(world)

    results = await asyncio.gather(decide(world, review, by="carmen"), decide(world, review, by="juana"),
                                   return_exceptions=True)

    refused = [r for r in results if isinstance(r, FeriaError)]
    assert [r.code for r in refused] == ["visit_already_decided"]
    assert await SealEvent.filter(review_id=review.id).count() == 1
    with pytest.raises(Conflict):
        await decide(world, review)


@pytest.mark.parametrize(("who", "code"), [
    ("victoria", "not_on_committee"),  # a reviewer, off the committee
    ("lurdes", "not_a_reviewer"),  # on another network's committee
    ("reina", "member_of_reviewed_organization"),  # on the committee, of Café Amboró
    ("pedro", "not_a_reviewer"),
])
async def test_only_the_networks_committee_decides_and_never_on_its_own_organization(world, who, code):
    review = await visit(world)

    with pytest.raises(Forbidden) as refused:
        await decide(world, review, by=who)
    with pytest.raises(Forbidden) as record:
        await visit_record(review.id, by_person_id=world.people[who])

    assert refused.value.code == record.value.code == code
    assert (await PeerReview.get(id=review.id)).stage == ReviewStage.PROPOSED


async def test_a_reviewer_off_the_committee_cannot_suspend_a_seal(world):
    review = await visit(world)
    await decide(world, review)
    code = (await Seal.get(id=(await PeerReview.get(id=review.id)).seal_id)).code

    with pytest.raises(Forbidden) as refused:
        await suspend_seal(code, reason="Uso de agroquímicos", acting_person_id=world.people["victoria"], today=TODAY)

    assert refused.value.code == "not_on_committee"


# Conditions and reminders


async def granted_with_condition(world, due_on):
    review = await visit(world, proposal=VisitProposal.CONDITIONS, conditions=(("Registro de colmenas", due_on),))
    await decide(world, review, VisitProposal.CONDITIONS)
    return await SealCondition.get(review_id=review.id)


async def test_a_condition_found_met_is_recorded_once_and_told_to_the_admins(world):
    condition = await granted_with_condition(world, days(30))

    page = await mark_condition_met(condition.id, by_person_id=world.people["juana"], today=TODAY)
    with pytest.raises(Conflict) as again:
        await mark_condition_met(condition.id, by_person_id=world.people["carmen"], today=TODAY)

    stored = await SealCondition.get(id=condition.id)
    assert (stored.met_on, stored.met_by_id) == (TODAY, world.people["juana"])
    assert page.conditions[0].met_on == TODAY and again.value.code == "condition_already_met"
    assert await SealEvent.filter(kind=SealEventKind.CONDITION_MET).values_list("reason", flat=True) == [
        "Registro de colmenas"]
    assert await told("seal_changed") == [world.people["hilda"]]


async def test_a_condition_past_due_reminds_the_committee_once_and_shows_on_the_desk(world):
    condition = await granted_with_condition(world, days(10))
    later = days(11)

    first = await owe_condition_reminders(later)
    second = await owe_condition_reminders(later)
    desk = await committee_desk(world.people["carmen"], today=later)

    committee = sorted(world.people[h] for h in ("reina", "norma", "juana", "carmen", "rocio", "daniela"))
    assert (first, second) == (len(committee), 0)
    assert await told("condition_due") == committee
    [network] = desk
    assert [(c.id, c.text) for c in network.overdue] == [(condition.id, "Registro de colmenas")]


async def test_a_condition_met_or_not_yet_due_reminds_nobody(world):
    condition = await granted_with_condition(world, days(10))

    before = await owe_condition_reminders(days(10))
    await mark_condition_met(condition.id, by_person_id=world.people["juana"], today=days(5))
    after = await owe_condition_reminders(days(20))

    assert (before, after) == (0, 0)


async def test_a_seal_ending_within_a_month_reminds_the_networks_committee_once(world):
    review = await visit(world, visited_on=days(-340))
    await decide(world, review)

    owed = await owe_seal_expiry_alerts(TODAY)
    again = await owe_seal_expiry_alerts(TODAY)

    committee = sorted(world.people[h] for h in ("reina", "norma", "juana", "carmen", "rocio", "daniela"))
    assert await told("alert_seal_committee") == committee
    assert await told("alert_seal") == [world.people["hilda"]]
    assert (owed, again) == (len(committee) + 1, 0)


async def test_the_desk_lists_the_visits_waiting_for_each_committee_a_person_sits_on(world):
    review = await visit(world)
    await visit(world, organization="coraca-irupana")

    desk = await committee_desk(world.people["daniela"], today=TODAY)
    nobody = await committee_desk(world.people["victoria"], today=TODAY)

    assert [n.name for n in desk] == ["Red red-spg-bolivia", "Red rede-sul-certificacao"]  # by name
    assert [v.organization_name for v in desk[0].visits] == ["Asociación de Productores de Café Amboró",
                                                            "CORACA Irupana"]
    assert desk[0].visits[0].id == review.id and desk[1].visits == ()
    assert nobody == ()

