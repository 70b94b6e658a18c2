"""Direct orders: checkout of the whole cart, and reading orders (their life after: order_status)."""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, OrderStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.faults import fault_point
from market.models import Member, Order, OrderLine
from market.rules.amounts import fund_share, line_amount
from market.rules.offers import OfferFace
from market.services.catalog.version import bump_for_stock_moved, stock_moved_marks, stock_version_written
from market.services.lots.sales import LineTake, take_from_lots
from market.services.messaging.notifications import enqueue_notification
from market.services.orders.checkout import (
    CheckoutItem,
    checkout_items,
    delete_cart_items,
    insert_lines,
    owe_order_notices,
    placed_with_key,
    take_stock,
)

DELIVERY_NOTE_LIMIT = 500
# f"{key}:{organization_id}" must fit Order.idempotency_key (64 characters).
IDEMPOTENCY_KEY_LIMIT = 48
# Checkouts one process runs at once, by engine; the rest wait their turn in the process, holding no connection.
# SQLite has one writer: a second checkout would only wait on its lock. On PostgreSQL a crowd buying the same offers
# queues on their rows anyway; a few at once keep the rows busy without every pooled connection waiting on a lock
# (bench/checkout.py).
CHECKOUTS_AT_ONCE = {"postgres": 3, "sqlite": 1}
_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class OrderLineView:
    offer_id: int
    product_name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    fund_amount: Decimal


@dataclass(frozen=True)
class OrderView:
    id: int
    status: OrderStatus
    organization_id: int
    organization_name: str
    organization_pickup_point: str
    consumer_id: int
    consumer_name: str
    country_code: str
    currency: str
    total: Decimal
    fund_total: Decimal
    pickup_point: str
    delivery_note: str
    status_reason: str
    placed_at: datetime
    paid_at: datetime | None
    lines: tuple[OrderLineView, ...]


async def place_orders(
    person_id: int, *, idempotency_key: str, pickup: bool = True, delivery_note: str = ""
) -> tuple[OrderView, ...]:
    """Order the whole cart, one order per organization, in one transaction: all or nothing.

    The same `idempotency_key` again (a button pressed twice, an update delivered twice, even
    at the same moment) returns the orders of the first checkout and changes nothing.
    """
    note = delivery_note.strip()
    if not pickup and not note:
        raise Invalid("delivery_note_missing")
    if len(note) > DELIVERY_NOTE_LIMIT:
        raise Invalid("delivery_note_too_long", limit=DELIVERY_NOTE_LIMIT)
    if not idempotency_key or len(idempotency_key) > IDEMPOTENCY_KEY_LIMIT:
        raise Invalid("bad_idempotency_key", limit=IDEMPOTENCY_KEY_LIMIT)
    try:
        async with _turn(), in_transaction():
            if order_ids := await placed_with_key(person_id, idempotency_key):
                return await _views(Order.filter(id__in=order_ids).order_by("id"))
            return await _checkout(person_id, idempotency_key, pickup, note)
    except IntegrityError:
        # The same key committed first from another task: its orders are the answer.
        order_ids = await placed_with_key(person_id, idempotency_key)
        if not order_ids:
            raise Conflict("idempotency_key_reused") from None
    return await _views(Order.filter(id__in=order_ids).order_by("id"))


def _turn() -> asyncio.Semaphore:
    """This process's checkout queue (one per event loop: a semaphore belongs to the loop it first waits in)."""
    loop = asyncio.get_running_loop()
    turn = _turns.get(loop)
    if turn is None:
        turn = _turns[loop] = asyncio.Semaphore(CHECKOUTS_AT_ONCE.get(Order._meta.db.capabilities.dialect, 1))
    return turn


