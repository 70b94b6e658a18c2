"""What an offer may hold, and when buyers see it on sale: pure checks over values, raising market.errors."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from market.enums import OfferStatus
from market.errors import Invalid
from market.rules.amounts import round_money
from market.rules.orders import check_quantity


def offer_on_sale(status: OfferStatus, valid_until: datetime | None, now: datetime) -> bool:
    """Whether buyers see an offer on sale: active, and not past the moment it stands until.

    | status    | valid_until      | now              | on sale |
    |-----------|------------------|------------------|---------|
    | active    | None             | any              | yes     |
    | active    | 2026-11-28 23:59 | 2026-11-28 12:00 | yes     |
    | active    | 2026-11-28 23:59 | 2026-11-29 00:00 | no      |
    | withdrawn | None             | any              | no      |
    """
    return status == OfferStatus.ACTIVE and (valid_until is None or valid_until > now)


# What the columns hold (market.models.base): quantity(14, 3) and money(14, 2).
MAX_STOCK = Decimal("1e11")


MAX_PRICE = Decimal("1e12")


def check_stock(stock: Decimal, unit: str) -> None:
    """A stock may be zero (sold out); above it, a quantity that can be sold in `unit` (check_quantity)."""
    if not isinstance(stock, Decimal) or not stock.is_finite():
        raise Invalid("bad_quantity")
    if stock < 0:
        raise Invalid("stock_negative")
    if stock >= MAX_STOCK:
        raise Invalid("stock_too_large", max=MAX_STOCK)
    if stock > 0:
        check_quantity(stock, unit)


def check_price(price: Decimal, currency: str) -> None:
    """A price above zero, in whole minor units of the currency (cents of BOB, whole guaraníes)."""
    if not isinstance(price, Decimal) or not price.is_finite() or price <= 0:
        raise Invalid("amount_not_positive")
    if price >= MAX_PRICE:
        raise Invalid("price_too_large", max=MAX_PRICE)
    if round_money(price, currency) != price:
        raise Invalid("amount_below_minor_unit", currency=currency)
