"""Issuing receipts (recibos): one per payment recorded, with a short unguessable code, kept as issued.

A receipt's `content` is a snapshot taken when it is issued (amounts as strings of their Decimal):

    {"kind": "order" | "round_account",
     "issuer": {"name", "tax_number", "territory", "country_code", "time_zone"},   # the organization, or group
     "buyer": "<the payer's name>", "currency": "BOB",
     "lines": [{"product", "quantity", "unit", "unit_price", "per", "amount"}],   # unit_price is for `per` units
     "fund": "2.38", "total": "95.00",
     "payment": {"kind": "transfer" | … | null, "bank": "", "amount": "95.00", "at": "<ISO 8601>"},
     "order_id": 12,                                                                # an order's receipt
     "round_number": 3, "charged": "…", "corrections": ["-7.65"], "payments": ["50.00", …], "balance": "-3.40"}

Issuing is idempotent by the payment it acknowledges ("order:<id>:paid", "payment:<ledger id>"): issuing again
returns the first receipt. It runs inside the caller's transaction (the payment's), and owes the payer a
"receipt" notification there, so a failed payment leaves neither receipt nor message.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.enums import LedgerAccount, LedgerKind, ReceiptKind
from market.errors import NotFound
from market.models import (
    GroupMember,
    LedgerEntry,
    Order,
    OrderLine,
    OrderRound,
    Organization,
    PaymentMethod,
    Person,
    PurchasingGroup,
    Receipt,
    RoundAllocation,
    Territory,
)
from market.services.messaging.notifications import enqueue_notification
from market.services.receipts.views import ReceiptView, receipt_view

# No 0/O, 1/I/L: a code read aloud or typed from paper is not mistaken. 31 letters, 10 of them: about 8·10^14.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def issue_order_receipt(order_id: int) -> ReceiptView:
    """The receipt of a paid order, for its buyer: issued once, whatever calls it again."""
    key = f"order:{order_id}:paid"
    if (existing := await Receipt.get_or_none(idempotency_key=key)) is not None:
        return receipt_view(existing)
    order = await Order.get_or_none(id=order_id)
    if order is None or order.paid_at is None:
        raise NotFound("order_not_found")
    lines = await OrderLine.filter(order_id=order_id).order_by("id").values(
        "product_name", "quantity", "unit", "unit_price", "amount")
    content: dict[str, Any] = {
        "kind": ReceiptKind.ORDER.value,
        "issuer": await _organization(order.organization_id),
        "buyer": await _name(order.consumer_id),
        "currency": order.currency,
        "lines": [_line(r["product_name"], r["quantity"], r["unit"], r["unit_price"], 1, r["amount"]) for r in lines],
        "fund": str(Decimal(order.fund_total)), "total": str(Decimal(order.total)),
        "payment": await _payment(order.payment_method_id, Decimal(order.total), order.paid_at),
        "order_id": order_id,
    }
    return await _issue(key, ReceiptKind.ORDER, order.consumer_id, content, Decimal(order.total), order.currency,
                        organization_id=order.organization_id, order_id=order_id)


async def issue_round_receipt(payment_id: int) -> ReceiptView:
    """The receipt of a member's payment in a round: their account as it stood with this payment."""
    key = f"payment:{payment_id}"
    if (existing := await Receipt.get_or_none(idempotency_key=key)) is not None:
        return receipt_view(existing)
    entry = await LedgerEntry.get_or_none(id=payment_id, account=LedgerAccount.MEMBER, kind=LedgerKind.PAYMENT)
    if entry is None or entry.member_id is None or entry.round_id is None:
        raise NotFound("payment_not_found")
    member = await GroupMember.get(id=entry.member_id)
    order_round = await OrderRound.get(id=entry.round_id)
    amount = Decimal(entry.amount)
    lines, fund = await _round_lines(entry.round_id, entry.member_id)
    # The account up to this payment: charges and corrections (negative: owed), payments (positive).
    account = await LedgerEntry.filter(
        account=LedgerAccount.MEMBER, member_id=entry.member_id, round_id=entry.round_id, id__lte=payment_id,
    ).order_by("id").values_list("kind", "amount")
    charged = -sum((Decimal(a) for k, a in account if k == LedgerKind.CHARGE), Decimal(0))
    content: dict[str, Any] = {
        "kind": ReceiptKind.ROUND_ACCOUNT.value,
        "issuer": await _group(order_round.group_id),
        "buyer": await _name(member.person_id),
        "currency": entry.currency,
        "lines": lines, "fund": str(fund), "total": str(amount),
        "payment": await _payment(None, amount, entry.created_at),
        "round_number": order_round.number, "charged": str(charged),
        "corrections": [str(Decimal(a)) for k, a in account if k == LedgerKind.CORRECTION],
        "payments": [str(Decimal(a)) for k, a in account if k == LedgerKind.PAYMENT],
        "balance": str(sum((Decimal(a) for _, a in account), Decimal(0))),
    }
    return await _issue(key, ReceiptKind.ROUND_ACCOUNT, member.person_id, content, amount, entry.currency,
                        group_id=order_round.group_id, round_id=order_round.id, member_id=member.id,
                        payment_id=payment_id)


