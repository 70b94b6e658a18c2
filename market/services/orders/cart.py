"""A person's cart: what they mean to order, grouped by organization, kept in the database.

A cart is a wish, not a reservation: adding checks the stock of the moment, and only
checkout (market.services.orders.placing.place_orders) takes stock.

Adding and showing the cart are the bot's hot path (bench/bot_throughput.py): they run through statements written
once (market.sql), not queries tortoise builds on every tap, which cost more than running them. Values read come
through the models' own fields, as the ORM would give them; tests/market/services/test_cart_statements.py holds
them to what the ORM's queries answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from market import clock
from market.enums import OfferStatus
from market.errors import Conflict, NotFound
from market.models import CartItem, Offer, Organization
from market.rules.amounts import fund_share, line_amount
from market.rules.offers import offer_on_sale
from market.rules.orders import check_quantity
from market.sql import Statement


@dataclass(frozen=True)
class CartLine:
    offer_id: int
    product_id: int
    product_name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    # What could be ordered now: 0 when the offer was withdrawn since it was added.
    available_stock: Decimal

    @property
    def is_available(self) -> bool:
        return self.quantity <= self.available_stock


@dataclass(frozen=True)
class CartOrganization:
    organization_id: int
    organization_name: str
    pickup_point: str
    # Formats its money as people there write it (Bs8,50 in Bolivia).
    country_code: str
    currency: str
    fund_rate: Decimal
    lines: tuple[CartLine, ...]
    total: Decimal
    fund_amount: Decimal


@dataclass(frozen=True)
class CartView:
    person_id: int
    organizations: tuple[CartOrganization, ...]
    item_count: int

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0


def available_stock(offer: Offer, now: datetime | None = None) -> Decimal:
    """The stock a consumer may order now (the offer's `product` must be fetched): none once withdrawn
    or past the moment it stands until."""
    return _available(offer.stock, offer.status, offer.valid_until, offer.product.active, now or clock.now())


def _available(stock: Decimal, status: OfferStatus, valid_until: datetime | None, active: bool, now: datetime) -> Decimal:
    return stock if active and offer_on_sale(status, valid_until, now) else Decimal(0)


# Each line with its offer, product, organization and the organization's place, in the order added.
_CART = Statement(CartItem, """
    SELECT c.offer_id, c.quantity, o.product_id, o.price, o.currency, o.unit, o.stock, o.status, o.valid_until,
           p.name AS product_name, p.active, p.organization_id, g.name AS organization_name, g.pickup_point,
           g.solidarity_fund_rate, t.country_code
    FROM cart_item c
    JOIN offer o ON o.id = c.offer_id
    JOIN product p ON p.id = o.product_id
    JOIN organization g ON g.id = p.organization_id
    JOIN territory t ON t.id = g.territory_id
    WHERE c.person_id = ?
    ORDER BY c.id
""")


async def get_cart(person_id: int) -> CartView:
    """The cart as shown: one group per organization, lines priced and rounded, fund share included."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in await _CART.rows(person_id):
        groups.setdefault(row["organization_id"], []).append(row)
    now = clock.now()
    organizations = tuple(_group(rows, now) for rows in groups.values())
    return CartView(
        person_id=person_id, organizations=organizations, item_count=sum(len(o.lines) for o in organizations)
    )


def _group(rows: list[dict[str, Any]], now: datetime) -> CartOrganization:
    first = rows[0]
    currency = first["currency"]
    rate = Organization._meta.fields_map["solidarity_fund_rate"].to_python_value(first["solidarity_fund_rate"])
    lines = tuple(_line(row, currency, now) for row in rows)
    return CartOrganization(
        organization_id=first["organization_id"], organization_name=first["organization_name"],
        pickup_point=first["pickup_point"], country_code=first["country_code"],
        currency=currency, fund_rate=rate, lines=lines,
        total=sum((line.amount for line in lines), Decimal(0)),
        # A sum of per-line shares, as the order will record them, so cart and order agree.
        fund_amount=sum((fund_share(line.amount, rate, currency) for line in lines), Decimal(0)),
    )


def _line(row: Mapping[str, Any], currency: str, now: datetime) -> CartLine:
    """A line priced in its group's currency (the first line's, as an organization sells in one)."""
    offer = Offer._meta.fields_map
    quantity = CartItem._meta.fields_map["quantity"].to_python_value(row["quantity"])
    price = offer["price"].to_python_value(row["price"])
    return CartLine(
        offer_id=row["offer_id"], product_id=row["product_id"], product_name=row["product_name"],
        quantity=quantity, unit=row["unit"], unit_price=price, amount=line_amount(quantity, price, currency),
        available_stock=_available(
            offer["stock"].to_python_value(row["stock"]), OfferStatus(row["status"]),
            offer["valid_until"].to_python_value(row["valid_until"]), bool(row["active"]), now,
        ),
    )


async def add_to_cart(person_id: int, offer_id: int, quantity: Decimal) -> CartView:
    """Add `quantity` to what the cart already holds of this offer."""
    await add_to_cart_line(person_id, offer_id, quantity)
    return await get_cart(person_id)


@dataclass(frozen=True)
class AddedLine:
    """What the cart holds of an offer once something was added: what the bot says after a tap on "+1 kg"."""

    offer_id: int
    product_name: str
    unit: str
    quantity: Decimal


async def add_to_cart_line(person_id: int, offer_id: int, quantity: Decimal) -> AddedLine:
    """add_to_cart, answering only the line it changed (two statements: the cart is not read again)."""
    offer = await _orderable_offer(person_id, offer_id)
    check_quantity(quantity, offer.unit)
    total = _QUANTITY.to_python_value(quantity + (offer.held if offer.held is not None else 0))  # as stored
    await _store(person_id, offer, total)
    return AddedLine(offer.id, offer.product, offer.unit, total)


async def set_cart_quantity(person_id: int, offer_id: int, quantity: Decimal) -> CartView:
    """Hold exactly `quantity` of this offer; 0 removes it."""
    if quantity == 0:
        return await remove_from_cart(person_id, offer_id)
    offer = await _orderable_offer(person_id, offer_id)
    check_quantity(quantity, offer.unit)
    await _store(person_id, offer, quantity)
    return await get_cart(person_id)


async def remove_from_cart(person_id: int, offer_id: int) -> CartView:
    await CartItem.filter(person_id=person_id, offer_id=offer_id).delete()
    return await get_cart(person_id)


async def empty_cart(person_id: int) -> None:
    await CartItem.filter(person_id=person_id).delete()


@dataclass(frozen=True)
class _Orderable:
    """An offer on sale, its product's name, and what the person's cart holds of it (None: no line)."""

    id: int
    stock: Decimal
    unit: str
    product: str
    held: Decimal | None


_QUANTITY = CartItem._meta.fields_map["quantity"]
# The offer with its product, and the person's line of it if there is one.
_OFFER = Statement(Offer, """
    SELECT o.id, o.stock, o.unit, o.status, o.valid_until, p.name AS product, p.active, c.quantity AS held
    FROM offer o
    JOIN product p ON p.id = o.product_id
    LEFT JOIN cart_item c ON c.offer_id = o.id AND c.person_id = ?1
    WHERE o.id = ?2
""")


async def _orderable_offer(person_id: int, offer_id: int) -> _Orderable:
    rows = await _OFFER.rows(person_id, offer_id)
    if not rows:
        raise NotFound("offer_not_found")
    row, fields = rows[0], Offer._meta.fields_map
    if not offer_on_sale(OfferStatus(row["status"]), fields["valid_until"].to_python_value(row["valid_until"]),
                         clock.now()) or not row["active"]:
        raise NotFound("offer_not_found")
    held = None if row["held"] is None else _QUANTITY.to_python_value(row["held"])
    return _Orderable(id=row["id"], stock=fields["stock"].to_python_value(row["stock"]), unit=row["unit"],
                      product=row["product"], held=held)


# One statement whether the line is there or not: two taps adding the same offer at once cannot both insert
# (the unique person_id, offer_id), and nothing fails, so a caller's transaction is never aborted.
_STORE = Statement(CartItem, """
    INSERT INTO cart_item (person_id, offer_id, quantity, added_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (person_id, offer_id) DO UPDATE SET quantity = excluded.quantity
""")


async def _store(person_id: int, offer: _Orderable, quantity: Decimal) -> None:
    """Write the line, refusing more than the stock of the moment."""
    if quantity > offer.stock:
        raise Conflict("not_enough_stock", product=offer.product, available=offer.stock, unit=offer.unit)
    await _STORE.rows(person_id, offer.id, quantity, clock.now())
