"""The product card: its organization, the offer on sale, the seals valid today and the fair price where it is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from tortoise.expressions import Q

from market import clock
from market.enums import OfferStatus
from market.errors import NotFound
from market.models import FairPrice, Offer, Product, SealProduct, Territory
from market.rules.offers import offer_on_sale
from market.services.catalog.badges import SealBadge, seal_badge, valid_seal_filter
from market.services.catalog.browse import TERRITORY_DEPTH, public_filter
from market.services.catalog.categories import NAME_COLUMNS, stored_names
from market.services.organizations.refs import OrganizationRef, organization_ref


@dataclass(frozen=True)
class OfferView:
    id: int
    price: Decimal
    currency: str
    stock: Decimal
    unit: str
    order_unit_quantity: Decimal
    pack_size: int
    status: OfferStatus
    valid_until: datetime | None


@dataclass(frozen=True)
class FairPriceView:
    """The fair price declared for the product where it is made; the parts add up to `amount`."""

    amount: Decimal
    currency: str
    unit: str
    territory_code: str
    territory_name: str
    producer_share: Decimal
    transport: Decimal
    solidarity_fund: Decimal
    other_costs: Decimal
    valid_from: date
    valid_until: date | None
    # Who declared it: an organization, a PGS network, or both.
    organization_name: str | None
    network_name: str | None


@dataclass(frozen=True)
class ProductCard:
    id: int
    name: str
    description: str
    unit: str
    category_code: str
    photo_file_id: str | None
    organization: OrganizationRef
    # None when the product has no active offer.
    offer: OfferView | None
    # Every seal valid today that covers the product.
    seals: tuple[SealBadge, ...]
    fair_price: FairPriceView | None
    # The names an operator stored for its category, by language (market.services.catalog.categories).
    category_names: Mapping[str, str] = field(default_factory=dict)


async def get_product_card(product_id: int, *, today: date) -> ProductCard:
    """The product card; NotFound("product_not_found") for an unknown or inactive product, or one of an
    organization not approved."""
    # The territory's ancestors come in the same query: the fair price may be declared on any of them.
    product = await (
        Product.filter(public_filter(), id=product_id, active=True)
        .select_related("category", "offer", "organization__territory" + "__parent" * TERRITORY_DEPTH)
        .first()
    )
    if product is None:
        raise NotFound("product_not_found", product_id=product_id)
    seals = await (
        SealProduct.filter(valid_seal_filter(today, "seal__"), product_id=product.id)
        .select_related("seal__network")
        .order_by("seal__valid_until", "seal__code")
    )
    offer = _active_offer(product)
    return ProductCard(
        id=product.id,
        name=product.name,
        description=product.description,
        unit=product.unit,
        category_code=product.category.code,
        photo_file_id=product.photo_file_id,
        organization=organization_ref(product.organization),
        offer=_offer_view(offer) if offer else None,
        seals=tuple(seal_badge(s.seal, today) for s in seals),
        fair_price=await _fair_price(product, today),
        category_names=stored_names({c: getattr(product.category, c) for c in NAME_COLUMNS.values()}),
    )


async def get_offer_name(offer_id: int) -> tuple[str, str]:
    """The name of the offer's product and the unit it is sold by, to ask how much of it; NotFound("offer_not_found")
    for no such offer, or one of an organization not approved (as its card)."""
    found = await Offer.filter(public_filter("product__"), id=offer_id).first().values("product__name", "unit")
    if found is None:
        raise NotFound("offer_not_found", offer_id=offer_id)
    return found["product__name"], found["unit"]


def _active_offer(product: Product) -> Offer | None:
    offer = getattr(product, "offer", None)
    # Past its valid_until an offer reads as withdrawn: the product shows, nothing to order.
    on_sale = offer is not None and offer_on_sale(offer.status, offer.valid_until, clock.now())
    return offer if on_sale else None


def _offer_view(offer: Offer) -> OfferView:
    return OfferView(
        id=offer.id, price=offer.price, currency=offer.currency, stock=offer.stock, unit=offer.unit,
        order_unit_quantity=offer.order_unit_quantity, pack_size=offer.pack_size, status=offer.status,
        valid_until=offer.valid_until,
    )


async def _fair_price(product: Product, today: date) -> FairPriceView | None:
    """The fair price valid today for the product's name key, declared nearest to where it is made.

    It may be declared on the organization's territory or any place above it; the nearest
    wins, and there the organization's own declaration before a network's. A fair price
    another organization declared for itself never shows on this one's products.
    """
    # Only TERRITORY_DEPTH ancestors were fetched with the product: the walk stops there.
    place = product.organization.territory
    chain = [place.id]
    for _ in range(TERRITORY_DEPTH):
        if place.parent_id is None:
            break
        # A parent named by parent_id was fetched with the product (select_related, TERRITORY_DEPTH deep).
        place = cast(Territory, place.parent)
        chain.append(place.id)
    candidates = await FairPrice.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(organization_id=product.organization_id) | Q(organization_id__isnull=True),
        search_key=product.search_key, territory_id__in=chain, valid_from__lte=today,
    ).select_related("territory", "organization", "network")
    if not candidates:
        return None
    best = min(candidates, key=lambda f: (
        chain.index(f.territory_id), f.organization_id is None, -f.valid_from.toordinal(), -f.id
    ))
    return FairPriceView(
        amount=best.price, currency=best.currency, unit=best.unit, territory_code=best.territory.code,
        territory_name=best.territory.name, producer_share=best.producer_share, transport=best.transport,
        solidarity_fund=best.solidarity_fund, other_costs=best.other_costs, valid_from=best.valid_from,
        valid_until=best.valid_until, organization_name=best.organization.name if best.organization else None,
        network_name=best.network.name if best.network else None,
    )
