"""Recording peer reviews and changing seals: who may sign and act, what a grant, renewal, suspension and revocation do."""

import datetime as dt

import pytest

import market.services.seals.support as seal_support
from market.enums import ReviewDecision, ReviewerRole, SealEventKind, SealStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import (
    Organization,
    PeerReview,
    PeerReviewProduct,
    PeerReviewSignature,
    Person,
    PgsNetwork,
    Seal,
    SealProduct,
)
from market.seal_codes import ALPHABET, is_valid_seal_code, new_seal_code
from market.services.seals.reviews import (
    RecordReview,
    SealHolder,
    Signature,
    find_person,
    list_seal_events,
    record_review,
    reinstate_seal,
    revoke_seal,
    suspend_seal,
)
from market.services.seals.verification import ReviewerCounts, verify_seal
from tests.market.services.catalog_fixtures import TODAY, days
from tests.market.services.seal_world import AMBORO_PRODUCTS, NETWORK, make_seal_world

PRODUCER, CONSUMER, TECHNICIAN = ReviewerRole.PRODUCER, ReviewerRole.CONSUMER, ReviewerRole.TECHNICIAN


@pytest.fixture
async def world(db):
    return await make_seal_world()


def signed(world, *pairs):
    return tuple(Signature(world.people[handle], role) for handle, role in pairs)


OUTSIDERS = (("juana", PRODUCER), ("carmen", CONSUMER), ("rocio", TECHNICIAN))
# Juana belongs to CORACA Irupana; Reina, of Café Amboró, is an outside producer there.
FOR_IRUPANA = (("reina", PRODUCER), ("victoria", CONSUMER))


async def review(world, *, signers=OUTSIDERS, decision=ReviewDecision.GRANT, visited_on=days(-10), by="rocio",
                 organization="cafe-amboro", producer_person_id=None, seal_code=None, products=AMBORO_PRODUCTS,
                 today=TODAY):
    command = RecordReview(
        visited_on=visited_on, decision=decision, signatures=signed(world, *signers), network_slug=NETWORK,
        holder=SealHolder(organization, producer_person_id) if organization else None, seal_code=seal_code,
        products=products, findings="Café bajo sombra, sin agroquímicos.",
    )
    return await record_review(command, acting_person_id=world.people[by], today=today)


async def kinds(code):
    return [e.kind for e in await list_seal_events(code)]


# Granting


async def test_an_outside_producer_and_an_outside_consumer_grant_a_seal_for_a_year_from_the_visit(world):
    recorded = await review(world, visited_on=dt.date(2026, 3, 1))

    seal = recorded.seal
    assert is_valid_seal_code(seal.code)
    assert (seal.status, seal.valid_today, seal.valid_from, seal.valid_until) == (
        SealStatus.GRANTED, True, dt.date(2026, 3, 1), dt.date(2027, 3, 1)
    )
    assert recorded.event == SealEventKind.GRANTED and recorded.products == AMBORO_PRODUCTS
    stored = await Seal.get(code=seal.code)
    scope = await SealProduct.filter(seal=stored).values_list("product__name", flat=True)
    assert sorted(scope) == sorted(AMBORO_PRODUCTS)
    verification = await verify_seal(seal.code, today=TODAY)
    assert verification.last_review_on == dt.date(2026, 3, 1)
    assert verification.last_review_reviewers == ReviewerCounts(producer=1, consumer=1, technician=1)


async def test_each_signature_is_recorded_as_its_reviewers_own_and_the_recorder_is_the_acting_person(world):
    recorded = await review(world)

    signatures = await PeerReviewSignature.filter(review_id=recorded.id).values_list("person_id", "role")
    assert sorted(signatures) == sorted((world.people[h], role) for h, role in OUTSIDERS)
    stored = await PeerReview.get(id=recorded.id)
    assert (stored.recorded_by_id, stored.decision) == (world.people["rocio"], ReviewDecision.GRANT)
    [event] = await list_seal_events(recorded.seal.code)
    assert (event.kind, event.by_person_name, event.review_id) == (
        SealEventKind.GRANTED, "Rocío Zambrana Ortiz", recorded.id
    )


async def test_a_review_signed_only_by_members_of_the_reviewed_organization_cannot_grant(world):
    with pytest.raises(Invalid) as refused:
        await review(world, signers=(("reina", PRODUCER), ("norma", CONSUMER), ("rocio", TECHNICIAN)))

    assert refused.value.code == "signatures_insufficient"
    assert refused.value.params == {"reasons": ("no_outside_producer", "no_outside_consumer")}
    assert await Seal.all().count() == 0 and await PeerReview.all().count() == 0


