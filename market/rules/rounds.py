"""Money rules of order rounds: a member's price per order unit, line amounts and the fund's part.

A member pays the producer's price plus the solidarity fund's share on top of it, rounded once
per order unit. Every line is then a whole number of order units times that price, so a member's
bill and an organization's bulk order are sums of the same exact line amounts and add up to the cent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from market.rules.amounts import round_money


def order_unit_price(price: Decimal, order_unit_quantity: Decimal, currency: str) -> Decimal:
    """The producer's price of one order unit (price per kg × 0.5 kg), rounded half up.

    | price  | order_unit_quantity | currency | order unit price |
    |--------|---------------------|----------|------------------|
    | 7.50   | 1                   | BOB      | 7.50             |
    | 95.00  | 0.5                 | BOB      | 47.50            |
    | 12.35  | 0.25                | BOB      | 3.09             |
    | 25000  | 0.5                 | PYG      | 12500            |
    """
    return round_money(price * order_unit_quantity, currency)


def member_price(producer_price: Decimal, fund_rate: Decimal, currency: str) -> Decimal:
    """What a member pays per order unit: the producer's price plus the fund's share, rounded half up.

    | producer_price | fund_rate | currency | member price |
    |----------------|-----------|----------|--------------|
    | 7.50           | 0.05      | BOB      | 7.88         |
    | 10.00          | 0.05      | BOB      | 10.50        |
    | 4.00           | 0         | BOB      | 4.00         |
    | 3.33           | 0.03      | MXN      | 3.43         |
    | 0.10           | 0.05      | BOB      | 0.11         |
    | 12500          | 0.02      | PYG      | 12750        |
    | 2505           | 0.025     | PYG      | 2568         |
    """
    return round_money(producer_price + producer_price * fund_rate, currency)


def line_amount(units: int, member_price: Decimal) -> Decimal:
    """What a member pays for whole order units: exact, since the price is already in minor units.

    | units | member_price | amount |
    |-------|--------------|--------|
    | 4     | 7.88         | 31.52  |
    | 0     | 7.88         | 0.00   |
    | 3     | 12750        | 38250  |
    """
    return units * member_price


def fund_part(units: int, member_price: Decimal, producer_price: Decimal) -> Decimal:
    """The part of a line that goes to the solidarity fund: what the member pays above the producer's price.

    | units | member_price | producer_price | fund part |
    |-------|--------------|----------------|-----------|
    | 4     | 7.88         | 7.50           | 1.52      |
    | 1     | 4.00         | 4.00           | 0.00      |
    | 3     | 12750        | 12500          | 750       |
    """
    return (member_price - producer_price) * units


def pickup_days(closing_day: date, usual_weekday: int | None) -> list[date]:
    """The days offered for picking up a round that closes on `closing_day`: the group's usual weekday first (its
    next two dates after the close), then the next days after the close.

    | closing day   | usual weekday | days offered                     |
    |---------------|---------------|----------------------------------|
    | Wed 9 Dec     | (none)        | Thu 10, Fri 11, Sat 12           |
    | Wed 9 Dec     | Saturday (5)  | Sat 12, Sat 19, Thu 10, Fri 11   |
    | Fri 11 Dec    | Saturday (5)  | Sat 12, Sat 19, Sun 13, Mon 14   |
    | Sat 12 Dec    | Saturday (5)  | Sat 19, Sat 26, Sun 13, Mon 14   |
    """
    after = [closing_day + timedelta(days=d) for d in range(1, 4)]
    if usual_weekday is None:
        return after
    first = closing_day + timedelta(days=(usual_weekday - closing_day.weekday() - 1) % 7 + 1)
    usual = [first, first + timedelta(days=7)]
    return usual + [day for day in after if day not in usual][:2]
