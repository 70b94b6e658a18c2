"""A seal with a history to publish, for the seal page and API tests: written straight into the models.

Café Amboró's seal from the Red SPG Bolivia:
- granted at a visit recorded by the CLI 200 days ago (no checklist), signed by Juana (producer of CORACA
  Irupana, named publicly), Carmen (consumer, not named) and Rocío (technician, not named);
- renewed with conditions after a visit made in the chat 20 days ago, on checklist version 2 (8 yes, 1 not
  applicable, 1 no), decided by the committee 18 days ago. Juana and Carmen agreed; Victoria (consumer) disagreed,
  Daniela (technician, named publicly) was invited and never answered. Three conditions: one met, one pending,
  one past due;
- suspended 10 days ago (a reason buyers read) and reinstated 5 days ago (a note for the network).

The SECRETS are what the network typed for itself: no public page or answer may show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from market import clock
from market.enums import (
    NormAnswer,
    ReviewDecision,
    ReviewerRole,
    ReviewStage,
    SealEventKind,
    SignatureStatus,
    VisitProposal,
)
from market.models import (
    Organization,
    PeerReview,
    PeerReviewAnswer,
    PeerReviewSignature,
    PgsChecklist,
    PgsNetwork,
    PgsNorm,
    PgsReviewer,
    Seal,
    SealCondition,
    SealEvent,
)
from market.services.seals.reviews import (
    RecordReview,
    SealHolder,
    Signature,
    record_review,
    reinstate_seal,
    suspend_seal,
)
from tests.market.services.seal_world import AMBORO_PRODUCTS, NETWORK, make_seal_world
from tests.support.clock import NOW, TODAY

SUSPENSION = "Deriva de agrotóxico de la parcela vecina sobre el café."
SECRETS = {
    "findings of the first visit": "Falta un registro escrito de las colmenas.",
    "findings of the renewal": "Hallazgo reservado: el vecino fumiga los martes.",
    "an observation": "Observación reservada sobre la bodega de don Mario.",
    "a disagreement": "No firmo: vi bolsas de urea detrás del galpón.",
    "the committee's reason": "Razón interna del comité sobre la renovación.",
    "a reinstatement note": "Nota interna: levantada tras llamada con Hilda.",
    "a name not published": "Carmen Gutiérrez",
    "a disagreeing reviewer's name": "Victoria Apaza",
    "an invited reviewer's name": "Daniela Fontana",
    "a technician not named": "Rocío Zambrana",
    "a proposed condition not granted": "Condición propuesta que el comité no puso",
    "a note on a condition met": "Nota del comité al dar por cumplida.",
}
CONDITIONS = {
    "met": ("Registro escrito de las colmenas", 10, -3),  # (text, due in days from today, met days from today)
    "pending": ("Barrera viva en el lindero norte", 60, None),
    "past_due": ("Análisis de suelo del lote 3", -1, None),
}


@dataclass(frozen=True)
class HistoryWorld:
    seal_code: str
    people: dict[str, int]


def day(days: int):
    return TODAY + timedelta(days=days)


async def make_seal_history() -> HistoryWorld:
    world = await make_seal_world()
    people = world.people
    network = await PgsNetwork.get(slug=NETWORK)
    irupana = await Organization.get(slug="coraca-irupana")
    for handle, role, organization, named in [
        ("juana", ReviewerRole.PRODUCER, irupana, True), ("carmen", ReviewerRole.CONSUMER, None, False),
        ("victoria", ReviewerRole.CONSUMER, None, False), ("rocio", ReviewerRole.TECHNICIAN, None, False),
        ("daniela", ReviewerRole.TECHNICIAN, None, True),
    ]:
        await PgsReviewer.filter(network_id=network.id, person_id=people[handle]).update(
            role=role, organization_id=organization.id if organization else None, named_publicly=named
        )

    clock.travel(NOW - timedelta(days=200))
    granted = await record_review(RecordReview(
        visited_on=day(-202), decision=ReviewDecision.GRANT, network_slug=NETWORK, holder=SealHolder("cafe-amboro"),
        signatures=(Signature(people["juana"], ReviewerRole.PRODUCER), Signature(people["carmen"], ReviewerRole.CONSUMER),
                    Signature(people["rocio"], ReviewerRole.TECHNICIAN)),
        products=AMBORO_PRODUCTS, findings=SECRETS["findings of the first visit"],
    ), acting_person_id=people["rocio"])
    assert granted.seal is not None
    code = granted.seal.code

    clock.travel(NOW - timedelta(days=18))
    await _renewal(network, granted.seal.code, people)
    clock.travel(NOW - timedelta(days=10))
    await suspend_seal(code, reason=SUSPENSION, acting_person_id=people["rocio"])
    clock.travel(NOW - timedelta(days=5))
    await reinstate_seal(code, reason=SECRETS["a reinstatement note"], acting_person_id=people["rocio"])
    clock.travel(NOW)
    return HistoryWorld(code, people)


async def _renewal(network: PgsNetwork, code: str, people: dict[str, int]) -> None:
    """The visit made in the chat, as the visits and committee helpers leave it once decided."""
    seal = await Seal.get(code=code)
    checklist = await PgsChecklist.create(network=network, version=2)
    norms = [await PgsNorm.create(checklist=checklist, position=i, text=f"Norma {i}") for i in range(1, 11)]
    review = await PeerReview.create(
        network=network, organization_id=seal.organization_id, seal=seal, visited_on=day(-20),
        findings=SECRETS["findings of the renewal"], decision=ReviewDecision.RENEW, stage=ReviewStage.DECIDED,
        checklist=checklist, proposal=VisitProposal.CONDITIONS, proposed_at=clock.now() - timedelta(days=1),
        decided_by_id=people["rocio"], decided_at=clock.now(), decision_reason=SECRETS["the committee's reason"],
        recorded_by_id=people["juana"],
    )
    answers = [NormAnswer.YES] * 8 + [NormAnswer.NOT_APPLICABLE, NormAnswer.NO]
    for norm, answer in zip(norms, answers, strict=True):
        observation = SECRETS["an observation"] if answer == NormAnswer.NO else ""
        await PeerReviewAnswer.create(review=review, norm=norm, answer=answer, observation=observation)
    for handle, role, status, disagreement in [
        ("juana", ReviewerRole.PRODUCER, SignatureStatus.AGREED, ""),
        ("carmen", ReviewerRole.CONSUMER, SignatureStatus.AGREED, ""),
        ("victoria", ReviewerRole.CONSUMER, SignatureStatus.DISAGREED, SECRETS["a disagreement"]),
        ("daniela", ReviewerRole.TECHNICIAN, SignatureStatus.INVITED, ""),
    ]:
        await PeerReviewSignature.create(review=review, person_id=people[handle], role=role, status=status,
                                         disagreement=disagreement)
    for position, (text, due, met) in enumerate(CONDITIONS.values(), start=1):
        await SealCondition.create(seal=seal, review=review, position=position, text=text, due_on=day(due),
                                   met_on=day(met) if met is not None else None)
    # A condition the reviewers proposed that the committee did not set: it never reached the seal.
    await SealCondition.create(review=review, position=9, text=SECRETS["a proposed condition not granted"],
                               due_on=day(30))
    await SealEvent.create(seal=seal, kind=SealEventKind.RENEWED, review=review, by_person_id=people["rocio"])
    await SealEvent.create(seal=seal, kind=SealEventKind.CONDITION_MET, by_person_id=people["rocio"],
                           at=clock.now() + timedelta(days=15), reason=SECRETS["a note on a condition met"])