async def test_a_member_signing_as_consumer_leaves_the_review_without_an_outside_consumer(world):
    with pytest.raises(Invalid) as refused:
        await review(world, signers=(("juana", PRODUCER), ("norma", CONSUMER)))

    assert refused.value.params == {"reasons": ("no_outside_consumer",)}


async def test_technicians_alone_cannot_grant(world):
    with pytest.raises(Invalid) as refused:
        await review(world, signers=(("rocio", TECHNICIAN), ("daniela", TECHNICIAN)))

    assert refused.value.code == "signatures_insufficient"
    assert refused.value.params == {"reasons": ("no_outside_producer", "no_outside_consumer")}


async def test_a_member_signing_beside_outsiders_is_recorded_but_does_not_stop_the_grant(world):
    recorded = await review(world, signers=OUTSIDERS + (("reina", PRODUCER),))

    assert recorded.seal.status == SealStatus.GRANTED
    assert {s.name: s.member_of_reviewed for s in recorded.signatures}["Reina Suárez Vaca"] is True


async def test_a_holder_with_a_live_seal_is_told_to_renew_it_rather_than_given_a_second(world):
    first = await review(world)

    with pytest.raises(Conflict) as refused:
        await review(world, visited_on=days(-2))

    assert refused.value.code == "seal_already_granted" and refused.value.params["seal_code"] == first.seal.code


async def test_a_pending_review_creates_no_seal(world):
    recorded = await review(world, decision=ReviewDecision.PENDING, signers=(("juana", PRODUCER),))

    assert recorded.seal is None and recorded.event is None
    assert await Seal.all().count() == 0 and await PeerReview.filter(seal=None).count() == 1


async def test_a_grant_of_a_seal_in_review_keeps_the_code_it_was_requested_under(world):
    requested = await Seal.create(
        code="K7HMQ2RW", network=await PgsNetwork.get(slug=NETWORK),
        organization=await Organization.get(slug="cafe-amboro"), status=SealStatus.IN_REVIEW,
    )

    granted = await review(world, seal_code="k7hm-q2rw")

    assert (granted.seal.code, granted.seal.status) == (requested.code, SealStatus.GRANTED)
    assert await kinds(requested.code) == [SealEventKind.GRANTED]


async def test_a_pending_or_denied_review_is_recorded_and_changes_no_seal(world):
    granted = await review(world, visited_on=days(-100))

    for decision in (ReviewDecision.PENDING, ReviewDecision.DENY):
        recorded = await review(world, decision=decision, visited_on=days(-1), signers=(("juana", PRODUCER),),
                                products=())
        assert recorded.event is None and recorded.seal == granted.seal

    assert await kinds(granted.seal.code) == [SealEventKind.GRANTED]
    assert await PeerReview.filter(seal__code=granted.seal.code).count() == 3


# Who may sign and act


async def test_a_person_who_is_not_a_reviewer_of_the_network_may_not_record_a_review(world):
    for outsider in ("pedro", "lurdes"):
        with pytest.raises(Forbidden) as refused:
            await review(world, by=outsider)

        assert refused.value.code == "not_a_reviewer" and refused.value.params["network"] == NETWORK
    assert await PeerReview.all().count() == 0


async def test_a_reviewer_who_is_a_member_of_the_organization_may_not_act_on_its_review(world):
    with pytest.raises(Forbidden) as refused:
        await review(world, by="reina")

    assert refused.value.code == "member_of_reviewed_organization"


async def test_every_signer_must_be_a_reviewer_of_the_network(world):
    with pytest.raises(Forbidden) as refused:
        await review(world, signers=(("juana", PRODUCER), ("pedro", CONSUMER)))

    assert refused.value.code == "not_a_reviewer" and refused.value.params["person"] == "Pedro Mamani"


async def test_one_person_signs_once_and_not_in_two_roles(world):
    with pytest.raises(Invalid) as refused:
        await review(world, signers=(("juana", PRODUCER), ("juana", CONSUMER)))

    assert refused.value.code == "duplicate_signer"


async def test_products_in_scope_must_be_the_reviewed_organizations(world):
    with pytest.raises(Invalid) as refused:
        await review(world, products=("Café tostado en grano", "Quinua real"))

    assert refused.value.code == "product_not_of_organization" and refused.value.params["product"] == "Quinua real"


async def test_products_are_named_by_id_or_by_name_without_minding_accents_or_case(world):
    recorded = await review(world, products=("CAFE TOSTADO EN GRANO", world.products["Miel de abeja"]))

    assert recorded.products == ("Café tostado en grano", "Miel de abeja")


