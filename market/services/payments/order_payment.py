"""How a buyer pays one direct order: the ways that fit it, the one chosen, and what that way needs.

A way fits an order when it is active and the order's organization's: cash at pickup only for an order picked up,
cash on delivery only for one delivered. Choosing is the buyer's alone, while the order is open (placed, confirmed
or ready); choosing the same way again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from market.enums import OrderStatus, PaymentMethodKind
from market.errors import Conflict, NotFound
from market.models import Order, PaymentMethod
from market.rules.pix import br_code, txid_for
from market.services.payments.methods import Payee, PaymentMethodView, list_payment_methods, method_view
from market.services.payments.proofs import ProofView, order_proofs

OPEN = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.READY)
TXID_PREFIX = "FERIA"  # a Pix payment names the order it pays: FERIA42


@dataclass(frozen=True)
class PaymentDue:
    """What the buyer of one order pays and how: `method` None while none was chosen (or none is set)."""

    order_id: int
    organization_name: str
    amount: Decimal
    currency: str
    country_code: str
    delivery: bool  # the buyer asked for delivery (else picks it up)
    open: bool  # the order can still be paid this way (not delivered nor cancelled)
    method: PaymentMethodView | None
    choices: tuple[PaymentMethodView, ...]  # the ways that fit the order
    pix_code: str = ""  # Pix: the BR Code "copia e cola" for the exact amount, naming the order


def fits(kind: PaymentMethodKind, *, delivery: bool) -> bool:
    """| kind          | delivery | fits  |
    |---------------|----------|-------|
    | cash_pickup   | False    | True  |
    | cash_pickup   | True     | False |
    | cash_delivery | True     | True  |
    | cash_delivery | False    | False |
    | pix           | either   | True  |
    """
    if kind is PaymentMethodKind.CASH_PICKUP:
        return not delivery
    if kind is PaymentMethodKind.CASH_DELIVERY:
        return delivery
    return True


async def has_ways_to_pay(organization_ids: tuple[int, ...]) -> bool:
    """Whether any of these organizations has set an active way to pay."""
    return await PaymentMethod.exists(organization_id__in=organization_ids, active=True)


async def payment_due(order_id: int, *, by_person_id: int) -> PaymentDue:
    """The buyer's view of how their order is paid."""
    order = await _buyers_order(order_id, by_person_id)
    delivery = bool(order.delivery_note)
    choices = tuple(m for m in await list_payment_methods(Payee(organization_id=order.organization_id))
                    if fits(m.kind, delivery=delivery))
    method = None
    if order.payment_method_id is not None:
        method = method_view(await PaymentMethod.get(id=order.payment_method_id))
    pix = ""
    if method is not None and method.kind is PaymentMethodKind.PIX and order.currency == "BRL":
        pix = br_code(key=method.pix_key, name=method.holder, city=method.city, amount=order.total,
                      txid=txid_for(TXID_PREFIX, order.id))
    return PaymentDue(order.id, order.organization.name, order.total, order.currency,
                      order.organization.territory.country_code, delivery, OrderStatus(order.status) in OPEN,
                      method, choices, pix)


async def choose_payment_method(order_id: int, method_id: int, *, by_person_id: int) -> PaymentDue:
    """The buyer pays this order this way: one of the ways that fit it, while it is open."""
    order = await _buyers_order(order_id, by_person_id)
    if OrderStatus(order.status) not in OPEN:
        raise Conflict("order_not_payable")
    method = await PaymentMethod.get_or_none(id=method_id, organization_id=order.organization_id, active=True)
    if method is None or not fits(PaymentMethodKind(method.kind), delivery=bool(order.delivery_note)):
        raise Conflict("payment_method_not_offered")
    await Order.filter(id=order.id, status__in=OPEN).update(payment_method_id=method.id)
    return await payment_due(order_id, by_person_id=by_person_id)


@dataclass(frozen=True)
class ReceivedPayment:
    """How an order is being paid, as its organization's admins see it: the way the buyer chose, what they said."""

    method: PaymentMethodView | None  # None: chosen none (the organization had none set, or an older order)
    proofs: tuple[ProofView, ...]  # the buyer's "I paid", newest first


async def received_payment(order_id: int, *, by_person_id: int) -> ReceivedPayment:
    """The payment of one order, to an admin of its organization (anyone else: Forbidden("not_an_admin"))."""
    proofs = await order_proofs(order_id, by_person_id=by_person_id)
    method_id = await Order.filter(id=order_id).first().values_list("payment_method_id", flat=True)
    method = method_view(await PaymentMethod.get(id=method_id)) if method_id is not None else None
    return ReceivedPayment(method, proofs)


async def _buyers_order(order_id: int, person_id: int) -> Order:
    order = await Order.filter(id=order_id, consumer_id=person_id).select_related("organization__territory").first()
    if order is None:  # another person's order is as unknown as one that does not exist
        raise NotFound("order_not_found")
    return order
