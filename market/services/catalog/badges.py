"""Seals as the catalog shows them: a badge per seal, and the filters of products and organizations with a valid one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Q, Subquery

from market.enums import SealStatus
from market.models import Seal, SealProduct
from market.orm import lookup
from market.rules.seals import effective_status, is_valid_on
from market.sql import Statement


@dataclass(frozen=True)
class SealBadge:
    """A seal as a product card or an organization profile shows it; `status` is the effective one."""

    code: str
    status: SealStatus
    network_name: str
    valid_from: date | None
    valid_until: date | None
    network_slug: str
    # False for every status but granted, and for a granted seal outside its dates.
    valid_today: bool
    # Why it is suspended or revoked; buyers are shown it.
    status_reason: str


def valid_seal_filter(today: date, prefix: str = "") -> Q:
    """Seals (or, with a prefix such as "seal__", rows pointing at one) valid on `today`.

    The SQL twin of market.rules.seals.is_valid_on; a test runs the rule's table through both.
    """
    granted: dict[str, Any] = {f"{prefix}status": SealStatus.GRANTED, f"{prefix}valid_from__lte": today}
    return Q(lookup(f"{prefix}valid_until__isnull", True) | lookup(f"{prefix}valid_until__gte", today), **granted)


def sealed_products_filter(today: date) -> Q:
    """Products that some seal valid on `today` covers."""
    covered = SealProduct.filter(valid_seal_filter(today, "seal__")).values("product_id")
    return Q(id__in=Subquery(covered))


def seal_badge(seal: Seal, today: date) -> SealBadge:
    """The badge of a seal fetched with its network."""
    return badge(
        seal.code, seal.status, seal.valid_from, seal.valid_until, seal.status_reason, seal.network.name,
        seal.network.slug, today,
    )


def badge(
    code: str, status: SealStatus, valid_from: date | None, valid_until: date | None, status_reason: str,
    network_name: str, network_slug: str, today: date,
) -> SealBadge:
    """The badge of a seal given as plain values (read by a statement, no model instance): its status read today."""
    return SealBadge(
        code=code,
        status=effective_status(status, valid_from, valid_until, today),
        network_name=network_name,
        valid_from=valid_from,
        valid_until=valid_until,
        network_slug=network_slug,
        valid_today=is_valid_on(status, valid_from, valid_until, today),
        status_reason=status_reason,
    )


# The twin of `valid_seal_filter` over a product's seals, in the order the card shows them.
_PRODUCT_SEALS = Statement(SealProduct, """
    SELECT s.code, s.status, s.valid_from, s.valid_until, s.status_reason, n.name AS network_name,
           n.slug AS network_slug
    FROM seal_product sp
    JOIN seal s ON s.id = sp.seal_id
    JOIN pgs_network n ON n.id = s.network_id
    WHERE sp.product_id = ? AND s.status = ? AND s.valid_from <= ? AND (s.valid_until IS NULL OR s.valid_until >= ?)
    ORDER BY s.valid_until, s.code
""")


async def product_seal_badges(product_id: int, today: date) -> tuple[SealBadge, ...]:
    """The badges of the seals valid on `today` that cover the product, by valid_until then code, in one statement
    written once (market.sql). Unending seals sort as each engine sorts NULLs: first on SQLite, last on PostgreSQL."""
    rows = await _PRODUCT_SEALS.rows(product_id, SealStatus.GRANTED.value, today, today)
    date_field = Seal._meta.fields_map["valid_from"]
    return tuple(
        badge(
            row["code"], SealStatus(row["status"]), date_field.to_python_value(row["valid_from"]),
            date_field.to_python_value(row["valid_until"]), row["status_reason"], row["network_name"],
            row["network_slug"], today,
        )
        for row in rows
    )
