"""Reading receipts: one by its code (anyone holding the code verifies it), a person's own, and their list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from market.enums import ReceiptKind
from market.errors import NotFound
from market.models import Receipt

# How many of a person's receipts their list shows, newest first.
LIST_LIMIT = 10


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
    return receipt_view(receipt)


async def get_own_receipt(code: str, *, person_id: int) -> ReceiptView:
    """One of the person's own receipts (to send it again); another's is as unknown as a wrong code."""
    receipt = await get_receipt(code)
    if receipt.person_id != person_id:
        raise NotFound("receipt_not_found")
    return receipt


async def list_receipts(person_id: int) -> tuple[ReceiptView, ...]:
    """The person's latest receipts, newest first."""
    rows = await Receipt.filter(person_id=person_id).order_by("-issued_at", "-id").limit(LIST_LIMIT)
    return tuple(receipt_view(r) for r in rows)