async def test_a_reviewed_producer_must_belong_to_the_organization(world):
    granted = await review(world, producer_person_id=world.people["reina"])
    assert (await Seal.get(code=granted.seal.code)).producer_id == world.people["reina"]

    with pytest.raises(Invalid) as refused:
        await review(world, producer_person_id=world.people["juana"])

    assert refused.value.code == "producer_not_of_organization"


@pytest.mark.parametrize("visited_on, code", [(days(1), "visit_in_future"), (days(-400), "visit_too_old")])
async def test_a_visit_must_have_happened_and_be_recent_enough_to_vouch_for_today(world, visited_on, code):
    with pytest.raises(Invalid) as refused:
        await review(world, visited_on=visited_on)

    assert refused.value.code == code


# Validity and renewal


async def test_an_expired_seal_never_shows_as_valid(world):
    code = (await review(world, visited_on=days(-10))).seal.code
    last_day = days(-10 + 365)

    on_last_day = await verify_seal(code, today=last_day)
    after = [await verify_seal(code, today=last_day + dt.timedelta(days=n)) for n in (1, 30, 3650)]

    assert (on_last_day.status, on_last_day.valid_today) == (SealStatus.GRANTED, True)
    assert {(v.status, v.valid_today) for v in after} == {(SealStatus.EXPIRED, False)}


async def test_a_renewal_keeps_the_code_extends_the_validity_and_writes_an_event(world):
    granted = await review(world, visited_on=days(-300))

    renewed = await review(world, decision=ReviewDecision.RENEW, visited_on=days(-5), seal_code=granted.seal.code,
                           signers=(("juana", PRODUCER), ("victoria", CONSUMER)), organization=None, products=())

    assert renewed.seal.code == granted.seal.code and renewed.event == SealEventKind.RENEWED
    assert (renewed.seal.valid_from, renewed.seal.valid_until) == (days(-300), days(360))
    assert await kinds(granted.seal.code) == [SealEventKind.GRANTED, SealEventKind.RENEWED]
    assert (await verify_seal(granted.seal.code, today=TODAY)).last_review_on == days(-5)
    assert await Seal.all().count() == 1


async def test_an_expired_seal_is_renewed_by_a_new_review_and_runs_again_from_that_visit(world):
    code = (await review(world, visited_on=days(-400), today=days(-390))).seal.code
    assert (await verify_seal(code, today=TODAY)).status == SealStatus.EXPIRED

    renewed = await review(world, decision=ReviewDecision.RENEW, visited_on=days(-2))

    assert renewed.seal.code == code
    assert (renewed.seal.status, renewed.seal.valid_today) == (SealStatus.GRANTED, True)
    # The days between its old last day and the visit stay uncovered.
    assert (renewed.seal.valid_from, renewed.seal.valid_until) == (days(-2), days(363))


async def test_a_renewal_may_narrow_the_scope_and_the_first_reviews_scope_stays_on_record(world):
    granted = await review(world, visited_on=days(-300))

    await review(world, decision=ReviewDecision.RENEW, visited_on=days(-5), products=("Miel de abeja",))

    seal = await Seal.get(code=granted.seal.code)
    assert await SealProduct.filter(seal=seal).values_list("product__name", flat=True) == ["Miel de abeja"]
    first_scope = await PeerReviewProduct.filter(review_id=granted.id).values_list("product__name", flat=True)
    assert sorted(first_scope) == sorted(AMBORO_PRODUCTS)


async def test_a_renewal_needs_an_outside_producer_and_consumer_too(world):
    await review(world, visited_on=days(-300))

    with pytest.raises(Invalid) as refused:
        await review(world, decision=ReviewDecision.RENEW, visited_on=days(-5), signers=(("rocio", TECHNICIAN),))

    assert refused.value.code == "signatures_insufficient"


async def test_a_renewal_visit_may_not_predate_the_visit_that_granted_the_seal(world):
    await review(world, visited_on=days(-30))

    with pytest.raises(Invalid) as refused:
        await review(world, decision=ReviewDecision.RENEW, visited_on=days(-40))

    assert refused.value.code == "visit_before_last_review"


async def test_there_is_nothing_to_renew_for_a_holder_without_a_seal(world):
    with pytest.raises(Invalid) as refused:
        await review(world, decision=ReviewDecision.RENEW)

    assert refused.value.code == "no_seal_to_renew"


# Suspension, reinstatement, revocation


