"""Received orders as an office searches them (the desk): by status and by the days they were placed, newest first,
a page of fifty; and an organization's orders at a glance, found by its slug.

The days are the organization's calendar days (its territory's time zone): an order placed at 23:30 in La Paz on
the 3rd is an order of the 3rd, though it is the 4th in UTC.

| since | until | orders placed                                  |
|-------|-------|------------------------------------------------|
| None  | None  | any day                                        |
| 3 Mar | None  | from 3 March 00:00 local time on               |
| None  | 5 Mar | before 6 March 00:00 local time                |
| 3 Mar | 5 Mar | from 3 March 00:00 to 5 March 23:59:59 local   |
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from market.enums import OrderStatus, ProofStatus
from market.errors import Forbidden, NotFound
from market.models import Order, OrderLine, Organization, PaymentProof
from market.services.orders.placing import _is_member
from market.services.orders.received import StatusCounts, _status_counts

PAGE_SIZE = 50


@dataclass(frozen=True)
class OrganizationOrders:
    """An organization as its desk names it, with how many of its orders are in each status."""

    id: int
    slug: str
    name: str
    country_code: str
    time_zone: str
    counts: StatusCounts


@dataclass(frozen=True)
class LineSummary:
    product_name: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class FoundOrder:
    """One row of the desk's list."""

    id: int
    status: OrderStatus
    consumer_name: str  # "" when the buyer asked to be forgotten
    placed_at: datetime
    total: Decimal
    currency: str
    paid: bool
    proof_pending: bool  # the buyer says they paid; an admin has not answered yet
    lines: tuple[LineSummary, ...]


@dataclass(frozen=True)
class FoundOrders:
    """A page of the orders that match, and how many match in all."""

    orders: tuple[FoundOrder, ...]
    matching: int
    page: int  # from 0; a page past the end shows the last one
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


async def organization_orders(slug: str) -> OrganizationOrders:
    """The organization named by `slug`, with its orders counted by status (who may see it: the caller asks)."""
    row = await Organization.filter(slug=slug).first().values(
        "id", "name", "territory__country_code", "territory__time_zone")
    if row is None:
        raise NotFound("organization_not_found", slug=slug)
    return OrganizationOrders(id=row["id"], slug=slug, name=row["name"], country_code=row["territory__country_code"],
                              time_zone=row["territory__time_zone"], counts=await _status_counts(row["id"]))


async def search_received_orders(
    organization_id: int, *, viewer_person_id: int, status: OrderStatus | None = None,
    since: date | None = None, until: date | None = None, page: int = 0, page_size: int = PAGE_SIZE,
) -> FoundOrders:
    """The organization's orders in `status`, placed from `since` to `until` (its days, see the table above),
    newest first; its members only, as in the bot."""
    zone = await Organization.filter(id=organization_id).first().values_list("territory__time_zone", flat=True)
    if zone is None:
        raise NotFound("organization_not_found")
    if not await _is_member(organization_id, viewer_person_id):
        raise Forbidden("not_a_member")
    query = Order.filter(organization_id=organization_id)
    if status is not None:
        query = query.filter(status=OrderStatus(status))
    if since is not None:
        query = query.filter(placed_at__gte=_midnight(since, str(zone)))
    if until is not None:
        query = query.filter(placed_at__lt=_midnight(until + timedelta(days=1), str(zone)))
    matching = await query.count()
    pages = max(1, -(-matching // page_size))
    page = min(max(page, 0), pages - 1)
    rows = await query.order_by("-placed_at", "-id").offset(page * page_size).limit(page_size).values(
        "id", "status", "consumer__name", "placed_at", "total", "currency", "paid_at")
    ids = [r["id"] for r in rows]
    lines = await _lines(ids)
    waiting = set(await PaymentProof.filter(order_id__in=ids, status=ProofStatus.PENDING).values_list(
        "order_id", flat=True)) if ids else set()
    return FoundOrders(
        orders=tuple(
            FoundOrder(id=r["id"], status=OrderStatus(r["status"]), consumer_name=r["consumer__name"] or "",
                       placed_at=r["placed_at"], total=Decimal(r["total"]), currency=r["currency"],
                       paid=r["paid_at"] is not None, proof_pending=r["id"] in waiting, lines=lines[r["id"]])
            for r in rows
        ),
        matching=matching, page=page, pages=pages,
    )


def _midnight(day: date, zone: str) -> datetime:
    """The first moment of `day` in the organization's time zone, in UTC: SQLite compares stored moments as text."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


async def _lines(order_ids: list[int]) -> defaultdict[int, tuple[LineSummary, ...]]:
    """Each order's lines, in the order they were added: one query for the whole page."""
    found: defaultdict[int, tuple[LineSummary, ...]] = defaultdict(tuple)
    if not order_ids:
        return found
    rows = await OrderLine.filter(order_id__in=order_ids).order_by("order_id", "id").values_list(
        "order_id", "product_name", "quantity", "unit")
    for order_id, product, quantity, unit in rows:
        found[order_id] += (LineSummary(product, Decimal(quantity), unit),)
    return found
