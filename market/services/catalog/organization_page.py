"""Read-side organization services: the public profile of a producer organization, its board included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from market.enums import MembershipStatus
from market.errors import NotFound
from market.models import Member, Organization, PickupPoint, Product, Seal
from market.services.catalog.badges import SealBadge, seal_badge
from market.services.catalog.browse import PUBLIC_ORGANIZATION
from market.services.catalog.products import ProductPage, ProductQuery, search_products
from market.services.funds import FundSummary, fund_summary
from market.services.organizations.board_views import Board, get_board
from market.services.organizations.maturity import MaturityView, get_maturity


@dataclass(frozen=True)
class OrganizationProfile:
    id: int
    slug: str
    name: str
    description: str
    legal_form: str
    maturity: str  # the level the rule gives today (market.rules.maturity): `maturity_view` says why
    territory_code: str
    territory_name: str
    country_code: str
    # Approved members whose role is producer (a member has one role: an admin counts as admin).
    producer_count: int
    # Share of each sale that goes to the solidarity fund: Decimal("0.05") is 5 %.
    solidarity_fund_rate: Decimal
    pickup_point: str
    # Every pickup point, in the organization's order (the first is pickup_point).
    pickup_points: tuple[str, ...]
    logo_file_id: str | None
    # How many active products it has, and the first page of them in catalog order, in stock or not
    # (page on with search_products(ProductQuery(organization=slug, after=products.next_after))).
    product_count: int
    products: ProductPage
    # Seals valid today, then every other seal (expired, suspended, revoked, in review, not yet valid).
    current_seals: tuple[SealBadge, ...]
    other_seals: tuple[SealBadge, ...]
    # Who runs it (names and seats), when the board was last renewed, and whether its term has passed.
    board: Board
    # What the level rests on and what would raise it: criteria only, nothing personal.
    maturity_view: MaturityView
    # The solidarity fund summed: balance, contributed, used by kind, loans outstanding (no borrower named).
    fund: FundSummary


async def get_organization_profile(slug: str, *, today: date, products_limit: int = 20) -> OrganizationProfile:
    """The organization's public profile; NotFound("organization_not_found") for an unknown slug, or one an
    operator has not approved."""
    organization = await Organization.filter(slug=slug, **PUBLIC_ORGANIZATION).select_related("territory").first()
    if organization is None:
        raise NotFound("organization_not_found", slug=slug)
    return await _profile(organization, today, products_limit)


async def get_organization_profile_by_id(organization_id: int, *, today: date,
                                         products_limit: int = 20) -> OrganizationProfile:
    """The same profile by the organization's id (a button carries an id: a slug may not fit in one)."""
    organization = await Organization.filter(id=organization_id, **PUBLIC_ORGANIZATION).select_related(
        "territory").first()
    if organization is None:
        raise NotFound("organization_not_found")
    return await _profile(organization, today, products_limit)


async def _profile(organization: Organization, today: date, products_limit: int) -> OrganizationProfile:
    slug = organization.slug
    # Every approved member, its admins too: a board is chosen among the producers (a president handing over the
    # presidency to a producer must not make the page count one producer fewer).
    producer_count = await Member.filter(organization_id=organization.id, status=MembershipStatus.APPROVED).count()
    product_count = await Product.filter(organization_id=organization.id, active=True).count()
    products = await search_products(ProductQuery(organization=slug, limit=products_limit), today=today)
    seals = await Seal.filter(organization_id=organization.id).select_related("network")
    # Latest validity first; sorted here because the engines put NULLs (seals in review) at opposite ends.
    seals.sort(key=lambda s: (s.valid_until or date.max, s.id), reverse=True)
    badges = [seal_badge(seal, today) for seal in seals]
    maturity = await get_maturity(organization.id)
    territory = organization.territory
    return OrganizationProfile(
        id=organization.id,
        slug=organization.slug,
        name=organization.name,
        description=organization.description,
        legal_form=organization.legal_form.value,
        maturity=maturity.level.value,
        territory_code=territory.code,
        territory_name=territory.name,
        country_code=territory.country_code,
        producer_count=producer_count,
        solidarity_fund_rate=organization.solidarity_fund_rate,
        pickup_point=organization.pickup_point,
        pickup_points=await _pickup_points(organization),
        logo_file_id=organization.logo_file_id,
        product_count=product_count,
        products=products,
        current_seals=tuple(b for b in badges if b.valid_today),
        other_seals=tuple(b for b in badges if not b.valid_today),
        board=await get_board(organization.id),
        maturity_view=maturity,
        fund=await fund_summary(organization.id),
    )


async def _pickup_points(organization: Organization) -> tuple[str, ...]:
    """Its pickup points in order; an organization written before the table has its one text."""
    points = await PickupPoint.filter(organization_id=organization.id).order_by("position").values_list(
        "text", flat=True)
    if points:
        return tuple(str(p) for p in points)
    return (organization.pickup_point,) if organization.pickup_point else ()