async def _checkout(person_id: int, key: str, pickup: bool, note: str) -> tuple[OrderView, ...]:
    """Write what waits on nobody first, then take the stock: on PostgreSQL the offers' rows stay locked from their
    UPDATE to the commit, and a crowd buying the same offers queues on them, so that part comes last and is short."""
    items = await checkout_items(person_id)
    if not items:
        # A racing checkout with this key may have committed (and emptied the cart) since we looked.
        if order_ids := await placed_with_key(person_id, key):
            return await _views(Order.filter(id__in=order_ids).order_by("id"))
        raise Invalid("cart_empty")
    groups: dict[int, list[CheckoutItem]] = {}
    for item in items:  # in (organization, offer) order: every checkout locks stock in it, so two never deadlock
        groups.setdefault(item.organization_id, []).append(item)
    orders = [_order_of(person_id, group, f"{key}:{org}", pickup, note) for org, group in groups.items()]
    _refuse_what_is_short(items)
    for order, lines in orders:
        await order.save()  # first: a racing same key fails here, before anything is locked
        for line in lines:
            line.order_id = order.id
    await insert_lines([line for _, lines in orders for line in lines])
    for order, _ in orders:
        # An association's forty families each hear of it: one INSERT, not forty (bench/checkout.py, lots run).
        await owe_order_notices(order.id, order.organization_id)
    await delete_cart_items([item.id for item in items])
    taken: dict[int, OfferFace] = {}
    for group in groups.values():
        taken |= await take_stock(group)
    # Whose product it is: from each offer's lots, oldest first, under the offers' row locks just taken. Stock was
    # taken: search and cards show it, and the offers are marked for them, last, after every offer is locked (on
    # PostgreSQL in the lots' statement, when marking is all it takes).
    moved = {item.offer_id: -item.quantity for item in items}
    raised = await take_from_lots([LineTake(line.offer_id, line.id, line.quantity, line.product_name, line.unit)
                                   for _, lines in orders for line in lines],
                                  by_person_id=person_id, mark=stock_moved_marks(moved, taken) or ())
    if raised is None:
        await bump_for_stock_moved(moved, taken)
    else:
        stock_version_written(raised)
    await fault_point("checkout.stock_taken")  # a kill here must leave the stock and the cart as they were
    return tuple(_written_view(order, lines, groups[order.organization_id][0]) for order, lines in orders)


def _order_of(person_id: int, items: list[CheckoutItem], key: str, pickup: bool,
              note: str) -> tuple[Order, list[OrderLine]]:
    """One organization's order and its lines, priced from the cart's offers, not yet written."""
    currency = items[0].currency
    if any(item.currency != currency for item in items):
        raise Invalid("mixed_currencies", organization=items[0].organization)
    lines = []
    for item in items:
        amount = line_amount(item.quantity, item.price, currency)
        lines.append(OrderLine(
            offer_id=item.offer_id, product_name=item.product, quantity=item.quantity, unit=item.unit,
            unit_price=item.price, amount=amount, fund_amount=fund_share(amount, item.fund_rate, currency),
            margin_amount=fund_share(amount, item.margin_rate, currency),
        ))
    order = Order(
        consumer_id=person_id, organization_id=items[0].organization_id, currency=currency,
        total=sum((line.amount for line in lines), Decimal(0)),
        fund_total=sum((line.fund_amount for line in lines), Decimal(0)),
        pickup_point=items[0].pickup_point if pickup else "", delivery_note=note, idempotency_key=key,
    )
    return order, lines


def _refuse_what_is_short(items: list[CheckoutItem]) -> None:
    """Refuse before writing anything when the cart's own read shows too little (most refusals, when a crowd
    wants the last units); the guarded UPDATE of take_stock stays the rule for what changed since."""
    now = clock.now()
    for item in items:
        if item.quantity > (available := item.available(now)):
            raise Conflict("not_enough_stock", product=item.product, available=available, unit=item.unit)


