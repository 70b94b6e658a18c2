"""What an offer may hold, and when buyers see it on sale: pure checks over values, raising market.errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

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


@dataclass(frozen=True)
class OfferFace:
    """What the catalog's searches and cards read of an offer."""

    stock: Decimal
    price: Decimal
    status: OfferStatus
    valid_until: datetime | None


class Reach(StrEnum):
    """What a change of an offer changes in the catalog's answers."""

    NOTHING = "nothing"
    # The answers that show its product (its card, the pages that list it), and no search's list of products.
    PRODUCT = "product"
    # Which products a search finds may change: every answer.
    CATALOG = "catalog"


def offer_change_reach(before: OfferFace, after: OfferFace) -> Reach:
    """How far a change of an offer reaches in the catalog (market.services.catalog.version raises what it says).

    No search filters or orders by an offer's stock or price, except "in stock" (on sale with stock above zero,
    market.services.catalog.browse.in_stock_filter): a stock that leaves or reaches zero reaches the catalog, even
    of an offer not on sale (no clock is read: a moment that passes between the write and a search changes nothing
    here). A status or valid_until changed reaches it too.

    | stock      | price       | status / valid_until | reach   |
    |------------|-------------|----------------------|---------|
    | 20 → 18    | 7.50        | the same             | product |
    | 20         | 7.50 → 8.00 | the same             | product |
    | 0 → 0      | 7.50 → 8.00 | the same             | product |
    | 2 → 0      | 7.50        | the same             | catalog |
    | 0 → 5      | 7.50        | the same             | catalog |
    | 20         | 7.50        | withdrawn → active   | catalog |
    | 20 → 18    | 7.50        | until changed        | catalog |
    | 20         | 7.50        | the same             | nothing |
    """
    if before == after:
        return Reach.NOTHING
    if (before.status, before.valid_until) != (after.status, after.valid_until):
        return Reach.CATALOG
    return Reach.CATALOG if (before.stock > 0) != (after.stock > 0) else Reach.PRODUCT


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
