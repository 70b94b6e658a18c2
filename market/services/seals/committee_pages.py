"""What a network's committee reads at the desk (market.web.desk.committee), beside what the bot's /comite and
/redes read (market.services.seals.desk, .decisions, .committee): the network by its address, its visit requests,
every visit, the seals about to expire, one seal's whole history, every reviewer ever admitted, every checklist
version. Each is for a member of the network's committee (support.check_committee); reading changes nothing.

| read                                    | result                                                               |
|-----------------------------------------|----------------------------------------------------------------------|
| network_at(slug)                        | the approved network; NotFound("network_not_found") for any other    |
| on_committee(network, person)           | whether they are an active reviewer on its committee                 |
| network_home                            | requests open or taken, visits proposed, seals ending within         |
|                                         | EXPIRING_DAYS, conditions past due                                   |
| network_visit(network, review)          | the visit's record (decisions.visit_record); a visit of another     |
|                                         | network: NotFound("visit_not_found")                                 |
| network_seal(network, seal)             | seal_page and its events; a seal of another network: NotFound        |
| by someone off the committee            | Forbidden("not_on_committee")                                        |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise.queryset import QuerySet

from market import clock
from market.enums import ReviewDecision, ReviewerRole, ReviewStage, SealEventKind, SealStatus, VisitRequestStatus
from market.errors import NotFound
from market.models import (
    PeerReview,
    PgsChecklist,
    PgsReviewer,
    Seal,
    SealEvent,
    Territory,
    VisitRequest,
    VisitRequestProduct,
)
from market.orm import column_of
from market.services.seals import support
from market.services.seals.committee import ChecklistView, checklist_version
from market.services.seals.decisions import VisitRecord, visit_record
from market.services.seals.desk import (
    OverdueCondition,
    SealLine,
    SealPage,
    network_seals,
    overdue_conditions,
    seal_page,
)
from market.services.seals.requests import PENDING

# Seals whose last valid day is this near show on the committee's desk: time to plan the renewal visit (the bot
# reminds a month before; the desk shows them a month earlier, when a visit still fits a harvest).
EXPIRING_DAYS = 60


@dataclass(frozen=True)
class DeskNetwork:
    id: int
    slug: str
    name: str
    time_zone: str  # its territory's: the days and times of its visits and signatures are read there


@dataclass(frozen=True)
class RequestLine:
    id: int
    organization_name: str
    status: VisitRequestStatus  # open, or taken by a reviewer
    products: tuple[str, ...]
    requested_at: datetime
    taken_by_name: str | None


@dataclass(frozen=True)
class VisitLine:
    id: int
    organization_name: str
    visited_on: date
    stage: ReviewStage
    decision: ReviewDecision
    lead_name: str | None


@dataclass(frozen=True)
class NetworkHome:
    requests: tuple[RequestLine, ...]  # oldest first
    proposed: tuple[VisitLine, ...]  # waiting for the committee's decision, oldest first
    expiring: tuple[SealLine, ...]  # granted seals ending within EXPIRING_DAYS, soonest first
    overdue: tuple[OverdueCondition, ...]


@dataclass(frozen=True)
class SealEventLine:
    kind: SealEventKind
    at: datetime
    reason: str
    by_name: str | None
    review_id: int | None


@dataclass(frozen=True)
class SealRecord:
    seal: SealPage
    events: tuple[SealEventLine, ...]  # newest first
    visits: tuple[VisitLine, ...]  # every visit of the holder by the network, newest first


@dataclass(frozen=True)
class ReviewerLine:
    person_id: int
    name: str
    role: ReviewerRole | None
    organization_name: str | None
    committee: bool
    active: bool
    named_publicly: bool


async def network_at(slug: str) -> DeskNetwork:
    """The approved network at /escritorio/red/{slug}; NotFound("network_not_found") for none, or one not approved."""
    network = await support.get_network(slug)
    zone = await column_of(Territory.filter(id=network.territory_id), "time_zone", str)
    return DeskNetwork(network.id, network.slug, network.name, zone[0] if zone else "UTC")


async def on_committee(network_id: int, person_id: int) -> bool:
    """Whether the person sits on the network's committee (the bot's /comite line: plain reviewers do not)."""
    return await PgsReviewer.exists(network_id=network_id, person_id=person_id, active=True, committee=True)


async def network_home(network_id: int, *, by_person_id: int, today: date | None = None) -> NetworkHome:
    """What waits for the network's committee: requests, proposed visits, seals ending soon, conditions past due."""
    today = today or clock.today()
    await support.check_committee(network_id, by_person_id)
    seals = await network_seals(network_id, by_person_id=by_person_id, today=today)
    expiring = sorted((s for s in seals.seals if s.status == SealStatus.GRANTED and s.valid_until is not None
                       and s.valid_until <= today + timedelta(days=EXPIRING_DAYS)),
                      key=lambda s: (s.valid_until, s.id))
    return NetworkHome(
        await _requests(network_id),
        await _visits(PeerReview.filter(network_id=network_id, stage=ReviewStage.PROPOSED).order_by(
            "proposed_at", "id")),
        tuple(expiring), await overdue_conditions(network_id, today))


