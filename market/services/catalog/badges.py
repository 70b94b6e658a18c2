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
    return SealBadge(
        code=seal.code,
        status=effective_status(seal.status, seal.valid_from, seal.valid_until, today),
        network_name=seal.network.name,
        valid_from=seal.valid_from,
        valid_until=seal.valid_until,
        network_slug=seal.network.slug,
        valid_today=is_valid_on(seal.status, seal.valid_from, seal.valid_until, today),
        status_reason=seal.status_reason,
    )
