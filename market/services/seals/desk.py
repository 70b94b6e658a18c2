"""The committee's desk: what waits for a network's committee, its seals, and a condition found met.

    committee_desk(person)   each network where the person sits on the committee: its proposed visits, the
                             conditions past due (not met), the number of its seals
    network_seals(network)   the network's seals, for its committee
    seal_page(seal)          one seal with its conditions, for its network's committee
    mark_condition_met       SealEvent condition_met; met_on and met_by set once (a second press: Conflict)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from market import clock
from market.enums import ReviewStage, SealEventKind, SealStatus, VisitProposal
from market.errors import Conflict, NotFound
from market.models import PeerReview, PgsNetwork, PgsReviewer, Product, Seal, SealCondition, SealEvent
from market.orm import column_of
from market.rules.seals import effective_status
from market.services.catalog.version import bump_catalog_version
from market.services.seals import support
from market.services.seals.decisions import ConditionLine


@dataclass(frozen=True)
class WaitingVisit:
    id: int
    organization_name: str
    visited_on: date
    proposal: VisitProposal | None


@dataclass(frozen=True)
class OverdueCondition:
    id: int
    seal_id: int
    seal_code: str
    organization_name: str
    text: str
    due_on: date


@dataclass(frozen=True)
class CommitteeNetwork:
    id: int
    name: str
    visits: tuple[WaitingVisit, ...]
    overdue: tuple[OverdueCondition, ...]
    seals: int


@dataclass(frozen=True)
class SealLine:
    id: int
    code: str
    organization_name: str
    status: SealStatus  # as it reads today: a granted seal past its last day reads expired
    valid_until: date | None


@dataclass(frozen=True)
class NetworkSeals:
    id: int
    name: str
    seals: tuple[SealLine, ...]


@dataclass(frozen=True)
class SealPage:
    id: int
    code: str
    network_id: int
    network_name: str
    organization_name: str
    status: SealStatus
    status_reason: str
    valid_from: date | None
    valid_until: date | None
    products: tuple[str, ...]
    conditions: tuple[ConditionLine, ...]


async def committee_desk(person_id: int, *, today: date | None = None) -> tuple[CommitteeNetwork, ...]:
    """Each network where the person is on the committee, by name: what waits for its decision."""
    today = today or clock.today()
    ids = await PgsReviewer.filter(person_id=person_id, active=True, committee=True).values_list("network_id", flat=True)
    desk = []
    for network in await PgsNetwork.filter(id__in=list(ids)).order_by("name", "id"):
        visits = await PeerReview.filter(network_id=network.id, stage=ReviewStage.PROPOSED).order_by(
            "proposed_at", "id").values_list("id", "organization__name", "visited_on", "proposal")
        desk.append(CommitteeNetwork(
            network.id, network.name,
            tuple(WaitingVisit(i, name, day, VisitProposal(p) if p else None) for i, name, day, p in visits),
            await overdue_conditions(network.id, today), await Seal.filter(network_id=network.id).count()))
    return tuple(desk)


async def overdue_conditions(network_id: int, today: date) -> tuple[OverdueCondition, ...]:
    """The network's seals' conditions not met by their due date (of seals not revoked), the longest overdue first."""
    rows = await SealCondition.filter(
        seal__network_id=network_id, met_on__isnull=True, due_on__lt=today, seal__status__not=SealStatus.REVOKED,
    ).order_by("due_on", "id").values_list("id", "seal_id", "seal__code", "seal__organization__name", "text", "due_on")
    return tuple(OverdueCondition(*row) for row in rows)


async def network_seals(network_id: int, *, by_person_id: int, today: date | None = None) -> NetworkSeals:
    """The network's seals, by organization, for its committee."""
    today = today or clock.today()
    await support.check_committee(network_id, by_person_id)
    network = await PgsNetwork.get(id=network_id)
    seals = await Seal.filter(network_id=network_id).order_by("organization__name", "id").values_list(
        "id", "code", "organization__name", "status", "valid_from", "valid_until")
    return NetworkSeals(network.id, network.name, tuple(
        SealLine(i, code, name, effective_status(status, valid_from, valid_until, today), valid_until)
        for i, code, name, status, valid_from, valid_until in seals))


async def seal_page(seal_id: int, *, by_person_id: int, acting: bool = False, today: date | None = None) -> SealPage:
    """One seal as its network's committee sees it, with its conditions; `acting`: to act on it, which a member of
    the seal's organization may not."""
    today = today or clock.today()
    seal = await _seal(seal_id)
    if acting:
        await support.check_actor(seal.network, await support.member_ids(seal.organization_id), by_person_id)
    else:
        await support.check_committee(seal.network_id, by_person_id)
    conditions = await SealCondition.filter(seal_id=seal.id).order_by("due_on", "id").values_list(
        "id", "position", "text", "due_on", "met_on")
    products = await column_of(Product.filter(seal_scopes__seal_id=seal.id).order_by("name"), "name", str)
    return SealPage(
        seal.id, seal.code, seal.network_id, seal.network.name, seal.organization.name,
        effective_status(seal.status, seal.valid_from, seal.valid_until, today), seal.status_reason,
        seal.valid_from, seal.valid_until, tuple(products),
        tuple(ConditionLine(*row) for row in conditions))


async def mark_condition_met(condition_id: int, *, by_person_id: int, today: date | None = None) -> SealPage:
    """The committee finds a seal's condition met: once; the organization's admins are told."""
    today = today or clock.today()
    condition = await SealCondition.filter(id=condition_id, seal_id__isnull=False).first()
    if condition is None or condition.seal_id is None:
        raise NotFound("condition_not_found")
    seal = await _seal(condition.seal_id)
    await support.check_actor(seal.network, await support.member_ids(seal.organization_id), by_person_id)
    async with in_transaction():
        if not await SealCondition.filter(id=condition.id, met_on__isnull=True).update(met_on=today,
                                                                                        met_by_id=by_person_id):
            raise Conflict("condition_already_met")
        event = await SealEvent.create(seal_id=seal.id, kind=SealEventKind.CONDITION_MET, reason=condition.text,
                                       by_person_id=by_person_id)
        await support.tell_admins(seal.organization_id, "seal_changed", {"event_id": event.id},
                                  f"seal:event:{event.id}")
        await bump_catalog_version()
    return await seal_page(seal.id, by_person_id=by_person_id, today=today)


async def _seal(seal_id: int) -> Seal:
    seal = await Seal.filter(id=seal_id).select_related("network", "organization").first()
    if seal is None:
        raise NotFound("seal_not_found", seal_code=str(seal_id))
    return seal
