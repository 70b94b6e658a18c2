"""Received orders: an organization's orders as its members find them, and how many wait for an answer.

An order whose notification never arrived (the admin had not started the bot yet) is found here, so no
order waits unseen. Only the organization's approved admins and producers see its orders.

The open shelf lists what is still to handle, new first (oldest first within a status: it has waited
longest), then confirmed, then ready; the finished shelf lists delivered and cancelled orders, newest first.

| shelf    | statuses, in this order      | within a status |
|----------|------------------------------|-----------------|
| open     | placed, confirmed, ready     | oldest first    |
| finished | delivered and cancelled      | newest first    |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import Case, When
from tortoise.functions import Count

from market.enums import MemberRole, MembershipStatus, OrderShelf, OrderStatus
from market.errors import Forbidden, NotFound
from market.models import Member, Order, Organization
from market.services.orders.buyers import BuyerContact, buyer_contact
from market.services.orders.placing import OrderView, _is_member, _order, _view

PAGE_SIZE = 8
SHELVES = {
    OrderShelf.OPEN: (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.READY),
    OrderShelf.FINISHED: (OrderStatus.DELIVERED, OrderStatus.CANCELLED),
}


@dataclass(frozen=True)
class ReceivedOrder:
    """One line of the list: enough to tell orders apart on a small screen."""

    id: int
    status: OrderStatus
    consumer_name: str  # "" when the buyer asked to be forgotten
    total: Decimal
    currency: str
    placed_at: datetime
    paid: bool


@dataclass(frozen=True)
class StatusCounts:
    """How many of the organization's orders are in each status."""

    placed: int = 0
    confirmed: int = 0
    ready: int = 0
    delivered: int = 0
    cancelled: int = 0

    def of(self, status: OrderStatus) -> int:
        return int(getattr(self, status.value))

    def on(self, shelf: OrderShelf) -> int:
        return sum(self.of(status) for status in SHELVES[shelf])


@dataclass(frozen=True)
class ReceivedOrdersPage:
    """A page of an organization's received orders on one shelf."""

    organization_id: int
    organization_name: str
    country_code: str
    time_zone: str
    shelf: OrderShelf
    counts: StatusCounts
    orders: tuple[ReceivedOrder, ...]
    page: int  # from 0; a page past the end shows the last one
    has_previous: bool
    has_next: bool


@dataclass(frozen=True)
class OrganizationWaiting:
    """An organization whose orders the person handles, and how many of its orders wait for an answer."""

    organization_id: int
    organization_name: str
    waiting: int


@dataclass(frozen=True)
class WaitingOrders:
    """The organizations whose orders a person handles (none: they handle no orders), by name."""

    organizations: tuple[OrganizationWaiting, ...]

    @property
    def total(self) -> int:
        return sum(o.waiting for o in self.organizations)


@dataclass(frozen=True)
class ReceivedOrderDetail:
    """One received order as a member opens it, and how its buyer may be reached."""

    order: OrderView
    buyer: BuyerContact


async def list_received_orders(
    organization_id: int, *, viewer_person_id: int, shelf: OrderShelf = OrderShelf.OPEN, page: int = 0
) -> ReceivedOrdersPage:
    """A page of the organization's orders on `shelf` (see the table above); members only."""
    organization = await Organization.filter(id=organization_id).first().values(
        "name", "territory__country_code", "territory__time_zone")
    if organization is None:
        raise NotFound("organization_not_found")
    if not await _is_member(organization_id, viewer_person_id):
        raise Forbidden("not_a_member")
    shelf = OrderShelf(shelf)
    counts = await _status_counts(organization_id)
    last_page = max(0, (counts.on(shelf) - 1) // PAGE_SIZE)
    page = min(max(page, 0), last_page)
    query = Order.filter(organization_id=organization_id, status__in=SHELVES[shelf])
    if shelf == OrderShelf.OPEN:
        # Text ranks: PostgreSQL types a CASE's bound values as text.
        rank = Case(When(status=OrderStatus.PLACED, then="0"), When(status=OrderStatus.CONFIRMED, then="1"),
                    default="2")
        query = query.annotate(rank=rank).order_by("rank", "id")
    else:
        query = query.order_by("-id")
    rows = await query.offset(page * PAGE_SIZE).limit(PAGE_SIZE).values(
        "id", "status", "consumer__name", "total", "currency", "placed_at", "paid_at")
    return ReceivedOrdersPage(
        organization_id=organization_id, organization_name=organization["name"],
        country_code=organization["territory__country_code"], time_zone=organization["territory__time_zone"],
        shelf=shelf, counts=counts, page=page, has_previous=page > 0, has_next=page < last_page,
        orders=tuple(
            ReceivedOrder(id=r["id"], status=OrderStatus(r["status"]), consumer_name=r["consumer__name"],
                          total=Decimal(r["total"]), currency=r["currency"], placed_at=r["placed_at"],
                          paid=r["paid_at"] is not None)
            for r in rows
        ),
    )


async def get_received_order(order_id: int, *, viewer_person_id: int) -> ReceivedOrderDetail:
    """One of the organization's orders, opened from the list by one of its members."""
    order = await _order(order_id)
    if not await _is_member(order.organization_id, viewer_person_id):
        raise Forbidden("not_a_member")
    return ReceivedOrderDetail(order=await _view(order_id), buyer=await buyer_contact(order.consumer_id))


async def count_waiting_orders(person_id: int) -> WaitingOrders:
    """Each organization whose orders the person handles (approved admin or producer), with its orders still
    placed, waiting for someone to confirm or refuse them."""
    memberships = await Member.filter(
        person_id=person_id, status=MembershipStatus.APPROVED, role__in=(MemberRole.ADMIN, MemberRole.PRODUCER),
    ).order_by("organization__name", "organization_id").values_list("organization_id", "organization__name")
    if not memberships:
        return WaitingOrders(())
    waiting = dict(await Order.filter(
        organization_id__in=[organization_id for organization_id, _ in memberships], status=OrderStatus.PLACED,
    ).group_by("organization_id").annotate(n=Count("id")).values_list("organization_id", "n"))
    return WaitingOrders(tuple(
        OrganizationWaiting(organization_id, name, int(waiting.get(organization_id, 0)))
        for organization_id, name in memberships
    ))


async def _status_counts(organization_id: int) -> StatusCounts:
    rows = await Order.filter(organization_id=organization_id).group_by("status").annotate(
        n=Count("id")).values_list("status", "n")
    return StatusCounts(**{OrderStatus(status).value: int(n) for status, n in rows})
