"""Reading receipts: one by its code (anyone holding the code verifies it), a person's own, and their list.

A receipt stays as issued; a refund of its order is a later fact read from the ledger beside it, each time it is
read (`refund`): owed while the organization has not paid it back, then refunded, with the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from market.enums import LedgerAccount, LedgerKind, ReceiptKind
from market.errors import NotFound
from market.models import LedgerEntry, Receipt

# How many of a person's receipts their list shows, newest first.
LIST_LIMIT = 10


@dataclass(frozen=True)
class ReceiptRefund:
    """The refund of a receipt's order, from the ledger: `owed` until paid back, then `refunded` on `refunded_at`."""

    owed: Decimal
    refunded: Decimal
    refunded_at: datetime | None


@dataclass(frozen=True)
class ReceiptView:
    """A receipt as issued: `content` is its snapshot (market.services.receipts.issuing says its shape)."""

    id: int
    code: str
    kind: ReceiptKind
    person_id: int
    total: Decimal
    currency: str
    issued_at: datetime
    content: dict[str, Any]
    refund: ReceiptRefund | None = None  # its order's refund, when one was owed (never written into the receipt)

    @property
    def issuer(self) -> str:
        return str(self.content.get("issuer", {}).get("name", ""))


def receipt_view(receipt: Receipt) -> ReceiptView:
    return ReceiptView(receipt.id, receipt.code, ReceiptKind(receipt.kind), receipt.person_id,
                       Decimal(receipt.total), receipt.currency, receipt.issued_at, dict(receipt.content))


def normalize_receipt_code(typed: str) -> str:
    """A code as typed or read from paper: capitals, spaces and dashes left out.

    | typed          | code         |
    |----------------|--------------|
    | "abcd-23456z"  | "ABCD23456Z" |
    | " K7M P9 "     | "K7MP9"      |
    | "<b>"          | "B"          |
    """
    return re.sub(r"[^A-Z0-9]", "", typed.upper())


async def get_receipt(code: str) -> ReceiptView:
    """The receipt with this code, for whoever verifies it; an unknown code is NotFound."""
    code = normalize_receipt_code(code)
    receipt = await Receipt.get_or_none(code=code) if 0 < len(code) <= 16 else None
    if receipt is None:
        raise NotFound("receipt_not_found")
    return (await _with_refunds((receipt_view(receipt),)))[0]


async def get_own_receipt(code: str, *, person_id: int) -> ReceiptView:
    """One of the person's own receipts (to send it again); another's is as unknown as a wrong code."""
    receipt = await get_receipt(code)
    if receipt.person_id != person_id:
        raise NotFound("receipt_not_found")
    return receipt


async def list_receipts(person_id: int) -> tuple[ReceiptView, ...]:
    """The person's latest receipts, newest first."""
    rows = await Receipt.filter(person_id=person_id).order_by("-issued_at", "-id").limit(LIST_LIMIT)
    return await _with_refunds(tuple(receipt_view(r) for r in rows))


async def _with_refunds(receipts: tuple[ReceiptView, ...]) -> tuple[ReceiptView, ...]:
    """The receipts with their orders' refunds, read from the BUYER entries (market.services.orders.refunds)."""
    order_ids = {r.content["order_id"] for r in receipts if r.kind == ReceiptKind.ORDER}
    if not order_ids:
        return receipts
    rows = await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id__in=order_ids,
                                    kind__in=(LedgerKind.REFUND_OWED, LedgerKind.REFUND)).order_by("id").values_list(
        "order_id", "kind", "amount", "created_at")
    refunds: dict[int, ReceiptRefund] = {}
    for order_id, kind, amount, at in rows:
        was = refunds.get(order_id, ReceiptRefund(Decimal(0), Decimal(0), None))
        if kind == LedgerKind.REFUND:  # paid back: the owed entry is settled by it
            refunds[order_id] = ReceiptRefund(was.owed - Decimal(amount), was.refunded + Decimal(amount), at)
        else:
            refunds[order_id] = ReceiptRefund(was.owed - Decimal(amount), was.refunded, was.refunded_at)
    return tuple(replace(r, refund=refunds.get(r.content["order_id"])) if r.kind == ReceiptKind.ORDER else r
                 for r in receipts)
