"""Visit requests: an organization's admin asks a network for a visit, and one of its reviewers takes it.

    request_visit ──▶ open ──take_request (a reviewer with a role)──▶ taken ──the visit decided──▶ done
                        └──withdraw_request (an admin)──▶ withdrawn      ◀──the visit withdrawn: open again──┘

| step                                                        | result                                              |
|-------------------------------------------------------------|-----------------------------------------------------|
| request_visit by an admin, approved network, some products  | an open request; the network's reviewers told (when |
|                                                             | it covers the organization's place), not members    |
| by anyone but an approved admin of the organization         | Forbidden("not_an_admin")                           |
| no product, or one of another organization                  | Invalid("no_products") / Invalid("product_not_...") |
| the organization has a request open or taken at the network | Conflict("visit_already_requested")                 |
| withdraw_request of an open request by an admin             | withdrawn                                           |
| withdraw_request of a taken (or ended) one                  | Conflict("visit_request_not_open")                  |
| take_request by an active reviewer with a role              | taken; a draft visit led by them (visits.py); the   |
|                                                             | organization's admins told who took it              |
| by a reviewer without a role                                | Forbidden("reviewer_without_role")                  |
| by a member of the organization                             | Forbidden("member_of_reviewed_organization")        |
| two reviewers at once                                       | one takes it; Conflict("visit_request_taken")       |
| the same reviewer again                                     | their visit again, nothing written                  |
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, NetworkStatus, ReviewStage, VisitRequestStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import (
    Member,
    Organization,
    PeerReview,
    PeerReviewProduct,
    Person,
    PgsChecklist,
    PgsNetwork,
    PgsReviewer,
    Product,
    Territory,
    VisitRequest,
    VisitRequestProduct,
)
from market.orm import column_of, value_of
from market.services.messaging.notifications import enqueue_notification
from market.services.seals import support

# A request still waiting for its visit: asking the same network again would only say it twice.
PENDING = (VisitRequestStatus.OPEN, VisitRequestStatus.TAKEN)
# A pending member has a stake in the visit too (market.services.seals.support.member_ids).
MEMBER_STATUSES = (MembershipStatus.APPROVED, MembershipStatus.PENDING)


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class RequestStart:
    """What an admin chooses from to ask for a visit: the networks (covering the organization first), products."""

    organization_id: int
    organization_name: str
    networks: tuple[Choice, ...]
    products: tuple[Choice, ...]


@dataclass(frozen=True)
class RequestView:
    id: int
    network_id: int
    network_name: str
    organization_id: int
    organization_name: str
    status: VisitRequestStatus
    products: tuple[str, ...]
    taken_by_name: str | None


async def admin_organizations(person_id: int) -> tuple[Choice, ...]:
    """The organizations the person is an approved admin of, by name."""
    rows = await Member.filter(person_id=person_id, role=MemberRole.ADMIN, status=MembershipStatus.APPROVED).order_by(
        "organization__name").values_list("organization_id", "organization__name")
    return tuple(Choice(int(i), str(n)) for i, n in rows)


async def request_start(organization_id: int, *, by_person_id: int) -> RequestStart:
    """The approved networks (those whose territory contains the organization's first) and its active products."""
    name = await check_admin(organization_id, by_person_id)
    territory_id = await column_of(Organization.filter(id=organization_id), "territory_id", int)
    places = await territory_line(territory_id[0])
    networks = await PgsNetwork.filter(status=NetworkStatus.APPROVED).order_by("name", "id").values_list(
        "id", "name", "territory_id")
    networks.sort(key=lambda n: n[2] not in places)  # stable: covering ones first, each part by name
    products = await Product.filter(organization_id=organization_id, active=True).order_by("name", "id").values_list(
        "id", "name")
    return RequestStart(organization_id, name, tuple(Choice(int(i), str(n)) for i, n, _ in networks),
                        tuple(Choice(int(i), str(n)) for i, n in products))


async def request_visit(organization_id: int, network_id: int, product_ids: list[int], *,
                        by_person_id: int) -> RequestView:
    """An admin asks the network to visit these products; its reviewers are told (see the table above)."""
    await check_admin(organization_id, by_person_id)
    network = await PgsNetwork.get_or_none(id=network_id, status=NetworkStatus.APPROVED)
    if network is None:
        raise NotFound("network_not_found", network=str(network_id))
    if await VisitRequest.exists(organization_id=organization_id, network_id=network_id, status__in=PENDING):
        raise Conflict("visit_already_requested")  # a repeated press, as much as a second request
    if not product_ids:
        raise Invalid("no_products")
    owned = set(await column_of(Product.filter(organization_id=organization_id, id__in=product_ids), "id", int))
    if owned != set(product_ids):
        raise Invalid("product_not_of_organization", product=str(min(set(product_ids) - owned)),
                      organization=str(organization_id))
    async with in_transaction():
        # Serialize two admins asking at once: the second finds the first's request.
        await Organization.select_for_update().filter(id=organization_id).first()
        if await VisitRequest.exists(organization_id=organization_id, network_id=network_id, status__in=PENDING):
            raise Conflict("visit_already_requested")
        request = await VisitRequest.create(network_id=network_id, organization_id=organization_id,
                                            requested_by_id=by_person_id, status=VisitRequestStatus.OPEN)
        await VisitRequestProduct.bulk_create([VisitRequestProduct(request_id=request.id, product_id=p)
                                               for p in sorted(owned)])
        await _tell_reviewers(request, network)
    return await get_request(request.id)


async def withdraw_request(request_id: int, *, by_person_id: int) -> RequestView:
    """An admin withdraws an open request; one a reviewer took is theirs to withdraw (as a visit)."""
    request = await _request(request_id)
    await check_admin(request.organization_id, by_person_id)
    if not await VisitRequest.filter(id=request_id, status=VisitRequestStatus.OPEN).update(
            status=VisitRequestStatus.WITHDRAWN):
        raise Conflict("visit_request_not_open")
    return await get_request(request_id)


async def organization_requests(organization_id: int, *, by_person_id: int) -> tuple[RequestView, ...]:
    """The organization's requests waiting for a visit, newest first (its admins' page)."""
    await check_admin(organization_id, by_person_id)
    ids = await column_of(VisitRequest.filter(organization_id=organization_id, status__in=PENDING).order_by("-id"),
                          "id", int)
    return tuple([await get_request(i) for i in ids])


async def open_requests(person_id: int) -> tuple[RequestView, ...]:
    """The open requests of the networks the person reviews for, but not their own organizations', oldest first."""
    networks = await column_of(PgsReviewer.filter(person_id=person_id, active=True), "network_id", int)
    own = await column_of(Member.filter(person_id=person_id, status__in=MEMBER_STATUSES), "organization_id",
                          int)
    ids = await column_of(VisitRequest.filter(network_id__in=networks, status=VisitRequestStatus.OPEN).exclude(
        organization_id__in=own).order_by("id"), "id", int)
    return tuple([await get_request(i) for i in ids])


async def take_request(request_id: int, *, by_person_id: int) -> int:
    """A reviewer takes an open request and leads its visit: the draft's id (see the table above)."""
    request = await _request(request_id)
    if request.status == VisitRequestStatus.TAKEN and request.taken_by_id == by_person_id:
        # Pressed again by whoever took it: their visit, not a second one.
        led = await column_of(PeerReview.filter(request_id=request_id, recorded_by_id=by_person_id).order_by("-id"),
                              "id", int)
        if led:
            return led[0]
    reviewer = await support.reviewer(request.network_id, by_person_id)
    if reviewer.role is None:
        raise Forbidden("reviewer_without_role")
    if by_person_id in await support.member_ids(request.organization_id):
        raise Forbidden("member_of_reviewed_organization", person=await support.person_name(by_person_id))
    now = clock.now()
    checklist = await PgsChecklist.filter(network_id=request.network_id).order_by("-version").first()
    async with in_transaction():
        # Conditional: of two reviewers pressing at once, one changes the row, the other finds it taken.
        if not await VisitRequest.filter(id=request_id, status=VisitRequestStatus.OPEN).update(
                status=VisitRequestStatus.TAKEN, taken_by_id=by_person_id, taken_at=now):
            raise Conflict("visit_request_taken")
        review = await PeerReview.create(
            network_id=request.network_id, organization_id=request.organization_id, visited_on=clock.today(),
            stage=ReviewStage.DRAFT, request_id=request_id, checklist_id=checklist.id if checklist else None,
            recorded_by_id=by_person_id)
        products = await column_of(VisitRequestProduct.filter(request_id=request_id), "product_id", int)
        await PeerReviewProduct.bulk_create([PeerReviewProduct(review_id=review.id, product_id=p) for p in products])
        await _tell_admins(request)
    return review.id


async def get_request(request_id: int) -> RequestView:
    row = await VisitRequest.filter(id=request_id).first().values(
        "id", "network_id", "network__name", "organization_id", "organization__name", "status", "taken_by__name")
    if row is None:
        raise NotFound("visit_request_not_found")
    products = await VisitRequestProduct.filter(request_id=request_id).order_by("product__name").values_list(
        "product__name", flat=True)
    return RequestView(row["id"], row["network_id"], row["network__name"], row["organization_id"],
                       row["organization__name"], VisitRequestStatus(row["status"]),
                       tuple(str(p) for p in products), row["taken_by__name"])


async def check_admin(organization_id: int, person_id: int) -> str:
    """The organization's name, for one of its approved admins; refused to anyone else."""
    name = await column_of(Organization.filter(id=organization_id), "name", str)
    if not name:
        raise NotFound("organization_not_found")
    if not await Member.exists(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=MembershipStatus.APPROVED):
        raise Forbidden("not_an_admin")
    return name[0]


async def territory_line(territory_id: int) -> set[int]:
    """The place and every place containing it (its municipality, region, country)."""
    line: set[int] = set()
    current: int | None = territory_id
    while current is not None and current not in line:
        line.add(current)
        current = await value_of(Territory.filter(id=current).first(), "parent_id", int)
    return line


async def _request(request_id: int) -> VisitRequest:
    request = await VisitRequest.get_or_none(id=request_id)
    if request is None:
        raise NotFound("visit_request_not_found")
    return request


async def _tell_admins(request: VisitRequest) -> None:
    """The organization's admins hear who took their request, to agree on the visit's day with them."""
    admins = await Member.filter(organization_id=request.organization_id, role=MemberRole.ADMIN,
                                 status=MembershipStatus.APPROVED, person__forgotten_at__isnull=True).values_list(
        "person_id", "person__telegram_user_id")
    for person_id, chat_id in admins:
        if chat_id:
            await enqueue_notification(chat_id=chat_id, person_id=person_id, template="visit_taken",
                                       params={"request_id": request.id},
                                       dedupe_key=f"visit_taken:{request.id}:{person_id}")


async def _tell_reviewers(request: VisitRequest, network: PgsNetwork) -> None:
    """The network's reviewers hear of a request from a place it covers; the organization's members do not."""
    territory = await column_of(Organization.filter(id=request.organization_id), "territory_id", int)
    if network.territory_id not in await territory_line(territory[0]):
        return
    members = await support.member_ids(request.organization_id)
    reviewers = await PgsReviewer.filter(network_id=network.id, active=True).exclude(
        person_id__in=members or {0}).values_list("person_id", "person__telegram_user_id")
    for person_id, chat_id in reviewers:
        if chat_id and await Person.exists(id=person_id, forgotten_at__isnull=True):
            await enqueue_notification(chat_id=chat_id, person_id=person_id, template="visit_requested",
                                       params={"request_id": request.id},
                                       dedupe_key=f"visit_requested:{request.id}:{person_id}")