async def _issue(key: str, kind: ReceiptKind, person_id: int, content: dict[str, Any], total: Decimal,
                 currency: str, **links: int) -> ReceiptView:
    """Write the receipt under a fresh code and owe its payer the PDF; a concurrent twin's receipt if it won."""
    for _attempt in range(5):  # a code already taken is a 1 in 10^14 chance: draw again
        try:
            async with in_transaction():  # a savepoint: a clash must not abort the payment's transaction
                values: dict[str, Any] = dict(  # the receipt's columns, for create
                    code=new_code(), kind=kind, person_id=person_id, total=total, currency=currency,
                    content=content, idempotency_key=key, **links)
                receipt = await Receipt.create(**values)
        except IntegrityError:
            if (existing := await Receipt.get_or_none(idempotency_key=key)) is not None:
                return receipt_view(existing)
            continue
        chat_id = (await Person.get(id=person_id)).telegram_user_id
        if chat_id is not None:
            await enqueue_notification(chat_id=chat_id, template="receipt", params={"code": receipt.code},
                                       person_id=person_id, dedupe_key=f"receipt:{receipt.code}")
        return receipt_view(receipt)
    raise RuntimeError("no free receipt code after 5 draws")  # pragma: no cover - the alphabet is too large


async def forget_buyer(person_id: int) -> None:
    """A person who asked to be forgotten: their receipts keep the figures, no longer their name."""
    for receipt in await Receipt.filter(person_id=person_id):
        if receipt.content.get("buyer"):
            await Receipt.filter(id=receipt.id).update(content={**receipt.content, "buyer": ""})


def _line(product: str, quantity: Any, unit: str, unit_price: Any, per: Any, amount: Any) -> dict[str, str]:
    return {"product": product, "quantity": str(Decimal(quantity)), "unit": unit,
            "unit_price": str(Decimal(unit_price)), "per": str(Decimal(per)), "amount": str(Decimal(amount))}


async def _round_lines(round_id: int, member_id: int) -> tuple[list[dict[str, str]], Decimal]:
    """The member's allocations as the bill shows them (after any arrival), and their fund share."""
    rows = await RoundAllocation.filter(round_offer__round_id=round_id, member_id=member_id).order_by(
        "round_offer_id").values(
        "quantity", "tolerance", "amount", "fund_amount", "round_offer__price", "round_offer__unit",
        "round_offer__order_unit_quantity", "round_offer__offer__product__name")
    lines, fund = [], Decimal(0)
    for r in rows:
        units = r["quantity"] + r["tolerance"]
        if units == 0:
            continue
        per = Decimal(r["round_offer__order_unit_quantity"])
        lines.append(_line(r["round_offer__offer__product__name"], units * per, r["round_offer__unit"],
                           r["round_offer__price"], per, r["amount"]))
        fund += Decimal(r["fund_amount"])
    return lines, fund


async def _organization(organization_id: int) -> dict[str, str]:
    org = await Organization.get(id=organization_id)
    place = await Territory.get(id=org.territory_id)
    return {"name": org.name, "tax_number": org.tax_number or "", "territory": place.name,
            "country_code": place.country_code, "time_zone": place.time_zone}


async def _group(group_id: int) -> dict[str, str]:
    group = await PurchasingGroup.get(id=group_id)
    place = await Territory.get(id=group.territory_id)
    return {"name": group.name, "tax_number": "", "territory": place.name, "country_code": place.country_code,
            "time_zone": place.time_zone}


async def _name(person_id: int) -> str:
    return (await Person.get(id=person_id)).name


async def _payment(method_id: int | None, amount: Decimal, at: datetime) -> dict[str, str | None]:
    """How it was paid: the order's way to pay (a transfer names its bank), else just that it was recorded."""
    method = await PaymentMethod.get_or_none(id=method_id) if method_id is not None else None
    return {"kind": method.kind.value if method else None, "bank": method.bank if method else "",
            "amount": str(amount), "at": at.isoformat()}
