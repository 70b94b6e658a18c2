"""A PGS network's committee runs it: its norms document, the reviewers it admits, its committee seats, its checklist.

The committee is the network's reviewers with `committee` set; the person who registered the network sits on it
from the operators' approval (market.services.operators.decisions). Every write below is the committee's, except
a reviewer's own answer to being named on the public seal pages.

| step                                                          | result                                           |
|---------------------------------------------------------------|--------------------------------------------------|
| admit_reviewer by a committee member, role and organization   | an active reviewer in that role; they are told   |
| the same person again, active                                 | nothing written, nobody told                     |
| the same person again, inactive                               | active again, in the new role; told again        |
| a producer without an organization                            | Invalid("producer_reviewer_needs_organization")  |
| an organization the person is no approved member of           | Invalid("reviewer_organization_not_theirs")      |
| change_reviewer / set_committee / deactivate_reviewer         | the reviewer's row changed                       |
| a person who is no active reviewer of the network             | NotFound("reviewer_not_found")                   |
| the last committee member taken off the committee or removed  | Conflict("last_committee_member")                |
| set_norms over NORMS_LIMIT characters                         | Invalid("network_norms_too_long")                |
| new_checklist (norms as market.rules.checklists reads them)   | version N + 1; older versions never change       |
| new_checklist when the last version is no longer after_version| Conflict("checklist_changed")                    |
| any of these by a reviewer not on the committee, or a stranger| Forbidden("not_on_committee")                    |
| a network waiting or refused                                  | Conflict("network_not_approved")                 |
| set_named_publicly by the reviewer themselves                 | the public pages show their name, or not         |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.enums import MembershipStatus, NetworkStatus, ReviewerRole
from market.errors import Conflict, Invalid, NotFound
from market.models import Member, Person, PgsChecklist, PgsNetwork, PgsNorm, PgsReviewer
from market.orm import value_of
from market.rules.checklists import checklist_norms
from market.services.messaging.notifications import enqueue_notification
from market.services.seals.networks import NORMS_LIMIT, NetworkView, get_network_view
from market.services.seals.support import check_committee, reviewer

_REVIEWER_FIELDS = ("person_id", "person__name", "role", "organization_id", "organization__name", "committee",
                    "named_publicly")


@dataclass(frozen=True)
class ReviewerView:
    person_id: int
    name: str
    role: ReviewerRole | None  # None: named before roles were kept; the committee gives them one
    organization_id: int | None
    organization_name: str | None
    committee: bool
    named_publicly: bool


@dataclass(frozen=True)
class NetworkPage:
    """A network as one of its reviewers sees it in /redes."""

    network: NetworkView
    norms: str
    me: ReviewerView
    reviewers: tuple[ReviewerView, ...]  # the active ones, longest-standing first
    checklist_version: int | None  # None: no checklist yet
    checklist_size: int


@dataclass(frozen=True)
class ReviewerAdmitted:
    network: NetworkView
    reviewer: ReviewerView
    added_now: bool  # False: they reviewed for it already


class OrganizationChoice(NamedTuple):
    id: int
    name: str


class NormView(NamedTuple):
    norm_id: int
    position: int
    text: str


@dataclass(frozen=True)
class ChecklistView:
    id: int
    network_id: int
    version: int
    norms: tuple[NormView, ...]  # by position, from 1


async def network_page(network_id: int, *, person_id: int) -> NetworkPage:
    """The network, its committee, its reviewers by role and its checklist, for one of its active reviewers."""
    network = await get_network_view(network_id)
    await reviewer(network_id, person_id)
    reviewers = tuple(_reviewer(r) for r in await PgsReviewer.filter(network_id=network_id, active=True).order_by(
        "id").values(*_REVIEWER_FIELDS))
    norms = await value_of(PgsNetwork.filter(id=network_id).first(), "norms", str)
    checklist = await current_checklist(network_id)
    return NetworkPage(network, norms or "", next(r for r in reviewers if r.person_id == person_id), reviewers,
                       checklist.version if checklist else None, len(checklist.norms) if checklist else 0)


async def committee_network(network_id: int, *, by_person_id: int) -> NetworkView:
    """An approved network as a member of its committee sees it, before a committee question is asked."""
    network = await get_network_view(network_id)
    await check_committee(network_id, by_person_id)
    if network.status != NetworkStatus.APPROVED:
        raise Conflict("network_not_approved", name=network.name)
    return network


async def set_norms(network_id: int, text: str, *, by_person_id: int) -> NetworkView:
    """The committee writes the network's norms document: a link to it, or its text ("": none)."""
    network = await committee_network(network_id, by_person_id=by_person_id)
    text = text.strip()
    if len(text) > NORMS_LIMIT:
        raise Invalid("network_norms_too_long", limit=NORMS_LIMIT)
    await PgsNetwork.filter(id=network_id).update(norms=text)
    return network