def _written_view(order: Order, lines: list[OrderLine], item: CheckoutItem) -> OrderView:
    """The order just written as reading it gives it (_views), without reading it: its values through the fields."""
    return OrderView(
        id=order.id, status=OrderStatus(order.status), organization_id=order.organization_id,
        organization_name=item.organization, organization_pickup_point=item.pickup_point,
        consumer_id=order.consumer_id, consumer_name=item.consumer_name, country_code=item.country_code,
        currency=order.currency, total=_read(order, "total"), fund_total=_read(order, "fund_total"),
        pickup_point=order.pickup_point, delivery_note=order.delivery_note, status_reason=order.status_reason,
        placed_at=_read(order, "placed_at"), paid_at=order.paid_at,
        lines=tuple(
            OrderLineView(
                offer_id=line.offer_id, product_name=line.product_name, quantity=_read(line, "quantity"),
                unit=line.unit, unit_price=_read(line, "unit_price"), amount=_read(line, "amount"),
                fund_amount=_read(line, "fund_amount"),
            )
            for line in sorted(lines, key=lambda line: line.id)
        ),
    )


def _read(model: Order | OrderLine, name: str) -> Any:
    return model._meta.fields_map[name].to_python_value(getattr(model, name))


async def list_orders(person_id: int, *, limit: int = 10) -> tuple[OrderView, ...]:
    """The consumer's own orders, newest first."""
    return await _views(Order.filter(consumer_id=person_id).order_by("-placed_at", "-id").limit(limit))


async def get_order(order_id: int, *, viewer_id: int) -> OrderView:
    """An order as its consumer or a member of its organization sees it."""
    view = await _view(order_id)
    if view.consumer_id != viewer_id and not await _is_member(view.organization_id, viewer_id):
        raise Forbidden("not_your_order")
    return view


async def _order(order_id: int) -> Order:
    order = await Order.get_or_none(id=order_id)
    if order is None:
        raise NotFound("order_not_found")
    return order


async def _is_member(organization_id: int, person_id: int) -> bool:
    return await _members(organization_id).filter(person_id=person_id).exists()


def _members(organization_id: int) -> QuerySet[Member]:
    """The approved admins and producers: who may handle, and hears about, the organization's orders."""
    return Member.filter(
        organization_id=organization_id, status=MembershipStatus.APPROVED,
        role__in=(MemberRole.ADMIN, MemberRole.PRODUCER),
    )


async def _notify_members(organization_id: int, template: str, params: dict[str, Any], cause: str) -> None:
    """Owe each approved admin and producer a message (a new order's: checkout.owe_order_notices)."""
    recipients = await _members(organization_id).filter(person__telegram_user_id__isnull=False).values_list(
        "person_id", "person__telegram_user_id"
    )
    for person_id, chat_id in recipients:
        await enqueue_notification(
            chat_id=chat_id, template=template, params=params, person_id=person_id,
            dedupe_key=f"{cause}:{person_id}",
        )


async def _view(order_id: int) -> OrderView:
    views = await _views(Order.filter(id=order_id))
    if not views:
        raise NotFound("order_not_found")
    return views[0]


async def _views(query: QuerySet[Order]) -> tuple[OrderView, ...]:
    orders = await query.select_related("organization__territory", "consumer").prefetch_related("lines")
    return tuple(
        OrderView(
            id=o.id, status=OrderStatus(o.status), organization_id=o.organization_id,
            organization_name=o.organization.name, organization_pickup_point=o.organization.pickup_point,
            consumer_id=o.consumer_id, consumer_name=o.consumer.name,
            country_code=o.organization.territory.country_code, currency=o.currency, total=o.total,
            fund_total=o.fund_total, pickup_point=o.pickup_point, delivery_note=o.delivery_note,
            status_reason=o.status_reason, placed_at=o.placed_at, paid_at=o.paid_at,
            lines=tuple(
                OrderLineView(
                    offer_id=line.offer_id, product_name=line.product_name, quantity=line.quantity, unit=line.unit,
                    unit_price=line.unit_price, amount=line.amount, fund_amount=line.fund_amount,
                )
                for line in sorted(o.lines, key=lambda line: line.id)
            ),
        )
        for o in orders
    )
