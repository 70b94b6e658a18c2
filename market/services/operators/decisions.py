"""What waits for an operator, and deciding it: every approval and refusal recorded, who and when.

    pending ──decide(approve)──▶ approved      each decision a row of `decision`: kind, id, approved,
       └─────decide(refuse, reason)──▶ refused  reason, by whom, when

One queue for every kind of thing (DecisionKind): each kind that can wait has a `PendingSource` in `SOURCES`
saying what of it waits and how a decision settles one. Organizations wait (their `status`: approving one
makes the person who registered it its approved first admin, with the presidency), and so do PGS networks
(an approved network's proposer becomes its first reviewer) and territories people proposed (their
`status`); the queue, `decide`, the record and the screens take each kind in as it is.

| decide(kind, id, approve, reason, by)          | result                                                  |
|------------------------------------------------|---------------------------------------------------------|
| an operator approves a pending thing           | approved; a Decision row; the people concerned are told |
| an operator refuses one, saying why            | refused; a Decision row with the reason; told           |
| a refusal without a reason                     | Invalid("reason_missing")                               |
| a reason longer than REASON_LIMIT              | Invalid("reason_too_long")                              |
| by a person who is not an operator             | Forbidden("not_an_operator")                            |
| no such thing (or a kind nothing of waits yet) | NotFound("decision_subject_not_found")                  |
| a thing decided already (another operator)     | Conflict("already_decided"): the first decision stands  |
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from market import clock
from market.enums import (
    BoardRole,
    DecisionKind,
    LegalForm,
    MemberRole,
    MembershipStatus,
    NetworkStatus,
    OrganizationStatus,
    TerritoryStatus,
)
from market.errors import Conflict, Invalid, NotFound
from market.models import BoardRecord, Decision, Member, Organization, PgsNetwork, PgsReviewer, Territory
from market.services.catalog.version import bump_catalog_version
from market.services.messaging.notifications import enqueue_notification
from market.services.operators.roles import check_operator

REASON_LIMIT = 500
PAGE_LIMIT = 20


@dataclass(frozen=True)
class Pending:
    """Something that waits for (or got) an operator's decision, as the queue shows it."""

    kind: DecisionKind
    id: int
    name: str
    waiting: bool  # False once decided (by another operator, say)
    asked_at: datetime
    territory_name: str | None = None
    country_code: str | None = None
    asked_by: tuple[str, ...] = ()  # who asked: an organization's admins
    legal_form: LegalForm | None = None  # an organization's
    tax_number: str | None = None
    description: str = ""
    norms: str = ""  # a PGS network's norms document: a link, or its text


@dataclass(frozen=True)
class PendingPage:
    items: tuple[Pending, ...]
    next_after: int | None  # pass as `after` for the next page; None on the last page


@dataclass(frozen=True)
class QueueCount:
    kind: DecisionKind
    waiting: int


@dataclass(frozen=True)
class DecisionView:
    """One recorded decision."""

    id: int
    kind: DecisionKind
    subject_id: int
    subject_name: str
    approved: bool
    reason: str
    by_name: str
    at: datetime


@dataclass(frozen=True)
class PendingSource:
    """How one kind of thing waits for an operator.

    count: how many wait; page(after, limit): the waiting ones, oldest first, from the id after `after`;
    get(id): one, waiting or not (None: no such thing); settle(id, approve): move it from waiting to approved
    or refused, False when it no longer waited; told(id): (person id, chat id) of whom to tell the decision.
    """

    count: Callable[[], Awaitable[int]]
    page: Callable[[int | None, int], Awaitable[list[Pending]]]
    get: Callable[[int], Awaitable[Pending | None]]
    settle: Callable[[int, bool], Awaitable[bool]]
    told: Callable[[int], Awaitable[list[tuple[int, int]]]]


# Organizations ---------------------------------------------------------------------------------------------

_ORGANIZATION_FIELDS = ("id", "name", "status", "created_at", "territory__name", "territory__country_code",
                        "legal_form", "tax_number", "description")


