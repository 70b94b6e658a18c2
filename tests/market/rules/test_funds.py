"""A fund loan's installments and what is overdue: the example tables of market.rules.funds, and sums to the cent."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.rules.funds import Installment, monthly_installments, overdue

D = Decimal


@pytest.mark.parametrize(
    ("amount", "count", "first", "currency", "expected"),
    [
        ("1000.00", 2, "2026-01-15", "BOB", [("2026-01-15", "500.00"), ("2026-02-15", "500.00")]),
        ("100.00", 3, "2026-01-31", "BOB", [("2026-01-31", "33.33"), ("2026-02-28", "33.33"), ("2026-03-31", "33.34")]),
        ("10", 3, "2026-11-30", "PYG", [("2026-11-30", "3"), ("2026-12-30", "3"), ("2027-01-30", "4")]),
        ("0.01", 1, "2026-05-01", "BOB", [("2026-05-01", "0.01")]),
    ],
)
def test_a_loan_splits_into_monthly_installments_the_last_absorbing_the_cents(amount, count, first, currency,
                                                                               expected):
    installments = monthly_installments(D(amount), count, date.fromisoformat(first), currency)

    assert [(i.due_on.isoformat(), str(i.amount)) for i in installments] == expected


TWO = (Installment(date(2026, 1, 15), D(500)), Installment(date(2026, 2, 15), D(500)))


@pytest.mark.parametrize(
    ("repaid", "today", "expected"),
    [
        ("0", "2026-01-15", []),
        ("0", "2026-01-16", [("2026-01-15", "500")]),
        ("200", "2026-02-16", [("2026-01-15", "300"), ("2026-02-15", "500")]),
        ("600", "2026-02-16", [("2026-02-15", "400")]),
        ("1000", "2026-03-01", []),
    ],
)
def test_what_is_due_before_today_and_not_repaid_oldest_first_is_overdue(repaid, today, expected):
    late = overdue(TWO, D(repaid), date.fromisoformat(today))

    assert [(o.due_on.isoformat(), str(o.amount)) for o in late] == expected


@given(cents=st.integers(1, 10**9), count=st.integers(1, 36), day=st.integers(1, 31))
def test_installments_always_add_up_to_the_loan_and_none_is_empty(cents, count, day):
    amount = D(cents).scaleb(-2)
    if amount < D(count).scaleb(-2):
        count = 1

    installments = monthly_installments(amount, count, date(2026, 1, day), "BOB")

    assert sum(i.amount for i in installments) == amount
    assert all(i.amount > 0 for i in installments) and len(installments) == count
    assert len({i.due_on for i in installments}) == count
