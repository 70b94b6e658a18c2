"""An order's life after checkout: the consumer cancels; a member confirms, readies, delivers, refuses, records payment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tortoise.expressions import F, Subquery
from tortoise.transactions import in_transaction

from market import clock
from market.enums import LedgerAccount, LedgerKind, OrderStatus, ProofStatus
from market.errors import Conflict, Forbidden, Invalid
from market.models import LedgerEntry, Offer, Order, OrderLine, Organization, PaymentProof, Person
from market.orm import value_of
from market.rules.orders import next_statuses
from market.services.catalog.version import bump_for_stock_moved
from market.services.lots.preview import is_admin
from market.services.lots.sales import give_back
from market.services.messaging.notifications import enqueue_notification
from market.services.orders.placing import OrderView, _is_member, _notify_members, _order, _view
from market.services.orders.refunds import owe_refund
from market.services.receipts.issuing import issue_order_receipt

REASON_LIMIT = 500
_PROGRESS = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.READY, OrderStatus.DELIVERED)
# An order in one of these is over: nobody needs where to deliver it any more.
FINISHED = (OrderStatus.DELIVERED, OrderStatus.CANCELLED)


async def cancel_order(order_id: int, *, by_person_id: int) -> OrderView:
    """The consumer takes back an order nobody has confirmed yet; the stock returns.

    Not while they say they paid it (a proof waits): the organization answers the proof first. Nor once paid: a
    buyer never refunds herself; she is told to ask the organization, which refuses it and owes the refund.
    """
    order = await _order(order_id)
    if order.consumer_id != by_person_id:
        raise Forbidden("not_your_order")
    if await PaymentProof.exists(order_id=order_id, status=ProofStatus.PENDING):
        raise Conflict("proof_pending")
    async with in_transaction():
        if not await _move(order_id, (OrderStatus.PLACED,), OrderStatus.CANCELLED, unpaid=True):
            current = await _order(order_id)
            if current.paid_at is not None and current.status != OrderStatus.CANCELLED:
                raise Conflict("order_paid_ask_organization", organization=await _organization_name(current))
            raise await _not_movable("order_not_cancellable", order_id)
        await _return_stock(order_id, by_person_id)
        params = {"order_id": order_id}
        await _notify_members(order.organization_id, "order_cancelled", params, f"order:{order_id}:cancelled")
    return await _view(order_id)


async def advance_order(order_id: int, *, by_person_id: int, to: OrderStatus) -> OrderView:
    """A member moves the order on (confirmed, ready, delivered); the consumer is told."""
    order = await _member_order(order_id, by_person_id)
    to, current = OrderStatus(to), order.status
    if to == OrderStatus.CANCELLED:
        raise Invalid("transition_not_allowed", status=current.value, to=to.value)  # refuse_order cancels
    if to not in next_statuses(current):
        if current == OrderStatus.CANCELLED or _PROGRESS.index(to) <= _PROGRESS.index(current):
            raise Conflict("order_status_changed", status=current.value)
        raise Invalid("transition_not_allowed", status=current.value, to=to.value)
    async with in_transaction():
        # Conditional on the status we read: two members pressing at once move it once.
        if not await _move(order_id, (current,), to):
            raise Conflict("order_status_changed", status=(await _order(order_id)).status.value)
        await _notify_consumer(order, {"order_id": order_id, "status": to.value}, f"order:{order_id}:status:{to}")
    return await _view(order_id)


async def refuse_order(order_id: int, *, by_person_id: int, reason: str) -> OrderView:
    """A member cancels a placed or confirmed order, saying why; the stock returns, the consumer is told.

    A paid order, not yet delivered, only an admin refuses: its buyer is owed the money back (orders.refunds).
    """
    order = await _member_order(order_id, by_person_id)
    reason = reason.strip()
    if not reason:
        raise Invalid("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    paid = order.paid_at is not None
    if paid and not await is_admin(order.organization_id, by_person_id):
        raise Forbidden("not_an_admin")
    refusable = (OrderStatus.PLACED, OrderStatus.CONFIRMED) + ((OrderStatus.READY,) if paid else ())
    async with in_transaction():
        if not await _move(order_id, refusable, OrderStatus.CANCELLED, unpaid=not paid, status_reason=reason):
            if paid:
                raise Conflict("order_not_refusable", status=(await _order(order_id)).status.value)
            raise await _not_movable("order_not_refusable", order_id)
        await _return_stock(order_id, by_person_id)
        if paid:  # the refund's notice tells the buyer why, and what they get back
            await owe_refund(order, by_person_id)
        else:
            params = {"order_id": order_id, "status": OrderStatus.CANCELLED.value, "reason": reason}
            await _notify_consumer(order, params, f"order:{order_id}:status:{OrderStatus.CANCELLED}")
    return await _view(order_id)


async def mark_order_paid(order_id: int, *, by_person_id: int) -> OrderView:
    """A member records the payment once: a BUYER payment of the total enters the ledger, and the order's fund share
    the solidarity fund's."""
    order = await _member_order(order_id, by_person_id)
    now = clock.now()
    async with in_transaction():
        paid = await Order.filter(id=order_id, paid_at__isnull=True, status__not=OrderStatus.CANCELLED).update(
            paid_at=now, updated_at=now
        )
        if not paid:
            current = await _order(order_id)
            if current.paid_at is not None:
                raise Conflict("order_already_paid")
            raise Conflict("order_status_changed", status=current.status.value)
        await LedgerEntry.create(
            account=LedgerAccount.BUYER, kind=LedgerKind.PAYMENT, organization_id=order.organization_id,
            order_id=order_id, amount=order.total, currency=order.currency, recorded_by_id=by_person_id,
            idempotency_key=f"order:{order_id}:payment",
        )
        if order.fund_total > 0:
            await LedgerEntry.create(
                account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                organization_id=order.organization_id, order_id=order_id, amount=order.fund_total,
                currency=order.currency, recorded_by_id=by_person_id, idempotency_key=f"order:{order_id}:fund",
            )
        await issue_order_receipt(order_id)  # the buyer's receipt, owed them with the payment
    return await _view(order_id)


