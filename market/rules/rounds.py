"""Money rules of order rounds: a member's price per order unit, line amounts and the fund's part.

A member pays per order unit exactly what the cart charges for that quantity of the offer: the offer's
price times the order unit's quantity, rounded once, half up, with the solidarity fund's share inside it;
the producer gets that price less the fund's share (`unit_prices`). Rounds opened before migration 0031
(`RoundOffer.fund_inside` False) put the fund's share on top of the producer's price (`order_unit_price`,
`member_price`) and keep that. Every line is then a whole number of order units times the member price,
so a member's account and an organization's bulk order are sums of the same exact line amounts and add up
to the cent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from market.rules.amounts import fund_share, round_money
from market.rules.amounts import line_amount as cart_line_amount


def unit_prices(
    price: Decimal, order_unit_quantity: Decimal, fund_rate: Decimal, currency: str, fund_inside: bool = True
) -> tuple[Decimal, Decimal]:
    """The producer's price and the member's price of one order unit, as (producer, member).

    With the fund inside (every round opened since migration 0031) the member pays what the cart charges for
    the order unit's quantity (`market.rules.amounts.line_amount`) and the producer gets it less the fund's
    share (`market.rules.amounts.fund_share`). Without it (older rounds) the fund's share goes on top.

    | price | order_unit_quantity | fund_rate | currency | fund_inside | producer | member |
    |-------|---------------------|-----------|----------|-------------|----------|--------|
    | 95.00 | 0.5                 | 0.03      | BOB      | True        | 46.07    | 47.50  |
    | 95.00 | 0.5                 | 0.03      | BOB      | False       | 47.50    | 48.93  |
    | 7.50  | 1                   | 0.02      | BOB      | True        | 7.35     | 7.50   |
    | 7.50  | 1                   | 0.02      | BOB      | False       | 7.50     | 7.65   |
    | 12.35 | 0.25                | 0.05      | BOB      | True        | 2.94     | 3.09   |
    | 4.00  | 1                   | 0         | BOB      | True        | 4.00     | 4.00   |
    | 25000 | 0.5                 | 0.02      | PYG      | True        | 12250    | 12500  |
    | 2505  | 1                   | 0.025     | PYG      | True        | 2442     | 2505   |
    | 2505  | 1                   | 0.025     | PYG      | False       | 2505     | 2568   |
    """
    if not fund_inside:
        producer = order_unit_price(price, order_unit_quantity, currency)
        return producer, member_price(producer, fund_rate, currency)
    member = cart_line_amount(order_unit_quantity, price, currency)
    return member - fund_share(member, fund_rate, currency), member


def order_unit_price(price: Decimal, order_unit_quantity: Decimal, currency: str) -> Decimal:
    """The producer's price of one order unit (price per kg × 0.5 kg), rounded half up (rounds without the fund inside).

    | price  | order_unit_quantity | currency | order unit price |
    |--------|---------------------|----------|------------------|
    | 7.50   | 1                   | BOB      | 7.50             |
    | 95.00  | 0.5                 | BOB      | 47.50            |
    | 12.35  | 0.25                | BOB      | 3.09             |
    | 25000  | 0.5                 | PYG      | 12500            |
    """
    return round_money(price * order_unit_quantity, currency)


def member_price(producer_price: Decimal, fund_rate: Decimal, currency: str) -> Decimal:
    """What a member paid per order unit in rounds opened before the fund went inside the price: the producer's
    price plus the fund's share, rounded half up.

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
    | 4     | 47.50        | 46.07          | 5.72      |
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
