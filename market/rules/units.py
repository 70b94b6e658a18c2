"""Converting quantities and prices between units, for comparing and publishing stock.

Weights go through kilograms and volumes through litres. Local units weigh what the territory
says (a UnitConversion row on the place or any place above it: a quintal is 46 kg in Bolivia, an
arroba 11.5 kg in the Andes and 15 kg in Brazil); without one, the defaults below. Counted units
(a bag, a dozen) convert to nothing else, except through what one of them holds ("12 bolsas de
500 g" is 6 kg).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal

from market.errors import Invalid

# unit → (base unit, how many base units one is)
STANDARD = {
    "kg": ("kg", Decimal(1)),
    "g": ("kg", Decimal("0.001")),
    "lb": ("kg", Decimal("0.45359237")),
    "t": ("kg", Decimal(1000)),
    "l": ("l", Decimal(1)),
    "ml": ("l", Decimal("0.001")),
}
# Where the territory says nothing: the Andean weights.
LOCAL_DEFAULTS = {"quintal": ("kg", Decimal(46)), "arroba": ("kg", Decimal("11.5"))}


def convert(quantity: Decimal, unit: str, to_unit: str, local: Mapping[str, tuple[str, Decimal]] | None = None,
            content: tuple[Decimal, str] | None = None) -> Decimal | None:
    """`quantity` of `unit` in `to_unit`, or None when the two cannot be compared.

    | quantity | unit    | to_unit | local / content        | result |
    |----------|---------|---------|------------------------|--------|
    | 3        | quintal | kg      | (defaults)             | 138    |
    | 2        | arroba  | kg      | arroba = 15 kg (BR)    | 30     |
    | 500      | g       | kg      |                        | 0.5    |
    | 12       | bag     | kg      | content (500, g)       | 6      |
    | 12       | bag     | bag     |                        | 12     |
    | 5        | bunch   | kg      |                        | None   |
    | 1        | l       | kg      |                        | None   |
    """
    if unit == to_unit:
        return quantity
    if content is not None and unit not in _factors(local):
        amount, content_unit = content
        return convert(quantity * amount, content_unit, to_unit, local)
    factors = _factors(local)
    if unit not in factors or to_unit not in factors:
        return None
    (base, factor), (to_base, to_factor) = factors[unit], factors[to_unit]
    if base != to_base:
        return None
    return quantity * factor / to_factor


def price_per(price: Decimal, unit: str, to_unit: str, local: Mapping[str, tuple[str, Decimal]] | None = None,
              content: tuple[Decimal, str] | None = None) -> Decimal | None:
    """A price per `unit` as a price per `to_unit` (unrounded), or None when they cannot be compared.

    | price | per     | per (to) | result |
    |-------|---------|----------|--------|
    | 150   | quintal | kg       | 3.26…  |
    | 8.50  | kg      | quintal  | 391    |
    | 35    | bag     | kg       | 70 (content 500 g) |
    """
    one = convert(Decimal(1), to_unit, unit, local, content if to_unit == unit else None)
    if one is None:
        back = convert(Decimal(1), unit, to_unit, local, content)
        return None if back is None or back == 0 else price / back
    return price * one


def _factors(local: Mapping[str, tuple[str, Decimal]] | None) -> dict[str, tuple[str, Decimal]]:
    return {**STANDARD, **LOCAL_DEFAULTS, **(local or {})}


def repacked(quantity: Decimal, content: tuple[Decimal, str], into: tuple[Decimal, str] | None,
             local: Mapping[str, tuple[str, Decimal]] | None = None) -> Decimal | None:
    """`quantity` bags (jars, boxes) holding `content` as bags holding `into`; None when that cannot be told:
    the product's bags are not described, the contents do not compare, or it makes no whole number of bags.

    | quantity | content | into   | result                    |
    |----------|---------|--------|---------------------------|
    | 12       | 500 g   | 250 g  | 24                        |
    | 12       | 250 g   | 250 g  | 12                        |
    | 2        | 1 kg    | 250 g  | 8                         |
    | 10       | 0,5 kg  | 500 g  | 10                        |
    | 3        | 300 g   | 250 g  | None (3,6 bags)           |
    | 12       | 500 g   | (none) | None (nobody said)        |
    | 4        | 1 l     | 250 g  | None (a volume, a weight) |
    """
    if into is None:
        return None
    one = convert(content[0], content[1], into[1], local)
    if one is None or into[0] <= 0:
        return None
    bags = quantity * one / into[0]
    return bags.to_integral_value() if bags == bags.to_integral_value() else None


ORDER_UNITS_LIMIT = 10**9  # a member's line in whole order units: the columns hold no more


def in_order_units(amount: Decimal, unit: str | None, offer_unit: str, order_unit: Decimal) -> int:
    """An amount typed in the offer's unit (or one that converts to it) as whole order units of `order_unit`;
    Invalid with the nearest amounts that are when it does not divide.

    | amount | unit  | offer unit | order unit | result                                      |
    |--------|-------|------------|------------|---------------------------------------------|
    | 1.5    | (none)| kg         | 0.5        | 3                                           |
    | 1.5    | kg    | kg         | 0.5        | 3                                           |
    | 500    | g     | kg         | 0.5        | 1                                           |
    | 3      | jar   | jar        | 1          | 3                                           |
    | 2      | dozen | dozen      | 1          | 2                                           |
    | 0      | (none)| kg         | 0.5        | 0                                           |
    | 1.2    | (none)| kg         | 0.5        | amount_not_in_order_units below 1 above 1.5 |
    | 1.5    | (none)| jar        | 1          | amount_not_in_order_units below 1 above 2   |
    | 0.2    | (none)| kg         | 0.5        | amount_below_order_unit step 0.5            |
    | 3      | kg    | jar        | 1          | written_in_other_unit unit jar                |
    """
    if unit is not None and unit != offer_unit:
        converted = convert(amount, unit, offer_unit)
        if converted is None:
            raise Invalid("written_in_other_unit", unit=offer_unit)
        amount = converted
    if order_unit <= 0 or amount < 0:
        raise Invalid("not_whole_units", field="quantity")
    units = amount / order_unit
    whole = int(units.to_integral_value(rounding=ROUND_FLOOR))
    if whole >= ORDER_UNITS_LIMIT:
        raise Invalid("not_whole_units", field="quantity")
    if units == whole:
        return whole
    if whole == 0:
        raise Invalid("amount_below_order_unit", step=order_unit, unit=offer_unit)
    raise Invalid("amount_not_in_order_units", step=order_unit, below=whole * order_unit,
                  above=(whole + 1) * order_unit, unit=offer_unit)
