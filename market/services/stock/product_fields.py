"""A product and its offer as a person writes them in a form or a spreadsheet row: text in, values or each field's refusal.

The desk's product form and the import of a spreadsheet read the same fields the same way, with the checks the bot's
stock posting uses (market.rules.offers, market.rules.orders, market.stock_messages.words for units):

| field       | written                         | read as                                                      |
|-------------|---------------------------------|--------------------------------------------------------------|
| name        | "Café tostado"                  | the name, spaces tidied; never one starting like a formula   |
| category    | "coffee", "Café", "Cafés"       | a category id, by code or a name (the caller's `categories`) |
| unit        | "kg", "kilos", "frasco", "jar"  | a unit code (kg, jar)                                         |
| price       | "8,50", "8.50", "1.250,50"      | Decimal, in whole cents of the currency                      |
| stock       | "20", "12,5"                    | Decimal, zero or more, whole for counted units               |
| order_unit  | "0,5" (blank: 1)                | how much of the unit one order unit of a group round is      |
| pack_size   | "20" (blank: 1)                 | how many order units make the case or sack                   |
| valid_until | "2026-12-31", "31/12/2026" (blank: no end) | the last day the offer stands, not a past one     |

A refusal is `FieldError(field, code, params)`: the code is a refusal of market.refusals, worded at its doors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from market.errors import FeriaError, Invalid
from market.rules.offers import check_price, check_stock
from market.rules.orders import check_quantity
from market.services.prices.imports import read_price
from market.spreadsheet import starts_like_formula
from market.stock_messages.words import unit_named
from market.text import search_key

FIELDS = ("name", "category", "unit", "price", "stock", "order_unit", "pack_size", "valid_until")
NAME_LIMIT = 160
PACK_SIZE_LIMIT = 10_000
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


@dataclass(frozen=True)
class FieldError:
    """Why one field cannot be taken: its name, a refusal code and the refusal's parameters."""

    field: str
    code: str
    params: Mapping[str, Any] = default(default_factory=dict)


@dataclass(frozen=True)
class ProductValues:
    """What was read; None where the field was left blank (a product being updated keeps what it had)."""

    name: str
    category_id: int | None = None
    unit: str | None = None
    price: Decimal | None = None
    stock: Decimal | None = None
    order_unit: Decimal | None = None
    pack_size: int | None = None
    valid_until: date | None = None
    # Whether the field was there at all: blank, the offer stands until withdrawn; absent, its end is kept.
    has_valid_until: bool = False


def read_fields(
    written: Mapping[str, str], *, currency: str, today: date, categories: Mapping[str, int],
    unit_if_blank: str | None = None,
) -> tuple[ProductValues | None, tuple[FieldError, ...]]:
    """The fields written, read and checked; (values, ()) or (None, each field's refusal).

    `categories`: a category id by the search key of its code and of each of its names. `unit_if_blank`: the
    product's unit, to check stock and order unit in when the unit is not written (an update).
    """
    text = {name: _text(written.get(name)) for name in FIELDS}
    errors: list[FieldError] = []

    def take(name: str, read: Any) -> Any:
        if not text[name]:
            return None
        try:
            return read(text[name])
        except FeriaError as error:
            errors.append(FieldError(name, error.code, dict(error.params)))
            return None

    name = " ".join(text["name"].split())
    if not name:
        errors.append(FieldError("name", "field_missing"))
    elif len(name) > NAME_LIMIT or not name.isprintable() or starts_like_formula(name) or not search_key(name):
        errors.append(FieldError("name", "bad_name", {"product": name[:40]}))
    category_id = take("category", lambda t: _category(t, categories))
    unit = take("unit", _unit)
    counted_in = unit or unit_if_blank or "kg"
    price = take("price", lambda t: _price(t, currency))
    stock = take("stock", lambda t: _stock(t, counted_in))
    order_unit = take("order_unit", lambda t: _order_unit(t, counted_in))
    pack_size = take("pack_size", _pack_size)
    valid_until = take("valid_until", lambda t: _day(t, today))
    if errors:
        return None, tuple(errors)
    return ProductValues(name, category_id, unit, price, stock, order_unit, pack_size, valid_until,
                         has_valid_until="valid_until" in written), ()


def _text(value: Any) -> str:
    """A cell or form value as text; a number a spreadsheet stored is written as it reads (8.5, not 8.500000001)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def read_decimal(text: str) -> Decimal:
    """A number as people write it: "8,50", "8.50", "1.250,50"; Invalid("bad_quantity") for anything else."""
    number = read_price(text.replace(" ", ""))
    if number is None:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise Invalid("bad_quantity", text=text[:20]) from None
    if not number.is_finite():
        raise Invalid("bad_quantity", text=text[:20])
    return number


def _category(text: str, categories: Mapping[str, int]) -> int:
    found = categories.get(search_key(text))
    if found is None:
        raise Invalid("category_unknown", category=text[:40])
    return found


def _unit(text: str) -> str:
    unit = unit_named(text)
    if unit is None:
        raise Invalid("unit_unknown", unit=text[:20])
    return unit


def _price(text: str, currency: str) -> Decimal:
    price = read_decimal(text)
    check_price(price, currency)
    return price


def _stock(text: str, unit: str) -> Decimal:
    stock = read_decimal(text)
    check_stock(stock, unit)
    return stock


def _order_unit(text: str, unit: str) -> Decimal:
    amount = read_decimal(text)
    check_quantity(amount, unit)
    return amount


def _pack_size(text: str) -> int:
    try:
        size = Decimal(text.replace(",", "."))
    except InvalidOperation:
        size = Decimal(0)
    if not size.is_finite() or size != size.to_integral_value() or not 1 <= size <= PACK_SIZE_LIMIT:
        raise Invalid("bad_pack_size", max=PACK_SIZE_LIMIT)
    return int(size)


def _day(text: str, today: date) -> date:
    """An ISO date (2026-12-31) or one written day first (31/12/2026); not a day already past."""
    day: date | None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        found = _DAY_FIRST.fullmatch(text)
        try:
            day = date(int(found[3]), int(found[2]), int(found[1])) if found else None
        except ValueError:
            day = None
    if day is None:
        raise Invalid("bad_date", example="31/12/2026")
    if day < today:
        raise Invalid("valid_until_past")
    return day
