"""A person's cart: what they mean to order, grouped by organization, kept in the database.

A cart is a wish, not a reservation: adding checks the stock of the moment, and only
checkout (market.services.orders.placing.place_orders) takes stock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.errors import Conflict, NotFound
from market.models import CartItem, Offer
from market.rules.amounts import fund_share, line_amount
from market.rules.offers import offer_on_sale
from market.rules.orders import check_quantity


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
    if not offer_on_sale(offer.status, offer.valid_until, now or clock.now()) or not offer.product.active:
        return Decimal(0)
    return offer.stock


async def cart_items(person_id: int) -> list[CartItem]:
    """The person's cart items in the order added, with offer, product and organization, in one query."""
    return await (
        CartItem.filter(person_id=person_id).select_related("offer__product__organization__territory").order_by("id")
    )


async def get_cart(person_id: int) -> CartView:
    """The cart as shown: one group per organization, lines priced and rounded, fund share included."""
    groups: dict[int, list[CartItem]] = {}
    for item in await cart_items(person_id):
        groups.setdefault(item.offer.product.organization_id, []).append(item)
    organizations = tuple(_group(items) for items in groups.values())
    return CartView(
        person_id=person_id, organizations=organizations, item_count=sum(len(o.lines) for o in organizations)
    )


def _group(items: list[CartItem]) -> CartOrganization:
    organization = items[0].offer.product.organization
    currency = items[0].offer.currency
    rate = organization.solidarity_fund_rate
    lines = tuple(
        CartLine(
            offer_id=item.offer_id, product_id=item.offer.product_id, product_name=item.offer.product.name,
            quantity=item.quantity, unit=item.offer.unit, unit_price=item.offer.price,
            amount=line_amount(item.quantity, item.offer.price, currency),
            available_stock=available_stock(item.offer),
        )
        for item in items
    )
    return CartOrganization(
        organization_id=organization.id, organization_name=organization.name,
        pickup_point=organization.pickup_point, country_code=organization.territory.country_code,
        currency=currency, fund_rate=rate, lines=lines,
        total=sum((line.amount for line in lines), Decimal(0)),
        # A sum of per-line shares, as the order will record them, so cart and order agree.
        fund_amount=sum((fund_share(line.amount, rate, currency) for line in lines), Decimal(0)),
    )


async def add_to_cart(person_id: int, offer_id: int, quantity: Decimal) -> CartView:
    """Add `quantity` to what the cart already holds of this offer."""
    offer = await _orderable_offer(offer_id)
    check_quantity(quantity, offer.unit)
    current = await CartItem.filter(person_id=person_id, offer_id=offer_id).first()
    await _store(person_id, offer, quantity + (current.quantity if current else 0), held=current is not None)
    return await get_cart(person_id)


async def set_cart_quantity(person_id: int, offer_id: int, quantity: Decimal) -> CartView:
    """Hold exactly `quantity` of this offer; 0 removes it."""
    if quantity == 0:
        return await remove_from_cart(person_id, offer_id)
    offer = await _orderable_offer(offer_id)
    check_quantity(quantity, offer.unit)
    await _store(person_id, offer, quantity)
    return await get_cart(person_id)


async def remove_from_cart(person_id: int, offer_id: int) -> CartView:
    await CartItem.filter(person_id=person_id, offer_id=offer_id).delete()
    return await get_cart(person_id)


async def empty_cart(person_id: int) -> None:
    await CartItem.filter(person_id=person_id).delete()


async def _orderable_offer(offer_id: int) -> Offer:
    offer = await Offer.filter(id=offer_id).select_related("product").first()
    if offer is None or not offer_on_sale(offer.status, offer.valid_until, clock.now()) \
            or not offer.product.active:
        raise NotFound("offer_not_found")
    return offer


async def _store(person_id: int, offer: Offer, quantity: Decimal, *, held: bool = True) -> None:
    """Write the line, refusing more than the stock of the moment; `held=False` when the cart was just seen without
    it (the line is created without trying to update it first)."""
    if quantity > offer.stock:
        raise Conflict("not_enough_stock", product=offer.product.name, available=offer.stock, unit=offer.unit)
    if held and await CartItem.filter(person_id=person_id, offer_id=offer.id).update(quantity=quantity):
        return
    try:
        # A savepoint: two taps adding the same offer at once must not abort a caller's transaction.
        async with in_transaction():
            await CartItem.create(person_id=person_id, offer_id=offer.id, quantity=quantity)
    except IntegrityError:
        await CartItem.filter(person_id=person_id, offer_id=offer.id).update(quantity=quantity)
