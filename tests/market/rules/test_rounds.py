"""Round prices, line amounts and fund parts: the example tables of market.rules.rounds."""

from datetime import date
from decimal import Decimal

import pytest

from market.rules.amounts import fund_share
from market.rules.amounts import line_amount as cart_line_amount
from market.rules.rounds import fund_part, line_amount, member_price, order_unit_price, pickup_days, unit_prices

D = Decimal


@pytest.mark.parametrize(
    ("price", "order_unit_quantity", "fund_rate", "currency", "fund_inside", "producer", "member"),
    [
        ("95.00", "0.5", "0.03", "BOB", True, "46.07", "47.50"),
        ("95.00", "0.5", "0.03", "BOB", False, "47.50", "48.93"),
        ("7.50", "1", "0.02", "BOB", True, "7.35", "7.50"),
        ("7.50", "1", "0.02", "BOB", False, "7.50", "7.65"),
        ("12.35", "0.25", "0.05", "BOB", True, "2.94", "3.09"),
        ("4.00", "1", "0", "BOB", True, "4.00", "4.00"),
        ("25000", "0.5", "0.02", "PYG", True, "12250", "12500"),
        ("2505", "1", "0.025", "PYG", True, "2442", "2505"),
        ("2505", "1", "0.025", "PYG", False, "2505", "2568"),
    ],
)
def test_an_order_unit_is_priced_as_the_cart_prices_it_with_the_fund_inside_unless_the_round_is_older(
    price, order_unit_quantity, fund_rate, currency, fund_inside, producer, member
):
    result = unit_prices(D(price), D(order_unit_quantity), D(fund_rate), currency, fund_inside)

    assert result == (D(producer), D(member))
    assert [r.as_tuple().exponent for r in result] == [D(producer).as_tuple().exponent, D(member).as_tuple().exponent]


@pytest.mark.parametrize(("price", "order_unit_quantity", "fund_rate", "currency"), [
    ("95.00", "0.5", "0.03", "BOB"), ("7.50", "1", "0.02", "BOB"), ("3.33", "0.333", "0.05", "MXN"),
    ("2505", "0.3", "0.025", "PYG"), ("1.0001", "1.5", "0.05", "BOB"),
])
def test_with_the_fund_inside_the_member_pays_the_cart_price_and_the_fund_gets_the_cart_share(
    price, order_unit_quantity, fund_rate, currency
):
    producer, member = unit_prices(D(price), D(order_unit_quantity), D(fund_rate), currency)

    assert member == cart_line_amount(D(order_unit_quantity), D(price), currency)
    assert member - producer == fund_share(member, D(fund_rate), currency)


@pytest.mark.parametrize(
    ("price", "order_unit_quantity", "currency", "expected"),
    [
        ("7.50", "1", "BOB", "7.50"),
        ("95.00", "0.5", "BOB", "47.50"),
        ("12.35", "0.25", "BOB", "3.09"),
        ("25000", "0.5", "PYG", "12500"),
    ],
)
def test_an_order_unit_costs_the_price_of_its_quantity_rounded_half_up(price, order_unit_quantity, currency, expected):
    result = order_unit_price(D(price), D(order_unit_quantity), currency)

    assert result == D(expected)
    assert result.as_tuple().exponent == D(expected).as_tuple().exponent


@pytest.mark.parametrize(
    ("producer_price", "fund_rate", "currency", "expected"),
    [
        ("7.50", "0.05", "BOB", "7.88"),
        ("10.00", "0.05", "BOB", "10.50"),
        ("4.00", "0", "BOB", "4.00"),
        ("3.33", "0.03", "MXN", "3.43"),
        ("0.10", "0.05", "BOB", "0.11"),
        ("12500", "0.02", "PYG", "12750"),
        ("2505", "0.025", "PYG", "2568"),
    ],
)
def test_a_member_pays_the_producer_price_plus_the_fund_share_rounded_once(
    producer_price, fund_rate, currency, expected
):
    result = member_price(D(producer_price), D(fund_rate), currency)

    assert result == D(expected)
    assert result.as_tuple().exponent == D(expected).as_tuple().exponent


@pytest.mark.parametrize(
    ("units", "price", "expected"),
    [(4, "7.88", "31.52"), (0, "7.88", "0.00"), (3, "12750", "38250")],
)
def test_a_line_is_whole_units_times_the_member_price(units, price, expected):
    assert line_amount(units, D(price)) == D(expected)


@pytest.mark.parametrize(
    ("units", "price", "producer_price", "expected"),
    [(4, "7.88", "7.50", "1.52"), (4, "47.50", "46.07", "5.72"), (1, "4.00", "4.00", "0.00"),
     (3, "12750", "12500", "750")],
)
def test_the_fund_gets_what_the_member_pays_above_the_producer_price(units, price, producer_price, expected):
    assert fund_part(units, D(price), D(producer_price)) == D(expected)


def test_producer_part_and_fund_part_add_up_to_the_line_to_the_cent():
    producer, price = D("3.09"), member_price(D("3.09"), D("0.05"), "BOB")

    lines = [line_amount(units, price) for units in (1, 4, 7, 13)]
    funds = [fund_part(units, price, producer) for units in (1, 4, 7, 13)]

    assert sum(lines) == sum(funds) + producer * 25


@pytest.mark.parametrize(("closing_day", "usual_weekday", "days"), [
    (date(2026, 12, 9), None, [date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 12)]),
    (date(2026, 12, 9), 5, [date(2026, 12, 12), date(2026, 12, 19), date(2026, 12, 10), date(2026, 12, 11)]),
    (date(2026, 12, 11), 5, [date(2026, 12, 12), date(2026, 12, 19), date(2026, 12, 13), date(2026, 12, 14)]),
    (date(2026, 12, 12), 5, [date(2026, 12, 19), date(2026, 12, 26), date(2026, 12, 13), date(2026, 12, 14)]),
])
def test_pickup_days_offer_the_groups_usual_weekday_first(closing_day, usual_weekday, days):
    assert pickup_days(closing_day, usual_weekday) == days
