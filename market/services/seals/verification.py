"""Read-side seal services: verification by code (the badge and the valid-seal filters are the catalog's:
market.services.catalog.badges).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from market.enums import ReviewerRole, ReviewStage, SealStatus, SignatureStatus
from market.errors import NotFound
from market.models import PeerReview, PeerReviewSignature, Seal, SealProduct
from market.orm import column_of
from market.seal_codes import is_valid_seal_code, normalize_seal_code
from market.services.catalog.badges import seal_badge
from market.services.organizations.refs import OrganizationRef, organization_ref
from market.services.seals.history import SealHistory, seal_history


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
    # Agreed signatures on the last review by role: a grant needs a producer and a consumer.
    last_review_reviewers: ReviewerCounts | None
    history: SealHistory


async def verify_seal(code: str, *, today: date) -> SealVerification:
    """Look a seal up by the code a person typed ("k7hm-q2rw" finds "K7HMQ2RW").

    A code that is unknown, or could not be a seal code at all, is NotFound("seal_not_found").
    """
    normalized = normalize_seal_code(code)
    seal = None
    if is_valid_seal_code(normalized):
        seal = await Seal.filter(code=normalized).select_related("network__territory", "organization__territory").first()
    if seal is None:
        raise NotFound("seal_not_found", seal_code=normalized)
    scope = await SealProduct.filter(seal_id=seal.id).order_by("product__name", "product_id").values_list(
        "product_id", "product__name", "product__unit", "product__active"
    )
    # A visit still being written or signed, or withdrawn, is not the seal's review yet.
    last_review = await PeerReview.filter(seal_id=seal.id, stage=ReviewStage.DECIDED).order_by(
        "-visited_on", "-id"
    ).first()
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
        history=await seal_history(seal.id, seal.network_id, time_zone=seal.network.territory.time_zone, today=today),
    )


async def _reviewer_counts(review_id: int) -> ReviewerCounts:
    roles = await column_of(
        PeerReviewSignature.filter(review_id=review_id, status=SignatureStatus.AGREED), "role", ReviewerRole
    )
    return ReviewerCounts(**{role.value: sum(1 for r in roles if r == role) for role in ReviewerRole})
