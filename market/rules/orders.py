"""Order rules: which status follows which, and what a quantity typed or ordered may be."""

from __future__ import annotations

import re
from decimal import Decimal

from market.enums import OrderStatus
from market.errors import Invalid
from market.rules.units import convert
from market.stock_messages.words import unit_named

_NEXT_STATUSES = {
    OrderStatus.PLACED: (OrderStatus.CONFIRMED, OrderStatus.CANCELLED),
    OrderStatus.CONFIRMED: (OrderStatus.READY, OrderStatus.CANCELLED),
    OrderStatus.READY: (OrderStatus.DELIVERED,),
    OrderStatus.DELIVERED: (),
    OrderStatus.CANCELLED: (),
}

# Units sold by the piece: a person orders whole ones. Weights and volumes take decimals.
COUNTABLE_UNITS = frozenset({"unit", "dozen", "bunch", "bag", "sack", "box", "jar", "bottle"})
QUANTITY_PLACES = 3  # the quantity columns keep thousandths (250 g of a kilo)

# Digits with at most one decimal comma or point: "2", "2,5", "0.25", ",5". No signs, no grouping:
# "1.000" reads as one, as a decimal, because a person ordering a tonne would write "1000".
_QUANTITY = re.compile(r"[0-9]{1,9}(?:[.,][0-9]{1,6})?|[.,][0-9]{1,6}")


def next_statuses(status: OrderStatus) -> tuple[OrderStatus, ...]:
    """The statuses an order may move to from `status`.

    | status    | next                 |
    |-----------|----------------------|
    | placed    | confirmed, cancelled |
    | confirmed | ready, cancelled     |
    | ready     | delivered            |
    | delivered | (none)               |
    | cancelled | (none)               |
    """
    return _NEXT_STATUSES[OrderStatus(status)]


def parse_quantity(text: str) -> Decimal:
    """A quantity as a person types it; Invalid("bad_quantity") when it is not one.

    | text     | quantity          |
    |----------|-------------------|
    | "2"      | 2                 |
    | " 2,5 "  | 2.5               |
    | "2.5"    | 2.5               |
    | ",5"     | 0.5               |
    | "0"      | 0 (check refuses) |
    | "-2"     | bad_quantity      |
    | "1 1/2"  | bad_quantity      |
    | "2 kg"   | bad_quantity      |
    | "1.000,5"| bad_quantity      |
    | ""       | bad_quantity      |
    """
    cleaned = (text or "").strip()
    if not _QUANTITY.fullmatch(cleaned):
        raise Invalid("bad_quantity", text=cleaned[:32])
    return Decimal(cleaned.replace(",", "."))


_WITH_UNIT = re.compile(r"\s*([0-9.,]+)\s*([^\W\d_]+\.?)?\s*")


def parse_quantity_of(text: str, unit: str) -> Decimal:
    """A quantity typed for something sold by `unit`, perhaps with a unit's word: "3 frascos" of jars is 3.

    | text        | unit | quantity              |
    |-------------|------|-----------------------|
    | "3"         | jar  | 3                     |
    | "3 frascos" | jar  | 3                     |
    | "1,5 kg"    | kg   | 1.5                   |
    | "500 g"     | kg   | 0.5                   |
    | "2 kilos"   | jar  | written_in_other_unit |
    | "3 please"  | kg   | bad_quantity          |
    | "kg"        | kg   | bad_quantity          |
    """
    found = _WITH_UNIT.fullmatch(text or "")
    if not found:
        raise Invalid("bad_quantity", text=(text or "").strip()[:32])
    quantity = parse_quantity(found[1])
    if not found[2]:
        return quantity
    written = unit_named(found[2])
    if written is None:
        raise Invalid("bad_quantity", text=text.strip()[:32])
    converted = convert(quantity, written, unit)
    if converted is None:
        raise Invalid("written_in_other_unit", unit=unit)
    return converted


def check_quantity(quantity: Decimal, unit: str) -> None:
    """Refuse a quantity that cannot be ordered in `unit`.

    | quantity | unit   | result                |
    |----------|--------|-----------------------|
    | 2        | kg     | ok                    |
    | 0.25     | kg     | ok                    |
    | 1.5      | arroba | ok                    |
    | 3        | dozen  | ok                    |
    | 2.000    | unit   | ok                    |
    | 0        | kg     | quantity_not_positive |
    | -1       | unit   | quantity_not_positive |
    | 0.0005   | kg     | quantity_too_precise  |
    | 1.5      | unit   | quantity_not_whole    |
    | 0.5      | dozen  | quantity_not_whole    |
    """
    if not quantity.is_finite() or quantity <= 0:
        raise Invalid("quantity_not_positive", unit=unit)
    if unit in COUNTABLE_UNITS and quantity != quantity.to_integral_value():
        raise Invalid("quantity_not_whole", unit=unit)
    thousandths = quantity.scaleb(QUANTITY_PLACES)
    if thousandths != thousandths.to_integral_value():
        raise Invalid("quantity_too_precise", unit=unit, places=QUANTITY_PLACES)