async def network_visits(network_id: int, *, by_person_id: int) -> tuple[VisitLine, ...]:
    """Every visit of the network, newest first, whatever its stage."""
    await support.check_committee(network_id, by_person_id)
    return await _visits(PeerReview.filter(network_id=network_id).order_by("-visited_on", "-id"))


async def network_visit(network_id: int, review_id: int, *, by_person_id: int) -> VisitRecord:
    """One visit of this network as its committee reads it (the bot's record: decisions.visit_record)."""
    await support.check_committee(network_id, by_person_id)
    if not await PeerReview.exists(id=review_id, network_id=network_id):
        raise NotFound("visit_not_found")
    return await visit_record(review_id, by_person_id=by_person_id)


async def network_seal(network_id: int, seal_id: int, *, by_person_id: int) -> SealRecord:
    """One seal of this network with its whole history: every event (who acted, why) and every visit."""
    await support.check_committee(network_id, by_person_id)
    page = await seal_page(seal_id, by_person_id=by_person_id)
    if page.network_id != network_id:
        raise NotFound("seal_not_found", seal_code=str(seal_id))
    rows = await SealEvent.filter(seal_id=seal_id).order_by("-at", "-id").values_list(
        "kind", "at", "reason", "by_person__name", "review_id")
    holder = await Seal.filter(id=seal_id).first().values("organization_id", "producer_id")
    visits = PeerReview.filter(network_id=network_id, organization_id=holder["organization_id"] if holder else 0,
                               producer_id=holder["producer_id"] if holder else None)
    return SealRecord(page, tuple(SealEventLine(SealEventKind(k), at, reason, name, review)
                                  for k, at, reason, name, review in rows),
                      await _visits(visits.order_by("-visited_on", "-id")))


async def network_reviewers(network_id: int, *, by_person_id: int) -> tuple[ReviewerLine, ...]:
    """Every reviewer the network admitted, active ones first, then by name."""
    await support.check_committee(network_id, by_person_id)
    rows = await PgsReviewer.filter(network_id=network_id).order_by("-active", "person__name", "id").values_list(
        "person_id", "person__name", "role", "organization__name", "committee", "active", "named_publicly")
    return tuple(ReviewerLine(person_id, name, ReviewerRole(role) if role else None, organization, committee, active,
                              named) for person_id, name, role, organization, committee, active, named in rows)


async def network_checklists(network_id: int, *, by_person_id: int) -> tuple[ChecklistView, ...]:
    """Every version of the network's checklist with its norms, newest first (a version never changes)."""
    await support.check_committee(network_id, by_person_id)
    ids = await column_of(PgsChecklist.filter(network_id=network_id).order_by("-version"), "id", int)
    return tuple([await checklist_version(i) for i in ids])


async def _requests(network_id: int) -> tuple[RequestLine, ...]:
    rows = await VisitRequest.filter(network_id=network_id, status__in=PENDING).order_by("created_at", "id").values(
        "id", "organization__name", "status", "created_at", "taken_by__name")
    lines = []
    for row in rows:
        products = await column_of(VisitRequestProduct.filter(request_id=row["id"]).order_by("product__name"),
                                   "product__name", str)
        lines.append(RequestLine(row["id"], row["organization__name"], VisitRequestStatus(row["status"]),
                                 tuple(products), row["created_at"], row["taken_by__name"]))
    return tuple(lines)


async def _visits(query: QuerySet[PeerReview]) -> tuple[VisitLine, ...]:
    rows = await query.values(
        "id", "organization__name", "visited_on", "stage", "decision", "recorded_by__name")
    return tuple(VisitLine(r["id"], r["organization__name"], r["visited_on"], ReviewStage(r["stage"]),
                           ReviewDecision(r["decision"]), r["recorded_by__name"]) for r in rows)