async def _organization_admins(organization_ids: list[int]) -> dict[int, tuple[str, ...]]:
    rows = await Member.filter(organization_id__in=organization_ids, role=MemberRole.ADMIN).order_by("id").values_list(
        "organization_id", "person__name") if organization_ids else []
    admins: dict[int, list[str]] = {}
    for organization_id, name in rows:
        admins.setdefault(organization_id, []).append(name)
    return {key: tuple(names) for key, names in admins.items()}


def _organization(row: dict[str, Any], admins: dict[int, tuple[str, ...]]) -> Pending:
    return Pending(
        kind=DecisionKind.ORGANIZATION, id=row["id"], name=row["name"],
        waiting=row["status"] == OrganizationStatus.PENDING, asked_at=row["created_at"],
        territory_name=row["territory__name"], country_code=row["territory__country_code"],
        asked_by=admins.get(row["id"], ()), legal_form=LegalForm(row["legal_form"]), tax_number=row["tax_number"],
        description=row["description"],
    )


async def _count_organizations() -> int:
    return await Organization.filter(status=OrganizationStatus.PENDING).count()


async def _page_organizations(after: int | None, limit: int) -> list[Pending]:
    waiting = Organization.filter(status=OrganizationStatus.PENDING)
    if after is not None:
        waiting = waiting.filter(id__gt=after)
    rows = await waiting.order_by("id").limit(limit).values(*_ORGANIZATION_FIELDS)
    admins = await _organization_admins([r["id"] for r in rows])
    return [_organization(r, admins) for r in rows]


async def _get_organization(organization_id: int) -> Pending | None:
    row = await Organization.filter(id=organization_id).first().values(*_ORGANIZATION_FIELDS)
    return None if row is None else _organization(row, await _organization_admins([organization_id]))


async def _settle_organization(organization_id: int, approve: bool) -> bool:
    status = OrganizationStatus.APPROVED if approve else OrganizationStatus.REFUSED
    settled = await Organization.filter(id=organization_id, status=OrganizationStatus.PENDING).update(status=status)
    if settled and approve:
        # Whoever registered it in the chat waited as its pending first admin: now its president.
        founders = await Member.filter(organization_id=organization_id, role=MemberRole.ADMIN,
                                       status=MembershipStatus.PENDING).values_list("person_id", flat=True)
        await Member.filter(organization_id=organization_id, person_id__in=founders).update(
            status=MembershipStatus.APPROVED)
        for index, person_id in enumerate(founders):
            await BoardRecord.create(organization_id=organization_id, person_id=person_id, started_at=clock.now(),
                                     role=BoardRole.PRESIDENT if index == 0 else BoardRole.ADMIN)
        await bump_catalog_version()  # its products, page and directory entry are public from now on
    return bool(settled)


async def _organization_told(organization_id: int) -> list[tuple[int, int]]:
    """Its admins who can be written to, approved or still waiting with it: the person who registered it first."""
    rows = await Member.filter(organization_id=organization_id, role=MemberRole.ADMIN,
                               status__in=(MembershipStatus.APPROVED, MembershipStatus.PENDING),
                               person__telegram_user_id__isnull=False).order_by(
        "id").values_list("person_id", "person__telegram_user_id")
    return [(person_id, chat_id) for person_id, chat_id in rows]


# PGS networks ----------------------------------------------------------------------------------------------

_NETWORK_FIELDS = ("id", "name", "status", "created_at", "territory__name", "territory__country_code", "description",
                   "norms", "proposed_by_id", "proposed_by__name")


def _network(row: dict[str, Any]) -> Pending:
    return Pending(
        kind=DecisionKind.PGS_NETWORK, id=row["id"], name=row["name"], waiting=row["status"] == NetworkStatus.PENDING,
        asked_at=row["created_at"], territory_name=row["territory__name"], country_code=row["territory__country_code"],
        asked_by=(row["proposed_by__name"],) if row["proposed_by_id"] else (), description=row["description"],
        norms=row["norms"],
    )


