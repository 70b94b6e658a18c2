"""A network's committee admits reviewers with a role and an organization, keeps its seats, its norms document and
its checklist versions (market.services.seals.committee); the network is built through the services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from market.enums import DecisionKind, NetworkStatus, ReviewerRole
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import Notification, Organization, PgsChecklist, PgsNetwork, PgsNorm, PgsReviewer, Territory
from market.services.operators import roles
from market.services.operators.decisions import decide
from market.services.seals.committee import (
    admit_reviewer,
    change_reviewer,
    checklist_version,
    current_checklist,
    deactivate_reviewer,
    get_reviewer,
    network_page,
    new_checklist,
    reviewer_organizations,
    set_committee,
    set_named_publicly,
    set_norms,
)
from market.services.seals.networks import register_network
from tests.market.services.seal_world import make_seal_world

PRODUCER, CONSUMER, TECHNICIAN = ReviewerRole.PRODUCER, ReviewerRole.CONSUMER, ReviewerRole.TECHNICIAN
NORMS = "Sin agrotóxicos sintéticos en los últimos 3 años\nSemillas propias o de intercambio\nFuente de agua protegida"


@dataclass(frozen=True)
class Committee:
    network_id: int
    people: dict[str, int]
    amboro: int  # Reina's organization
    irupana: int  # Juana's

    def __getattr__(self, handle: str) -> int:
        return self.people[handle]


@pytest.fixture
async def w(db) -> Committee:
    """Rocío registers the Red SPG del Chaco; an operator approves it: she sits on its committee alone."""
    world = await make_seal_world()
    people = world.people
    await roles.add_operator(people["pedro"], by=roles.COMMAND_LINE)
    santa_cruz = await Territory.get(code="bo-scz")
    network = await register_network(by_person_id=people["rocio"], name="Red SPG del Chaco", territory_id=santa_cruz.id,
                                      norms="https://example.org/normas.pdf")
    await decide(DecisionKind.PGS_NETWORK, network.id, approve=True, by_person_id=people["pedro"])
    amboro = await Organization.get(slug="cafe-amboro")
    irupana = await Organization.get(slug="coraca-irupana")
    return Committee(network.id, people, amboro.id, irupana.id)


async def test_the_committee_admits_a_producer_from_their_organization_and_they_are_asked_about_their_name(w):
    admitted = await admit_reviewer(w.network_id, w.reina, role=PRODUCER, organization_id=w.amboro,
                                    by_person_id=w.rocio)

    assert admitted.added_now
    assert (admitted.reviewer.role, admitted.reviewer.organization_name) == (
        PRODUCER, "Asociación de Productores de Café Amboró")
    assert not admitted.reviewer.named_publicly and not admitted.reviewer.committee
    told = await Notification.filter(person_id=w.reina, template="reviewer_named").values_list("params", flat=True)
    assert told == [{"network_id": w.network_id, "by_person_id": w.rocio}]


async def test_admitting_an_active_reviewer_again_changes_nothing_and_tells_nobody(w):
    await admit_reviewer(w.network_id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.rocio)

    again = await admit_reviewer(w.network_id, w.carmen, role=TECHNICIAN, organization_id=None, by_person_id=w.rocio)

    assert not again.added_now and again.reviewer.role == CONSUMER
    assert await Notification.filter(person_id=w.carmen, template="reviewer_named").count() == 1


async def test_readmitting_an_inactive_reviewer_reactivates_them_in_the_new_role(w):
    await admit_reviewer(w.network_id, w.juana, role=CONSUMER, organization_id=None, by_person_id=w.rocio)
    await set_named_publicly(w.network_id, person_id=w.juana, named=True)
    await deactivate_reviewer(w.network_id, w.juana, by_person_id=w.rocio)

    again = await admit_reviewer(w.network_id, w.juana, role=PRODUCER, organization_id=w.irupana,
                                 by_person_id=w.rocio)

    assert again.added_now
    assert (again.reviewer.role, again.reviewer.organization_id, again.reviewer.named_publicly) == (
        PRODUCER, w.irupana, False)
    assert await PgsReviewer.filter(network_id=w.network_id, person_id=w.juana).count() == 1
    assert await Notification.filter(person_id=w.juana, template="reviewer_named").count() == 2


@pytest.mark.parametrize(("handle", "role", "organization", "code"), [
    ("carmen", PRODUCER, None, "producer_reviewer_needs_organization"),
    ("carmen", CONSUMER, "amboro", "reviewer_organization_not_theirs"),
    ("juana", PRODUCER, "amboro", "reviewer_organization_not_theirs"),
])
async def test_a_reviewers_organization_must_be_theirs_and_a_producer_needs_one(w, handle, role, organization, code):
    with pytest.raises(Invalid) as refused:
        await admit_reviewer(w.network_id, w.people[handle], role=role,
                             organization_id=getattr(w, organization) if organization else None, by_person_id=w.rocio)

    assert refused.value.code == code
    assert not await PgsReviewer.exists(network_id=w.network_id, person_id=w.people[handle])


async def test_the_organizations_offered_are_the_persons_approved_memberships(w):
    assert [o.name for o in await reviewer_organizations(w.juana)] == ["CORACA Irupana"]
    assert await reviewer_organizations(w.carmen) == ()


async def test_only_the_committee_admits_not_a_reviewer_off_it_nor_one_of_another_network(w):
    await admit_reviewer(w.network_id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.rocio)

    for outsider in (w.carmen, w.lurdes, w.hilda):  # off the committee, another network's, a stranger to it
        with pytest.raises(Forbidden) as refused:
            await admit_reviewer(w.network_id, w.victoria, role=CONSUMER, organization_id=None, by_person_id=outsider)
        assert refused.value.code == "not_on_committee"
    assert not await PgsReviewer.exists(network_id=w.network_id, person_id=w.victoria)


async def test_a_waiting_network_admits_nobody(w):
    waiting = await register_network(by_person_id=w.daniela, name="Red SPG Nueva", territory_id=(
        await Territory.get(code="bo-scz")).id)
    await PgsReviewer.create(network_id=waiting.id, person_id=w.daniela, committee=True)

    with pytest.raises(Conflict) as refused:
        await admit_reviewer(waiting.id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.daniela)

    assert refused.value.code == "network_not_approved"


async def test_the_committee_changes_a_reviewers_role_and_seats_them(w):
    await admit_reviewer(w.network_id, w.juana, role=CONSUMER, organization_id=None, by_person_id=w.rocio)

    changed = await change_reviewer(w.network_id, w.juana, role=PRODUCER, organization_id=w.irupana,
                                    by_person_id=w.rocio)
    seated = await set_committee(w.network_id, w.juana, on=True, by_person_id=w.rocio)
    # Juana, now on the committee, admits someone herself.
    await admit_reviewer(w.network_id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.juana)

    assert (changed.role, changed.organization_name) == (PRODUCER, "CORACA Irupana")
    assert seated.committee
    assert await PgsReviewer.exists(network_id=w.network_id, person_id=w.carmen, active=True)


async def test_the_last_committee_member_is_never_taken_off_nor_stopped(w):
    with pytest.raises(Conflict) as off:
        await set_committee(w.network_id, w.rocio, on=False, by_person_id=w.rocio)
    with pytest.raises(Conflict) as stopped:
        await deactivate_reviewer(w.network_id, w.rocio, by_person_id=w.rocio)

    assert off.value.code == stopped.value.code == "last_committee_member"
    assert await PgsReviewer.exists(network_id=w.network_id, person_id=w.rocio, active=True, committee=True)


async def test_with_two_on_the_committee_one_may_step_off_and_a_stopped_reviewer_leaves_it(w):
    await admit_reviewer(w.network_id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.rocio)
    await set_committee(w.network_id, w.carmen, on=True, by_person_id=w.rocio)

    await set_committee(w.network_id, w.rocio, on=False, by_person_id=w.rocio)
    stopped = await deactivate_reviewer(w.network_id, w.rocio, by_person_id=w.carmen)

    assert not stopped.committee
    assert await PgsReviewer.filter(network_id=w.network_id, active=True, committee=True).values_list(
        "person_id", flat=True) == [w.carmen]
    with pytest.raises(NotFound) as gone:
        await get_reviewer(w.network_id, w.rocio)
    assert gone.value.code == "reviewer_not_found"


async def test_a_reviewer_says_whether_seal_pages_show_their_name_and_changes_it_later(w):
    await admit_reviewer(w.network_id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.rocio)

    shown = await set_named_publicly(w.network_id, person_id=w.carmen, named=True)
    hidden = await set_named_publicly(w.network_id, person_id=w.carmen, named=False)

    assert (shown.named_publicly, hidden.named_publicly) == (True, False)
    with pytest.raises(Forbidden):
        await set_named_publicly(w.network_id, person_id=w.victoria, named=True)


async def test_the_network_page_shows_its_committee_reviewers_by_role_and_checklist_version(w):
    await admit_reviewer(w.network_id, w.juana, role=PRODUCER, organization_id=w.irupana, by_person_id=w.rocio)
    await admit_reviewer(w.network_id, w.carmen, role=CONSUMER, organization_id=None, by_person_id=w.rocio)
    await new_checklist(w.network_id, NORMS, after_version=None, by_person_id=w.rocio)

    page = await network_page(w.network_id, person_id=w.carmen)

    assert page.norms == "https://example.org/normas.pdf"
    assert (page.me.role, page.me.committee) == (CONSUMER, False)
    assert [(r.name, r.role, r.committee) for r in page.reviewers] == [
        ("Rocío Zambrana Ortiz", None, True), ("Juana Condori Quispe", PRODUCER, False),
        ("Carmen Gutiérrez Ribera", CONSUMER, False)]
    assert (page.checklist_version, page.checklist_size) == (1, 3)


async def test_the_committee_writes_the_norms_document_within_its_limit(w):
    await set_norms(w.network_id, "  Reglamento interno aprobado en asamblea.  ", by_person_id=w.rocio)

    with pytest.raises(Invalid) as refused:
        await set_norms(w.network_id, "x" * 2001, by_person_id=w.rocio)

    assert refused.value.code == "network_norms_too_long"
    assert (await PgsNetwork.get(id=w.network_id)).norms == "Reglamento interno aprobado en asamblea."


async def test_a_new_checklist_version_never_changes_the_old_one(w):
    first = await new_checklist(w.network_id, NORMS, after_version=None, by_person_id=w.rocio)

    second = await new_checklist(w.network_id, "Rotación y asociación de cultivos\nRegistro de insumos al día",
                                 after_version=1, by_person_id=w.rocio)

    assert (first.version, second.version) == (1, 2)
    assert (await current_checklist(w.network_id)) == second
    assert (await checklist_version(first.id)) == first
    assert [(n.position, n.text) for n in first.norms] == [
        (1, "Sin agrotóxicos sintéticos en los últimos 3 años"), (2, "Semillas propias o de intercambio"),
        (3, "Fuente de agua protegida")]


async def test_a_version_confirmed_twice_or_after_another_is_written_once(w):
    await new_checklist(w.network_id, NORMS, after_version=None, by_person_id=w.rocio)

    with pytest.raises(Conflict) as refused:
        await new_checklist(w.network_id, NORMS, after_version=None, by_person_id=w.rocio)

    assert refused.value.code == "checklist_changed"
    assert await PgsChecklist.filter(network_id=w.network_id).count() == 1


@pytest.mark.parametrize(("text", "code"), [
    ("", "checklist_norm_count"),
    ("-\n2.", "checklist_norm_count"),
    ("\n".join(f"Norma {n}" for n in range(61)), "checklist_norm_count"),
    ("Semillas propias\nAb", "checklist_norm_length"),
    ("x" * 301, "checklist_norm_length"),
    ("Sin quemas\nsin  QUEMAS", "checklist_norm_repeated"),
])
async def test_a_bad_checklist_is_refused_whole_and_nothing_is_written(w, text, code):
    with pytest.raises(Invalid) as refused:
        await new_checklist(w.network_id, text, after_version=None, by_person_id=w.rocio)

    assert refused.value.code == code
    assert not await PgsChecklist.exists(network_id=w.network_id)
    assert not await PgsNorm.exists(checklist__network_id=w.network_id)


async def test_a_network_without_a_checklist_has_no_current_one(w):
    assert await current_checklist(w.network_id) is None
    with pytest.raises(NotFound):
        await checklist_version(999_999)


async def test_registering_refuses_a_norms_document_over_its_limit(w):
    with pytest.raises(Invalid) as refused:
        await register_network(by_person_id=w.daniela, name="Red SPG Larga", territory_id=(
            await Territory.get(code="bo-scz")).id, norms="x" * 2001)

    assert refused.value.code == "network_norms_too_long"
    assert not await PgsNetwork.exists(name="Red SPG Larga")
    assert (await PgsNetwork.get(id=w.network_id)).status == NetworkStatus.APPROVED
