"""The product card: its organization, the offer on sale, the seals valid today and the fair price where it is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from market import clock
from market.enums import OfferStatus, OrganizationStatus
from market.errors import NotFound
from market.models import FairPrice, Offer, Product
from market.rules.offers import offer_on_sale
from market.services.catalog.badges import SealBadge, product_seal_badges
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
    """The product, its category, its offer, its organization with its place, and the fair price valid on the day
    (its two `?` come first) for the product's name key, declared nearest to where it is made, in one statement
    written once. Only a product on show: active, of an approved organization (browse.public_filter).

    The fair price may be declared on the organization's place or any of the TERRITORY_DEPTH places above it (t0,
    t1…, NULL past the top); the nearest wins, and there the organization's own declaration before a network's
    (`organization_id IS NULL` sorts false first on both engines), then the latest valid_from, then the latest id.
    A fair price another organization declared for itself never shows on this one's products. The candidates are
    ranked in a derived table: SQLite (3.40) cannot read the outer query's columns in a subquery's ORDER BY.
    """
    ups = range(1, TERRITORY_DEPTH + 1)
    places = range(TERRITORY_DEPTH + 1)
    return Statement(Product, f"""
        SELECT p.id, p.name, p.description, p.unit, p.photo_file_id, p.organization_id,
               c.code AS category_code, {", ".join(f"c.{column}" for column in NAME_COLUMNS.values())},
               g.slug, g.name AS organization_name, g.legal_form,
               t0.code AS place_code, t0.name AS place_name, t0.country_code,
               o.id AS offer_id, o.price, o.currency, o.stock, o.unit AS offer_unit, o.order_unit_quantity,
               o.pack_size, o.status, o.valid_until,
               fp.id AS fair_id, fp.price AS fair_amount, fp.currency AS fair_currency, fp.unit AS fair_unit,
               fp.producer_share, fp.transport, fp.solidarity_fund, fp.other_costs,
               fp.valid_from AS fair_valid_from, fp.valid_until AS fair_valid_until,
               ft.code AS fair_place_code, ft.name AS fair_place_name,
               fg.name AS fair_organization_name, fn.name AS fair_network_name
        FROM product p
        JOIN category c ON c.id = p.category_id
        JOIN organization g ON g.id = p.organization_id
        JOIN territory t0 ON t0.id = g.territory_id
        {" ".join(f"LEFT JOIN territory t{n} ON t{n}.id = t{n - 1}.parent_id" for n in ups)}
        LEFT JOIN offer o ON o.product_id = p.id
        LEFT JOIN fair_price fp ON fp.id = (
            SELECT f.id FROM (
                SELECT id, organization_id, valid_from,
                       CASE territory_id {" ".join(f"WHEN t{n}.id THEN {n}" for n in places)} END AS nearness
                FROM fair_price
                WHERE search_key = p.search_key AND territory_id IN ({", ".join(f"t{n}.id" for n in places)})
                  AND (organization_id = p.organization_id OR organization_id IS NULL)
                  AND valid_from <= ? AND (valid_until IS NULL OR valid_until >= ?)
            ) f
            ORDER BY f.nearness, f.organization_id IS NULL, f.valid_from DESC, f.id DESC
            LIMIT 1)
        LEFT JOIN territory ft ON ft.id = fp.territory_id
        LEFT JOIN organization fg ON fg.id = fp.organization_id
        LEFT JOIN pgs_network fn ON fn.id = fp.network_id
        WHERE p.id = ? AND p.active = ? AND g.status = ?
    """)


_CARD = _card_statement()


async def get_product_card(product_id: int, *, today: date) -> ProductCard:
    """The product card; NotFound("product_not_found") for an unknown or inactive product, or one of an
    organization not approved."""
    rows = await _CARD.rows(today, today, product_id, True, OrganizationStatus.APPROVED.value)
    if not rows:
        raise NotFound("product_not_found", product_id=product_id)
    row = rows[0]
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
        seals=await product_seal_badges(product_id, today),
        fair_price=_fair_price_view(row),
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


def _fair_price_view(row: Mapping[str, Any]) -> FairPriceView | None:
    """The card's fair price, read by FairPrice's fields (SQLite keeps decimals as text and dates as ISO text)."""
    if row["fair_id"] is None:
        return None
    fields = FairPrice._meta.fields_map
    money = fields["price"].to_python_value
    day = fields["valid_from"].to_python_value
    return FairPriceView(
        amount=money(row["fair_amount"]), currency=row["fair_currency"], unit=row["fair_unit"],
        territory_code=row["fair_place_code"], territory_name=row["fair_place_name"],
        producer_share=money(row["producer_share"]), transport=money(row["transport"]),
        solidarity_fund=money(row["solidarity_fund"]), other_costs=money(row["other_costs"]),
        valid_from=day(row["fair_valid_from"]), valid_until=day(row["fair_valid_until"]),
        organization_name=row["fair_organization_name"], network_name=row["fair_network_name"],
    )
