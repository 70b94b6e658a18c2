"""What each family is owed: the example tables of market.rules.statements, and its sums to the cent."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.rules.amounts import fund_share, line_amount
from market.rules.statements import margin_rate, split_to_the_cent, take_shares

D = Decimal


@pytest.mark.parametrize(
    ("total", "weights", "currency", "parts"),
    [
        ("10.00", "1 2", "BOB", "3.33 6.67"),
        ("10.00", "1 1 1", "BOB", "3.34 3.33 3.33"),
        ("0.01", "1 1", "BOB", "0.01 0.00"),
        ("17.00", "2", "BOB", "17.00"),
        ("0.85", "0.5 1.5", "BOB", "0.21 0.64"),
        ("1001", "1 1", "PYG", "501 500"),
        ("0.00", "3 4", "BOB", "0.00 0.00"),
    ],
)
def test_a_total_splits_by_weight_to_the_cent_by_largest_remainder(total, weights, currency, parts):
    split = split_to_the_cent(D(total), [D(w) for w in weights.split()], currency)

    assert split == tuple(D(p) for p in parts.split())


@pytest.mark.parametrize(
    ("line", "quantities", "shares"),
    [
        (("17.00", "0.85", "0.00"), "2", [("17.00", "0.85", "0.00", "16.15")]),
        (("100.00", "5.00", "10.00"), "30 10",
         [("75.00", "3.75", "7.50", "63.75"), ("25.00", "1.25", "2.50", "21.25")]),
        (("10.00", "0.50", "1.00"), "1 1 1",
         [("3.34", "0.17", "0.34", "2.83"), ("3.33", "0.17", "0.33", "2.83"), ("3.33", "0.16", "0.33", "2.84")]),
    ],
)
def test_a_line_splits_across_its_takes_and_each_due_is_the_rest(line, quantities, shares):
    amount, fund, margin = (D(x) for x in line)

    split = take_shares(amount, fund, margin, [D(q) for q in quantities.split()], "BOB")

    assert [(s.amount, s.fund, s.margin, s.due) for s in split] == [tuple(D(x) for x in row) for row in shares]


@pytest.mark.parametrize(
    ("text", "rate"),
    [("10", D("0.1")), ("7,5 %", D("0.075")), ("0", D(0)), ("30", D("0.3")), ("31", None), ("-5", None),
     ("diez", None)],
)
def test_the_margin_is_a_percent_from_0_to_30(text, rate):
    assert margin_rate(text) == rate


quantities = st.decimals(min_value=D("0.001"), max_value=D(500), places=3)
lines = st.tuples(
    st.lists(quantities, min_size=1, max_size=6),  # the takes' quantities
    st.decimals(min_value=D("0.01"), max_value=D(999), places=2),  # unit price
    st.sampled_from([D(0), D("0.02"), D("0.05"), D("0.035")]),  # fund rate
    st.sampled_from([D(0), D("0.1"), D("0.075"), D("0.3")]),  # margin rate
    st.sampled_from(["BOB", "PYG", "BRL"]),
)


@given(st.lists(lines, min_size=1, max_size=5))
def test_producers_amounts_fund_and_margin_add_up_to_the_orders_totals(orders):
    total = dues = funds = margins = D(0)
    for takes, price, fund_rate, margin, currency in orders:
        price = price.quantize(D(1)) if currency == "PYG" else price
        amount = line_amount(sum(takes, D(0)), price, currency)
        fund, kept = fund_share(amount, fund_rate, currency), fund_share(amount, margin, currency)
        total += amount

        for share in take_shares(amount, fund, kept, takes, currency):
            dues, funds, margins = dues + share.due, funds + share.fund, margins + share.margin

    assert dues + funds + margins == total