async def _count_networks() -> int:
    return await PgsNetwork.filter(status=NetworkStatus.PENDING).count()


async def _page_networks(after: int | None, limit: int) -> list[Pending]:
    waiting = PgsNetwork.filter(status=NetworkStatus.PENDING)
    if after is not None:
        waiting = waiting.filter(id__gt=after)
    return [_network(r) for r in await waiting.order_by("id").limit(limit).values(*_NETWORK_FIELDS)]


async def _get_network(network_id: int) -> Pending | None:
    row = await PgsNetwork.filter(id=network_id).first().values(*_NETWORK_FIELDS)
    return None if row is None else _network(row)


async def _settle_network(network_id: int, approve: bool) -> bool:
    """Approved: whoever registered it becomes its first reviewer and sits on its committee, to admit the others."""
    status = NetworkStatus.APPROVED if approve else NetworkStatus.REFUSED
    if not await PgsNetwork.filter(id=network_id, status=NetworkStatus.PENDING).update(status=status):
        return False
    proposer = await PgsNetwork.filter(id=network_id).first().values_list("proposed_by_id", flat=True)
    if approve and proposer is not None:
        if not await PgsReviewer.filter(network_id=network_id, person_id=proposer).update(active=True, committee=True):
            await PgsReviewer.create(network_id=network_id, person_id=proposer, committee=True)
    if approve:
        await bump_catalog_version()  # the directory lists it from now on
    return True


async def _network_told(network_id: int) -> list[tuple[int, int]]:
    """Whoever registered it, if the bot can write to them."""
    row = await PgsNetwork.filter(id=network_id, proposed_by__telegram_user_id__isnull=False).first().values_list(
        "proposed_by_id", "proposed_by__telegram_user_id")
    return [] if row is None else [(row[0], row[1])]


# Territories people proposed --------------------------------------------------------------------------------

_TERRITORY_FIELDS = ("id", "name", "status", "created_at", "parent__name", "country_code", "proposed_by__name")


def _territory(row: dict[str, Any]) -> Pending:
    return Pending(kind=DecisionKind.TERRITORY, id=row["id"], name=row["name"],
                   waiting=row["status"] == TerritoryStatus.PENDING, asked_at=row["created_at"],
                   territory_name=row["parent__name"], country_code=row["country_code"],
                   asked_by=(row["proposed_by__name"],) if row["proposed_by__name"] else ())


async def _count_territories() -> int:
    return await Territory.filter(status=TerritoryStatus.PENDING).count()


async def _page_territories(after: int | None, limit: int) -> list[Pending]:
    waiting = Territory.filter(status=TerritoryStatus.PENDING)
    if after is not None:
        waiting = waiting.filter(id__gt=after)
    return [_territory(r) for r in await waiting.order_by("id").limit(limit).values(*_TERRITORY_FIELDS)]


async def _get_territory(territory_id: int) -> Pending | None:
    row = await Territory.filter(id=territory_id, proposed_by_id__isnull=False).first().values(*_TERRITORY_FIELDS)
    return None if row is None else _territory(row)


async def _settle_territory(territory_id: int, approve: bool) -> bool:
    status = TerritoryStatus.APPROVED if approve else TerritoryStatus.REFUSED
    return bool(await Territory.filter(id=territory_id, status=TerritoryStatus.PENDING).update(status=status))


async def _territory_told(territory_id: int) -> list[tuple[int, int]]:
    """The person who proposed it."""
    rows = await Territory.filter(id=territory_id, proposed_by__telegram_user_id__isnull=False).values_list(
        "proposed_by_id", "proposed_by__telegram_user_id")
    return [(person_id, chat_id) for person_id, chat_id in rows]