async def test_a_suspension_needs_a_reason_shows_in_verification_and_a_reinstatement_makes_it_valid_again(world):
    code = (await review(world)).seal.code
    rocio = world.people["rocio"]
    with pytest.raises(Invalid) as refused:
        await suspend_seal(code, reason="   ", acting_person_id=rocio, today=TODAY)
    assert refused.value.code == "reason_missing"

    await suspend_seal(code, reason="Deriva de agroquímicos del vecino.", acting_person_id=rocio, today=TODAY)
    suspended = await verify_seal(code, today=TODAY)
    reinstated = await reinstate_seal(code, acting_person_id=rocio, today=TODAY)

    assert (suspended.status, suspended.valid_today) == (SealStatus.SUSPENDED, False)
    assert suspended.status_reason == "Deriva de agroquímicos del vecino."
    assert (reinstated.status, reinstated.valid_today, reinstated.status_reason) == (SealStatus.GRANTED, True, "")
    assert (await verify_seal(code, today=TODAY)).valid_today
    events = await list_seal_events(code)
    assert [(e.kind, e.reason) for e in events] == [
        (SealEventKind.GRANTED, ""),
        (SealEventKind.SUSPENDED, "Deriva de agroquímicos del vecino."),
        (SealEventKind.REINSTATED, ""),
    ]


async def test_a_renewal_visit_lifts_a_suspension(world):
    code = (await review(world, visited_on=days(-200))).seal.code
    await suspend_seal(code, reason="Falta barrera vegetal.", acting_person_id=world.people["daniela"], today=TODAY)

    renewed = await review(world, decision=ReviewDecision.RENEW, visited_on=days(-1))

    assert (renewed.seal.status, renewed.seal.status_reason, renewed.seal.valid_today) == (SealStatus.GRANTED, "", True)


async def test_a_revoked_seal_can_never_be_reinstated_renewed_or_suspended(world):
    code = (await review(world, visited_on=days(-200))).seal.code
    rocio = world.people["rocio"]
    await revoke_seal(code, reason="Uso comprobado de herbicida.", acting_person_id=rocio, today=TODAY)

    refusals = []
    for attempt in (
        reinstate_seal(code, acting_person_id=rocio, today=TODAY),
        suspend_seal(code, reason="otra vez", acting_person_id=rocio, today=TODAY),
        revoke_seal(code, reason="otra vez", acting_person_id=rocio, today=TODAY),
        review(world, decision=ReviewDecision.RENEW, seal_code=code, visited_on=days(-1)),
        review(world, decision=ReviewDecision.GRANT, seal_code=code, visited_on=days(-1)),
    ):
        with pytest.raises(Conflict) as refused:
            await attempt
        refusals.append(refused.value.code)

    assert refusals == ["seal_revoked"] * 5
    verification = await verify_seal(code, today=TODAY)
    assert (verification.status, verification.status_reason) == (SealStatus.REVOKED, "Uso comprobado de herbicida.")
    assert await kinds(code) == [SealEventKind.GRANTED, SealEventKind.REVOKED]


async def test_after_a_revocation_a_new_grant_gives_the_holder_a_new_seal_under_a_new_code(world):
    old = (await review(world, visited_on=days(-200))).seal.code
    await revoke_seal(old, reason="Uso de herbicida.", acting_person_id=world.people["rocio"], today=TODAY)

    new = (await review(world, visited_on=days(-1))).seal.code

    assert new != old and (await verify_seal(old, today=TODAY)).status == SealStatus.REVOKED


async def test_a_revocation_needs_a_reason(world):
    code = (await review(world)).seal.code

    with pytest.raises(Invalid) as refused:
        await revoke_seal(code, reason="", acting_person_id=world.people["rocio"], today=TODAY)

    assert refused.value.code == "reason_missing"


@pytest.mark.parametrize("who, code", [("pedro", "not_a_reviewer"), ("lurdes", "not_a_reviewer"),
                                       ("norma", "member_of_reviewed_organization")])
async def test_only_an_outside_reviewer_of_the_network_suspends_reinstates_or_revokes(world, who, code):
    seal_code = (await review(world)).seal.code
    person = world.people[who]

    for change in (
        suspend_seal(seal_code, reason="x", acting_person_id=person, today=TODAY),
        reinstate_seal(seal_code, acting_person_id=person, today=TODAY),
        revoke_seal(seal_code, reason="x", acting_person_id=person, today=TODAY),
    ):
        with pytest.raises(Forbidden) as refused:
            await change
        assert refused.value.code == code

    assert await kinds(seal_code) == [SealEventKind.GRANTED]