async def _member_order(order_id: int, person_id: int) -> Order:
    order = await _order(order_id)
    if not await _is_member(order.organization_id, person_id):
        raise Forbidden("not_a_member")
    return order


async def _move(
    order_id: int, statuses: tuple[OrderStatus, ...], to: OrderStatus, *, unpaid: bool = False, **values: Any
) -> bool:
    """Change the status only if it is still one of `statuses` (and unpaid when asked); True if it changed.

    An order of a person who asked to be forgotten kept its delivery note (address, phone) only
    until it ends: it is blanked as it is delivered or cancelled (market.services.people.privacy).
    """
    query = Order.filter(id=order_id, status__in=statuses)
    if unpaid:
        query = query.filter(paid_at__isnull=True)
    if not await query.update(status=to, updated_at=clock.now(), **values):
        return False
    if to in FINISHED:
        forgotten = Subquery(Person.filter(forgotten_at__isnull=False).values("id"))
        await Order.filter(id=order_id, consumer_id__in=forgotten).update(delivery_note="")
    return True


async def _not_movable(code: str, order_id: int) -> Conflict:
    current = await _order(order_id)
    if current.paid_at is not None and current.status != OrderStatus.CANCELLED:
        return Conflict("order_already_paid")
    return Conflict(code, status=current.status.value)


async def _organization_name(order: Order) -> str:
    return await value_of(Organization.filter(id=order.organization_id).first(), "name", str) or ""


async def _return_stock(order_id: int, by_person_id: int) -> None:
    # In offer order, like checkout takes it, so a cancel and a checkout never deadlock.
    lines = await OrderLine.filter(order_id=order_id).order_by("offer_id", "id").values_list(
        "id", "offer_id", "quantity")
    returned: dict[int, Decimal] = {}
    for line_id, offer_id, quantity in lines:
        await Offer.filter(id=offer_id).update(stock=F("stock") + quantity)
        returned[offer_id] = returned.get(offer_id, Decimal(0)) + Decimal(quantity)
        # To the lots it came from, under the offer's row lock just taken.
        await give_back(offer_id, line_id, Decimal(quantity), by_person_id=by_person_id)
    # After the offers, as checkout does: the version's row is always the last lock taken.
    await bump_for_stock_moved(returned)


async def _notify_consumer(order: Order, params: dict[str, Any], dedupe_key: str) -> None:
    chat_id = await value_of(Person.filter(id=order.consumer_id).first(), "telegram_user_id", int)
    if chat_id is not None:
        await enqueue_notification(
            chat_id=chat_id, template="order_status", params=params, person_id=order.consumer_id,
            dedupe_key=dedupe_key,
        )