# Reviewers ----------------------------------------------------------------------------------------------------

async def reviewer_organizations(person_id: int) -> tuple[OrganizationChoice, ...]:
    """The organizations a reviewer may come from: those the person is an approved member of, by name."""
    rows = await Member.filter(person_id=person_id, status=MembershipStatus.APPROVED).order_by(
        "organization__name", "organization_id").values_list("organization_id", "organization__name")
    return tuple(OrganizationChoice(i, name) for i, name in rows)


async def check_origin(person_id: int, role: ReviewerRole, organization_id: int | None) -> None:
    """A producer reviews from their organization; anyone else may come from one of theirs, or from none."""
    if organization_id is None:
        if role == ReviewerRole.PRODUCER:
            raise Invalid("producer_reviewer_needs_organization")
    elif not await Member.exists(person_id=person_id, organization_id=organization_id,
                                 status=MembershipStatus.APPROVED):
        raise Invalid("reviewer_organization_not_theirs")


async def admit_reviewer(network_id: int, person_id: int, *, role: ReviewerRole, organization_id: int | None,
                         by_person_id: int) -> ReviewerAdmitted:
    """A committee member admits a person reviewer in a role, from an organization; they are told by the outbox
    and asked whether the public seal pages may name them."""
    network = await committee_network(network_id, by_person_id=by_person_id)
    person = await Person.filter(id=person_id, forgotten_at__isnull=True).first().values("telegram_user_id")
    if person is None:
        raise NotFound("person_not_found")
    await check_origin(person_id, role, organization_id)
    values: dict[str, Any] = {"role": role, "organization_id": organization_id, "named_publicly": False, "committee": False}
    row = await PgsReviewer.filter(network_id=network_id, person_id=person_id).first()
    added = False
    if row is None:
        try:
            async with in_transaction():  # a savepoint: a second press at the same moment finds the row
                await PgsReviewer.create(network_id=network_id, person_id=person_id, active=True, **values)
            added = True
        except IntegrityError:
            pass
    elif not row.active:
        added = bool(await PgsReviewer.filter(id=row.id, active=False).update(active=True, **values))
    if added and person["telegram_user_id"]:
        await enqueue_notification(chat_id=person["telegram_user_id"], person_id=person_id, template="reviewer_named",
                                   params={"network_id": network_id, "by_person_id": by_person_id})
    return ReviewerAdmitted(network, await get_reviewer(network_id, person_id), added)


async def change_reviewer(network_id: int, person_id: int, *, role: ReviewerRole, organization_id: int | None,
                          by_person_id: int) -> ReviewerView:
    """A committee member changes a reviewer's role and organization."""
    await committee_network(network_id, by_person_id=by_person_id)
    await get_reviewer(network_id, person_id)
    await check_origin(person_id, role, organization_id)
    await PgsReviewer.filter(network_id=network_id, person_id=person_id, active=True).update(
        role=role, organization_id=organization_id)
    return await get_reviewer(network_id, person_id)


async def set_committee(network_id: int, person_id: int, *, on: bool, by_person_id: int) -> ReviewerView:
    """A committee member seats a reviewer on the committee, or takes one off it (never its last member)."""
    await committee_network(network_id, by_person_id=by_person_id)
    async with in_transaction():
        seated = await _committee_locked(network_id, person_id)
        if seated and not on and await _committee_size(network_id) <= 1:
            raise Conflict("last_committee_member")
        await PgsReviewer.filter(network_id=network_id, person_id=person_id, active=True).update(committee=on)
    return await get_reviewer(network_id, person_id)


