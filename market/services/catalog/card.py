"""The product card: its organization, the offer on sale, the seals valid today and the fair price where it is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q

from market import clock
from market.enums import OfferStatus, OrganizationStatus
from market.errors import NotFound
from market.models import FairPrice, Offer, Product, SealProduct
from market.rules.offers import offer_on_sale
from market.services.catalog.badges import SealBadge, seal_badge, valid_seal_filter
from market.services.catalog.browse import TERRITORY_DEPTH, public_filter
from market.services.catalog.categories import NAME_COLUMNS, stored_names
from market.services.organizations.refs import OrganizationRef
from market.sql import Statement


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


def _card_statement() -> Statement:
    """The product, its category, its offer, its organization and the organization's place with the places above it
    (TERRITORY_DEPTH of them: the fair price may be declared on any), in one statement written once. Only a product
    on show: active, of an approved organization (browse.public_filter)."""
    ups = range(1, TERRITORY_DEPTH + 1)
    return Statement(Product, f"""
        SELECT p.id, p.name, p.description, p.unit, p.photo_file_id, p.search_key, p.organization_id,
               c.code AS category_code, {", ".join(f"c.{column}" for column in NAME_COLUMNS.values())},
               g.slug, g.name AS organization_name, g.legal_form,
               t0.id AS place, t0.code AS place_code, t0.name AS place_name, t0.country_code,
               {", ".join(f"t{n}.id AS up{n}" for n in ups)},
               o.id AS offer_id, o.price, o.currency, o.stock, o.unit AS offer_unit, o.order_unit_quantity,
               o.pack_size, o.status, o.valid_until
        FROM product p
        JOIN category c ON c.id = p.category_id
        JOIN organization g ON g.id = p.organization_id
        JOIN territory t0 ON t0.id = g.territory_id
        {" ".join(f"LEFT JOIN territory t{n} ON t{n}.id = t{n - 1}.parent_id" for n in ups)}
        LEFT JOIN offer o ON o.product_id = p.id
        WHERE p.id = ? AND p.active = ? AND g.status = ?
    """)


_CARD = _card_statement()


async def get_product_card(product_id: int, *, today: date) -> ProductCard:
    """The product card; NotFound("product_not_found") for an unknown or inactive product, or one of an
    organization not approved."""
    rows = await _CARD.rows(product_id, True, OrganizationStatus.APPROVED.value)
    if not rows:
        raise NotFound("product_not_found", product_id=product_id)
    row = rows[0]
    seals = await (
        SealProduct.filter(valid_seal_filter(today, "seal__"), product_id=product_id)
        .select_related("seal__network")
        .order_by("seal__valid_until", "seal__code")
    )
    # The places from the organization's up, as far as they go.
    chain = [row["place"]]
    for n in range(1, TERRITORY_DEPTH + 1):
        if row[f"up{n}"] is None:
            break
        chain.append(row[f"up{n}"])
    return ProductCard(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        unit=row["unit"],
        category_code=row["category_code"],
        photo_file_id=row["photo_file_id"],
        organization=OrganizationRef(
            id=row["organization_id"], slug=row["slug"], name=row["organization_name"],
            legal_form=row["legal_form"], territory_code=row["place_code"], territory_name=row["place_name"],
            country_code=row["country_code"],
        ),
        offer=_offer_view(row),
        seals=tuple(seal_badge(s.seal, today) for s in seals),
        fair_price=await _fair_price(row["organization_id"], row["search_key"], chain, today),
        category_names=stored_names(row),
    )


async def get_offer_name(offer_id: int) -> tuple[str, str]:
    """The name of the offer's product and the unit it is sold by, to ask how much of it; NotFound("offer_not_found")
    for no such offer, or one of an organization not approved (as its card)."""
    found = await Offer.filter(public_filter("product__"), id=offer_id).first().values("product__name", "unit")
    if found is None:
        raise NotFound("offer_not_found", offer_id=offer_id)
    return found["product__name"], found["unit"]


def _offer_view(row: Mapping[str, Any]) -> OfferView | None:
    """The card's offer, when it is on sale: past its valid_until an offer reads as withdrawn (the product shows,
    nothing to order)."""
    if row["offer_id"] is None:
        return None
    fields = Offer._meta.fields_map
    status, until = OfferStatus(row["status"]), fields["valid_until"].to_python_value(row["valid_until"])
    if not offer_on_sale(status, until, clock.now()):
        return None
    return OfferView(
        id=row["offer_id"], price=fields["price"].to_python_value(row["price"]), currency=row["currency"],
        stock=fields["stock"].to_python_value(row["stock"]), unit=row["offer_unit"],
        order_unit_quantity=fields["order_unit_quantity"].to_python_value(row["order_unit_quantity"]),
        pack_size=row["pack_size"], status=status, valid_until=until,
    )


async def _fair_price(organization_id: int, search_key: str, chain: list[int], today: date) -> FairPriceView | None:
    """The fair price valid today for the product's name key, declared nearest to where it is made.

    It may be declared on the organization's territory or any place above it (`chain`, nearest first); the nearest
    wins, and there the organization's own declaration before a network's. A fair price another organization
    declared for itself never shows on this one's products.
    """
    candidates = await FairPrice.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(organization_id=organization_id) | Q(organization_id__isnull=True),
        search_key=search_key, territory_id__in=chain, valid_from__lte=today,
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
