"""Line amounts and fund shares: the example tables of market.rules.amounts."""

from decimal import Decimal

import pytest

from market.rules.amounts import fund_share, line_amount

D = Decimal


@pytest.mark.parametrize(
    ("quantity", "unit_price", "currency", "amount"),
    [
        ("2", "8.50", "BOB", "17.00"),
        ("0.5", "95.00", "BOB", "47.50"),
        ("0.333", "7.50", "BOB", "2.50"),
        ("1.5", "2.25", "MXN", "3.38"),
        ("0.125", "4.00", "BRL", "0.50"),
        ("3", "12500", "PYG", "37500"),
        ("0.5", "2500", "PYG", "1250"),
        ("0.3", "2505", "PYG", "752"),
        ("1.5", "1.0001", "BOB", "1.50"),
    ],
)
def test_a_line_amount_is_rounded_once_half_up_to_the_currencys_minor_unit(quantity, unit_price, currency, amount):
    result = line_amount(D(quantity), D(unit_price), currency)

    assert result == D(amount)
    assert result.as_tuple().exponent == D(amount).as_tuple().exponent


@pytest.mark.parametrize(
    ("amount", "rate", "currency", "share"),
    [
        ("17.00", "0.05", "BOB", "0.85"),
        ("47.50", "0.05", "BOB", "2.38"),
        ("3.38", "0.03", "MXN", "0.10"),
        ("10.00", "0", "BOB", "0.00"),
        ("37500", "0.02", "PYG", "750"),
        ("1250", "0.025", "PYG", "31"),
        ("0.10", "0.05", "BOB", "0.01"),
    ],
)
def test_a_fund_share_is_rounded_like_a_line_amount(amount, rate, currency, share):
    result = fund_share(D(amount), D(rate), currency)

    assert result == D(share)
    assert result.as_tuple().exponent == D(share).as_tuple().exponent