async def deactivate_reviewer(network_id: int, person_id: int, *, by_person_id: int) -> ReviewerView:
    """A committee member ends a person's reviewing (kept as history: their signatures stay); never the committee's
    last member. Pressed again, it is refused: they review no more (NotFound("reviewer_not_found"))."""
    await committee_network(network_id, by_person_id=by_person_id)
    async with in_transaction():
        seated = await _committee_locked(network_id, person_id)
        if seated and await _committee_size(network_id) <= 1:
            raise Conflict("last_committee_member")
        await PgsReviewer.filter(network_id=network_id, person_id=person_id).update(active=False, committee=False)
    return await get_reviewer(network_id, person_id, active=False)


async def set_named_publicly(network_id: int, *, person_id: int, named: bool) -> ReviewerView:
    """A reviewer says whether the public seal pages may show their name (else only their role and organization)."""
    await reviewer(network_id, person_id)
    await PgsReviewer.filter(network_id=network_id, person_id=person_id, active=True).update(named_publicly=named)
    return await get_reviewer(network_id, person_id)


async def get_reviewer(network_id: int, person_id: int, *, active: bool = True) -> ReviewerView:
    """The person as a reviewer of the network (an active one, unless `active` is False: any)."""
    query = PgsReviewer.filter(network_id=network_id, person_id=person_id)
    row = await (query.filter(active=True) if active else query).first().values(*_REVIEWER_FIELDS)
    if row is None:
        raise NotFound("reviewer_not_found", person_id=person_id)
    return _reviewer(row)


async def _committee_locked(network_id: int, person_id: int) -> bool:
    """Whether the person is an active reviewer on the committee, with the network's row locked (PostgreSQL): of
    two members taking each other off at once, the second finds the first gone and is refused."""
    await PgsNetwork.filter(id=network_id).select_for_update().first()
    row = await get_reviewer(network_id, person_id)
    return row.committee


async def _committee_size(network_id: int) -> int:
    return await PgsReviewer.filter(network_id=network_id, active=True, committee=True).count()


def _reviewer(row: dict[str, Any]) -> ReviewerView:
    return ReviewerView(row["person_id"], row["person__name"], ReviewerRole(row["role"]) if row["role"] else None,
                        row["organization_id"], row["organization__name"], row["committee"], row["named_publicly"])


# Checklists ---------------------------------------------------------------------------------------------------

async def current_checklist(network_id: int) -> ChecklistView | None:
    """The network's newest checklist version, or None when it has none yet."""
    checklist_id = await value_of(PgsChecklist.filter(network_id=network_id).order_by("-version").first(), "id", int)
    return None if checklist_id is None else await checklist_version(checklist_id)


async def checklist_version(checklist_id: int) -> ChecklistView:
    """One checklist version with its norms by position (a visit shows the version it answered)."""
    row = await PgsChecklist.filter(id=checklist_id).first().values("id", "network_id", "version")
    if row is None:
        raise NotFound("checklist_not_found")
    norms = await PgsNorm.filter(checklist_id=checklist_id).order_by("position").values_list("id", "position", "text")
    return ChecklistView(row["id"], row["network_id"], row["version"],
                         tuple(NormView(i, position, text) for i, position, text in norms))


async def new_checklist(network_id: int, text: str, *, after_version: int | None, by_person_id: int) -> ChecklistView:
    """The committee writes the next checklist version from its norms, one per line (market.rules.checklists).

    `after_version` is the version the committee member saw (None: none): if another was written since, or this
    one was already confirmed, nothing is written."""
    await committee_network(network_id, by_person_id=by_person_id)
    norms = checklist_norms(text)
    version = (after_version or 0) + 1
    try:
        async with in_transaction():
            last = await value_of(PgsChecklist.filter(network_id=network_id).order_by("-version").first(),
                                  "version", int)
            if last != after_version:
                raise Conflict("checklist_changed")
            checklist = await PgsChecklist.create(network_id=network_id, version=version, created_by_id=by_person_id)
            await PgsNorm.bulk_create([PgsNorm(checklist_id=checklist.id, position=position, text=norm)
                                       for position, norm in enumerate(norms, start=1)])
    except IntegrityError:  # written at the same moment by another member: (network, version) is unique
        raise Conflict("checklist_changed") from None
    return await checklist_version(checklist.id)
