"""Seal verification by code, and the SQL "valid today" filter agreeing with the seal rule."""

import pytest

from market.demo.seed import seed_demo
from market.enums import ReviewDecision, ReviewerRole, SealStatus
from market.errors import NotFound
from market.models import PeerReview, PeerReviewSignature, Person, Seal
from market.rules.seals import is_valid_on
from market.seal_codes import format_seal_code
from market.services.catalog.badges import valid_seal_filter
from market.services.organizations.refs import OrganizationRef
from market.services.seals.verification import ReviewerCounts, ScopeProduct, verify_seal
from tests.market.rules.test_seals import ROWS
from tests.market.services.catalog_fixtures import TODAY, bolivia, days, organization, product, seal


@pytest.fixture
async def demo(db):
    await seed_demo(TODAY)


async def test_verifying_a_granted_seal_tells_its_network_holder_scope_validity_and_last_review(demo):
    irupana = await Seal.get(organization__slug="coraca-irupana")

    verification = await verify_seal(irupana.code, today=TODAY)

    assert (verification.code, verification.status, verification.valid_today) == (
        irupana.code, SealStatus.GRANTED, True
    )
    assert verification.network_name == "Red de Certificación Participativa de Bolivia"
    assert verification.organization.slug == "coraca-irupana" and verification.organization.country_code == "BO"
    assert [p.name for p in verification.scope] == [
        "Amaranto", "Café orgánico de Yungas", "Miel de abeja de Yungas", "Quinua real"
    ]
    assert (verification.valid_from, verification.valid_until) == (days(-195), days(170))
    # The renewal visit, not the first one, is the last review.
    assert verification.last_review_on == days(-200)
    assert verification.last_review_reviewers == ReviewerCounts(producer=1, consumer=1, technician=1)


async def test_every_demo_seal_verifies_in_the_state_the_demo_left_it_with_no_job_run(demo):
    verified = {
        seal.organization.slug: await verify_seal(seal.code, today=TODAY)
        for seal in await Seal.all().select_related("organization")
    }

    assert {slug: (v.status, v.valid_today) for slug, v in verified.items()} == {
        "coraca-irupana": (SealStatus.GRANTED, True),
        # Stored as granted; its last day has passed.
        "cafe-amboro": (SealStatus.EXPIRED, False),
        "oeca-valles-comarapa": (SealStatus.IN_REVIEW, False),
        "coop-nova-petropolis": (SealStatus.GRANTED, True),
        "agroecologistas-ipe": (SealStatus.SUSPENDED, False),
    }
    # The visit still lacks a consumer's signature, which is why the seal is still in review.
    assert verified["oeca-valles-comarapa"].last_review_reviewers == ReviewerCounts(1, 0, 1)
    assert "Deriva de agrotóxico" in verified["agroecologistas-ipe"].status_reason


@pytest.mark.parametrize("typed", [
    lambda code: code.lower(),
    lambda code: format_seal_code(code),
    lambda code: f"  {format_seal_code(code).lower()}  ",
    lambda code: " ".join(code),
])
async def test_a_code_is_found_however_a_person_types_it(db, typed):
    places = await bolivia()
    await seal(await organization("amboro", places["bo-scz"]), [], code="K7HMQ2RW")

    verification = await verify_seal(typed("K7HMQ2RW"), today=TODAY)

    assert verification.code == "K7HMQ2RW"


# Look-alike characters (0/O, 1/I/L) are not in the alphabet: a code holding one is nobody's,
# even where it looks like a code that exists ("K7HMQ2RW" does, below).
@pytest.mark.parametrize("typed", ["", "K7HM", "K7HMQ2RWX", "K7HM-Q2R0", "K7HMQ2RO", "K1HMQ2RW", "KIHMQ2RW",
                                   "KLHMQ2RW", "K7HM%Q2R", "K7HMQ2R_", "'; DROP TABLE seal; --", "ÑANDUTÍ8"])
async def test_a_malformed_code_is_not_found_rather_than_an_error(db, typed):
    places = await bolivia()
    await seal(await organization("amboro", places["bo-scz"]), [], code="K7HMQ2RW")

    with pytest.raises(NotFound) as refused:
        await verify_seal(typed, today=TODAY)

    assert refused.value.code == "seal_not_found"


async def test_a_well_formed_code_nobody_holds_is_not_found(db):
    places = await bolivia()
    await seal(await organization("amboro", places["bo-scz"]), [], code="K7HMQ2RW")

    with pytest.raises(NotFound) as refused:
        await verify_seal("k7hm-q2rx", today=TODAY)

    assert refused.value.code == "seal_not_found" and refused.value.params == {"seal_code": "K7HMQ2RX"}


async def test_a_seal_never_reviewed_has_no_last_review(db):
    places = await bolivia()
    holder = await organization("amboro", places["bo-scz-comarapa"])
    await seal(holder, [await product(holder, "Tomate")], code="K7HMQ2RW")

    verification = await verify_seal("k7hm-q2rw", today=TODAY)

    assert verification.last_review_on is None and verification.last_review_reviewers is None
    assert verification.organization == OrganizationRef(
        holder.id, "amboro", "Amboro", "association", "bo-scz-comarapa", "Comarapa", "BO"
    )
    assert [p.name for p in verification.scope] == ["Tomate"]
    assert isinstance(verification.scope[0], ScopeProduct) and verification.scope[0].active


async def test_reviewer_counts_count_every_signature_of_the_last_review_by_role(db):
    places = await bolivia()
    holder = await organization("amboro", places["bo-scz"])
    sealed = await seal(holder, [], code="K7HMQ2RW")
    review = await PeerReview.create(
        network_id=sealed.network_id, organization=holder, seal=sealed, visited_on=days(-3),
        decision=ReviewDecision.GRANT,
    )
    roles = [ReviewerRole.PRODUCER, ReviewerRole.PRODUCER, ReviewerRole.CONSUMER, ReviewerRole.TECHNICIAN]
    for n, role in enumerate(roles):
        person = await Person.create(name=f"Revisora {n}", telegram_user_id=100 + n)
        await PeerReviewSignature.create(review=review, person=person, role=role)

    verification = await verify_seal("K7HMQ2RW", today=TODAY)

    assert verification.last_review_reviewers == ReviewerCounts(producer=2, consumer=1, technician=1)


@pytest.mark.parametrize("stored, valid_from, valid_until, today, reads, valid", ROWS)
async def test_the_valid_today_query_agrees_with_the_seal_rule(db, stored, valid_from, valid_until, today, reads,
                                                               valid):
    places = await bolivia()
    holder = await organization("amboro", places["bo-scz"])
    row = await seal(holder, [], status=stored, valid_from=valid_from, valid_until=valid_until)

    found = await Seal.filter(valid_seal_filter(today), id=row.id).exists()

    assert found is valid is is_valid_on(stored, valid_from, valid_until, today)
