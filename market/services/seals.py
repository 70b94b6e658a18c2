"""Read-side seal services: a seal's badge, what "valid today" means in a query, and verification by code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q, Subquery

from market.errors import NotFound
from market.models import PeerReview, PeerReviewSignature, Seal, SealProduct
from market.enums import ReviewerRole, SealStatus
from market.rules.seals import effective_status, is_valid_on
from market.seal_codes import is_valid_seal_code, normalize_seal_code
from market.services.catalog import OrganizationRef, organization_ref


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


@dataclass(frozen=True)
class ScopeProduct:
    id: int
    name: str
    unit: str
    # An inactive product stays in the scope the seal was granted for, but has no product page.
    active: bool


@dataclass(frozen=True)
class ReviewerCounts:
    producer: int
    consumer: int
    technician: int


@dataclass(frozen=True)
class SealVerification:
    """What anyone who types or scans a seal's code learns about it."""

    code: str
    status: SealStatus
    valid_today: bool
    status_reason: str
    network_slug: str
    network_name: str
    organization: OrganizationRef
    scope: tuple[ScopeProduct, ...]
    valid_from: date | None
    valid_until: date | None
    last_review_on: date | None
    # Signatures on the last review by role: a grant needs a producer and a consumer.
    last_review_reviewers: ReviewerCounts | None


def valid_seal_filter(today: date, prefix: str = "") -> Q:
    """Seals (or, with a prefix such as "seal__", rows pointing at one) valid on `today`.

    The SQL twin of market.rules.seals.is_valid_on; a test runs the rule's table through both.
    """
    return Q(
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today}),
        **{f"{prefix}status": SealStatus.GRANTED, f"{prefix}valid_from__lte": today},
    )


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


async def verify_seal(code: str, *, today: date) -> SealVerification:
    """Look a seal up by the code a person typed ("k7hm-q2rw" finds "K7HMQ2RW").

    A code that is unknown, or could not be a seal code at all, is NotFound("seal_not_found").
    """
    normalized = normalize_seal_code(code)
    seal = None
    if is_valid_seal_code(normalized):
        seal = await Seal.filter(code=normalized).select_related("network", "organization__territory").first()
    if seal is None:
        raise NotFound("seal_not_found", seal_code=normalized)
    scope = await SealProduct.filter(seal_id=seal.id).order_by("product__name", "product_id").values_list(
        "product_id", "product__name", "product__unit", "product__active"
    )
    last_review = await PeerReview.filter(seal_id=seal.id).order_by("-visited_on", "-id").first()
    badge = seal_badge(seal, today)
    return SealVerification(
        code=seal.code,
        status=badge.status,
        valid_today=badge.valid_today,
        status_reason=seal.status_reason,
        network_slug=seal.network.slug,
        network_name=seal.network.name,
        organization=organization_ref(seal.organization),
        scope=tuple(ScopeProduct(id, name, unit, bool(active)) for id, name, unit, active in scope),
        valid_from=seal.valid_from,
        valid_until=seal.valid_until,
        last_review_on=last_review.visited_on if last_review else None,
        last_review_reviewers=await _reviewer_counts(last_review.id) if last_review else None,
    )


async def _reviewer_counts(review_id: int) -> ReviewerCounts:
    roles = await PeerReviewSignature.filter(review_id=review_id).values_list("role", flat=True)
    return ReviewerCounts(**{role.value: sum(1 for r in roles if r == role) for role in ReviewerRole})