SOURCES: dict[DecisionKind, PendingSource] = {
    DecisionKind.ORGANIZATION: PendingSource(
        _count_organizations, _page_organizations, _get_organization, _settle_organization, _organization_told),
    DecisionKind.PGS_NETWORK: PendingSource(
        _count_networks, _page_networks, _get_network, _settle_network, _network_told),
    DecisionKind.TERRITORY: PendingSource(
        _count_territories, _page_territories, _get_territory, _settle_territory, _territory_told),
}


# The queue and deciding ------------------------------------------------------------------------------------

async def queue_counts(*, by_person_id: int) -> tuple[QueueCount, ...]:
    """How many things of each kind wait, every kind in DecisionKind's order (operators only)."""
    await check_operator(by_person_id)
    return tuple([QueueCount(kind, await SOURCES[kind].count() if kind in SOURCES else 0) for kind in DecisionKind])


async def pending_page(kind: DecisionKind, *, by_person_id: int, after: int | None = None,
                       limit: int = PAGE_LIMIT) -> PendingPage:
    """What of one kind waits, oldest first, a page at a time (operators only)."""
    await check_operator(by_person_id)
    if not 1 <= limit <= PAGE_LIMIT:
        raise Invalid("invalid_parameter", parameter="limit", min=1, max=PAGE_LIMIT)
    source = SOURCES.get(kind)
    items = await source.page(after, limit + 1) if source else []
    page = items[:limit]
    return PendingPage(tuple(page), page[-1].id if len(items) > limit else None)


async def get_pending(kind: DecisionKind, subject_id: int, *, by_person_id: int) -> Pending:
    """One thing of the queue, waiting or decided (operators only)."""
    await check_operator(by_person_id)
    return await _subject(kind, subject_id)


async def decide(kind: DecisionKind, subject_id: int, *, approve: bool, reason: str = "",
                 by_person_id: int) -> DecisionView:
    """An operator approves or refuses something that waits, saying why when refusing (see the table above)."""
    await check_operator(by_person_id)
    reason = reason.strip()
    if not approve and not reason:
        raise Invalid("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    subject = await _subject(kind, subject_id)
    source = SOURCES[kind]
    async with in_transaction():
        # Conditional on still waiting: of two operators deciding at once, the first decision stands.
        if not await source.settle(subject_id, approve):
            raise Conflict("already_decided", name=subject.name)
        decision = await Decision.create(kind=kind, subject_id=subject_id, approved=approve, reason=reason,
                                         by_person_id=by_person_id)
        for person_id, chat_id in await source.told(subject_id):
            await enqueue_notification(chat_id=chat_id, person_id=person_id, template="decision_made",
                                       params={"decision_id": decision.id})
    return await get_decision(decision.id)


async def get_decision(decision_id: int) -> DecisionView:
    """One recorded decision, with the name of what it decided (what the outbox tells the people concerned)."""
    row = await Decision.filter(id=decision_id).first().values(
        "id", "kind", "subject_id", "approved", "reason", "at", by_name="by_person__name")
    if row is None:
        raise NotFound("decision_not_found")
    kind = DecisionKind(row["kind"])
    subject = await SOURCES[kind].get(row["subject_id"]) if kind in SOURCES else None
    return DecisionView(row["id"], kind, row["subject_id"], subject.name if subject else "", row["approved"],
                        row["reason"], row["by_name"], row["at"])


async def decisions_about(kind: DecisionKind, subject_id: int, *, by_person_id: int) -> tuple[DecisionView, ...]:
    """Every decision recorded about one thing, oldest first (operators only)."""
    await check_operator(by_person_id)
    rows = await Decision.filter(kind=kind, subject_id=subject_id).order_by("id").values("id")
    return tuple([await get_decision(row["id"]) for row in rows])


async def _subject(kind: DecisionKind, subject_id: int) -> Pending:
    source = SOURCES.get(kind)
    subject = await source.get(subject_id) if source and 0 < subject_id < 2**31 else None
    if subject is None:
        raise NotFound("decision_subject_not_found")
    return subject