async def test_suspending_an_expired_seal_or_reinstating_a_valid_one_is_refused(world):
    code = (await review(world, visited_on=days(-400), today=days(-390))).seal.code
    rocio = world.people["rocio"]

    with pytest.raises(Conflict) as expired:
        await suspend_seal(code, reason="x", acting_person_id=rocio, today=TODAY)
    with pytest.raises(Conflict) as not_suspended:
        await reinstate_seal(code, acting_person_id=rocio, today=days(-300))

    assert (expired.value.code, not_suspended.value.code) == ("seal_expired", "seal_not_suspended")


async def test_an_unknown_code_is_not_found(world):
    with pytest.raises(NotFound) as refused:
        await suspend_seal("K7HM-Q2RW", reason="x", acting_person_id=world.people["rocio"], today=TODAY)

    assert refused.value.code == "seal_not_found"


# Codes


async def test_codes_are_unique_from_the_alphabet_and_unrelated_to_each_other(world):
    first = (await review(world)).seal.code
    second = (await review(world, organization="coraca-irupana", products=("Quinua real",), signers=FOR_IRUPANA)).seal.code

    assert first != second and all(is_valid_seal_code(c) for c in (first, second))

    def number(code):
        return sum(ALPHABET.index(c) * len(ALPHABET) ** i for i, c in enumerate(reversed(code)))

    # Consecutive grants do not draw neighbouring codes: a guesser cannot walk from one to the next.
    assert abs(number(first) - number(second)) > len(ALPHABET) ** 4


async def test_a_code_already_taken_is_drawn_again(world, monkeypatch):
    taken = (await review(world)).seal.code
    draws = iter([taken, taken, "K7HMQ2RW"])
    monkeypatch.setattr(seal_support, "new_seal_code", lambda: next(draws))

    recorded = await review(world, organization="coraca-irupana", products=("Quinua real",), signers=FOR_IRUPANA)

    assert recorded.seal.code == "K7HMQ2RW"


def test_fresh_codes_use_only_the_alphabet_and_do_not_repeat():
    codes = {new_seal_code() for _ in range(2000)}

    assert len(codes) == 2000 and all(is_valid_seal_code(c) for c in codes)


# People named on the command line


@pytest.mark.parametrize("handle", ["@rocio_agro", "ROCIO_AGRO", "900000301", "Rocío Zambrana Ortiz"])
async def test_a_person_is_found_by_username_telegram_id_or_exact_name(world, handle):
    assert (await find_person(handle)).id == world.people["rocio"]


async def test_a_handle_that_names_nobody_or_several_people_is_refused(world):
    await Person.create(name="Rocío Zambrana Ortiz", telegram_user_id=1)

    with pytest.raises(NotFound):
        await find_person("@nadie")
    with pytest.raises(Invalid) as ambiguous:
        await find_person("Rocío Zambrana Ortiz")

    assert ambiguous.value.code == "person_ambiguous"


async def test_when_every_draw_is_taken_the_grant_is_refused_and_nothing_is_written(world, monkeypatch):
    taken = (await review(world)).seal.code
    monkeypatch.setattr(seal_support, "new_seal_code", lambda: taken)

    with pytest.raises(Conflict) as refused:
        await review(world, organization="coraca-irupana", products=("Quinua real",), signers=FOR_IRUPANA)

    assert refused.value.code == "seal_code_unavailable"
    assert await Seal.all().count() == 1 and await PeerReview.all().count() == 1


@pytest.mark.parametrize("named", [{}, {"network_slug": NETWORK}, {"holder": SealHolder("cafe-amboro")}])
def test_a_review_names_a_network_and_a_holder_or_a_seal(named):
    with pytest.raises(Invalid) as refused:
        RecordReview(visited_on=days(-1), decision=ReviewDecision.GRANT, signatures=(Signature(1, PRODUCER),), **named)

    assert refused.value.code == "review_holder_missing"


async def test_a_review_naming_a_seal_of_another_holder_is_refused(world):
    amboro = (await review(world)).seal.code

    with pytest.raises(Invalid) as refused:
        await review(world, organization="coraca-irupana", products=("Quinua real",), signers=FOR_IRUPANA,
                     seal_code=amboro, decision=ReviewDecision.RENEW)

    assert refused.value.code == "seal_of_another_holder"


async def test_a_renewal_of_a_producers_seal_by_its_code_keeps_the_producer(world):
    granted = await review(world, producer_person_id=world.people["reina"], visited_on=days(-100))

    renewed = await review(world, decision=ReviewDecision.RENEW, seal_code=granted.seal.code, organization=None,
                           visited_on=days(-1), products=())

    assert renewed.seal.code == granted.seal.code
    assert (await PeerReview.get(id=renewed.id)).producer_id == world.people["reina"]
