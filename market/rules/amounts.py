"""Money rules: a line amount and its solidarity-fund share, rounded once to the currency's minor unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of a currency: Decimal("0.01") for BOB, Decimal("1") for PYG."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up (away from zero) to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """What a line costs: quantity times unit price, rounded once, half up, to the minor unit.

    | quantity | unit_price | currency | amount   |
    |----------|------------|----------|----------|
    | 2        | 8.50       | BOB      | 17.00    |
    | 0.5      | 95.00      | BOB      | 47.50    |
    | 0.333    | 7.50       | BOB      | 2.50     |
    | 1.5      | 2.25       | MXN      | 3.38     |
    | 0.125    | 4.00       | BRL      | 0.50     |
    | 3        | 12500      | PYG      | 37500    |
    | 0.5      | 2500       | PYG      | 1250     |
    | 0.3      | 2505       | PYG      | 752      |
    | 1.5      | 1.0001     | BOB      | 1.50     |
    """
    return round_money(quantity * unit_price, currency)


def fund_share(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """The part of an amount that goes to the solidarity fund, rounded like a line amount.

    The share is part of the amount the consumer pays, not added on top of it.

    | amount | rate   | currency | share |
    |--------|--------|----------|-------|
    | 17.00  | 0.05   | BOB      | 0.85  |
    | 47.50  | 0.05   | BOB      | 2.38  |
    | 3.38   | 0.03   | MXN      | 0.10  |
    | 10.00  | 0      | BOB      | 0.00  |
    | 37500  | 0.02   | PYG      | 750   |
    | 1250   | 0.025  | PYG      | 31    |
    | 0.10   | 0.05   | BOB      | 0.01  |
    """
    return round_money(amount * rate, currency)
