"""Refunds of paid orders: a paid order refused or cancelled owes its buyer the money back, until it is paid back.

The ledger stays append-only. An order's BUYER entries, on its organization:

    payment       +total   "order:<id>:payment"        the buyer paid (market.services.orders.status)
    refund owed   -total   "order:<id>:refund_owed"    the paid order was refused: the organization owes it back
    refund        +total   "order:<id>:refund"         the admin paid it back ("Devolución hecha")

so payment + refund owed is what the organization keeps (0 once refused), and refund owed + refund what it still
owes the buyer (negative while owed, 0 once paid back). The order's fund share leaves the fund as it is refused:
a CORRECTION of -fund_total on the SOLIDARITY_FUND account, pointing (`corrects`) at the order's contribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.transactions import in_transaction

from market.enums import LedgerAccount, LedgerKind
from market.errors import Conflict, Forbidden
from market.models import LedgerEntry, Order, Person
from market.orm import value_of
from market.services.lots.preview import is_admin
from market.services.messaging.notifications import enqueue_notification


@dataclass(frozen=True)
class RefundState:
    """What an order's buyer is owed back: `owed` while unpaid, and whether it was paid back."""

    owed: Decimal  # the refund still to pay (0: none owed, or paid back)
    refunded: Decimal  # what was paid back


async def refund_state(order_id: int) -> RefundState:
    rows = await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order_id,
                                    kind__in=(LedgerKind.REFUND_OWED, LedgerKind.REFUND)).values_list("kind", "amount")
    owed = -sum((Decimal(a) for _, a in rows), Decimal(0))
    refunded = sum((Decimal(a) for k, a in rows if k == LedgerKind.REFUND), Decimal(0))
    return RefundState(owed, refunded)


async def owe_refund(order: Order, by_person_id: int) -> None:
    """Inside the refusal's transaction: the buyer is owed the total; the fund gives its share back."""
    await LedgerEntry.create(
        account=LedgerAccount.BUYER, kind=LedgerKind.REFUND_OWED, organization_id=order.organization_id,
        order_id=order.id, amount=-Decimal(order.total), currency=order.currency, recorded_by_id=by_person_id,
        idempotency_key=f"order:{order.id}:refund_owed",
    )
    contribution = await LedgerEntry.get_or_none(idempotency_key=f"order:{order.id}:fund")
    if contribution is not None:
        await LedgerEntry.create(
            account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.CORRECTION, organization_id=order.organization_id,
            order_id=order.id, amount=-Decimal(contribution.amount), currency=contribution.currency,
            corrects_id=contribution.id, recorded_by_id=by_person_id, idempotency_key=f"order:{order.id}:fund:refund",
        )
    await tell_buyer(order, "owed")


async def record_refund(order_id: int, *, by_person_id: int) -> RefundState:
    """An admin records the refund paid back to the buyer ("Devolución hecha"): once; the buyer is told."""
    order = await Order.get_or_none(id=order_id)
    if order is None or not await is_admin(order.organization_id, by_person_id):
        raise Forbidden("not_an_admin")
    async with in_transaction():
        # The order's row, locked (on PostgreSQL), so two admins pressing at once read the same debt in turn.
        await Order.filter(id=order_id).select_for_update().first()
        state = await refund_state(order_id)
        if state.owed <= 0:
            raise Conflict("refund_already_paid" if state.refunded > 0 else "refund_not_owed")
        await LedgerEntry.create(
            account=LedgerAccount.BUYER, kind=LedgerKind.REFUND, organization_id=order.organization_id,
            order_id=order_id, amount=state.owed, currency=order.currency, recorded_by_id=by_person_id,
            idempotency_key=f"order:{order_id}:refund",
        )
        await tell_buyer(order, "paid")
    return await refund_state(order_id)


async def tell_buyer(order: Order, step: str) -> None:
    chat_id = await value_of(Person.filter(id=order.consumer_id).first(), "telegram_user_id", int)
    if chat_id is not None:
        await enqueue_notification(chat_id=chat_id, template="order_refund",
                                   params={"order_id": order.id, "step": step}, person_id=order.consumer_id,
                                   dedupe_key=f"order:{order.id}:refund:{step}")
