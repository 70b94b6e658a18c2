"""A solidarity fund's loans: installments that add up to the cent, and what is overdue once repayments count."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from market.rules.amounts import minor_unit

INSTALLMENTS_MAX = 36


@dataclass(frozen=True)
class Installment:
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class Overdue:
    """What is left of an installment whose date has passed."""

    due_on: date
    amount: Decimal


def monthly_installments(amount: Decimal, count: int, first_due_on: date, currency: str) -> tuple[Installment, ...]:
    """`count` equal monthly installments from `first_due_on`, the last one absorbing the cents.

    A due day past a month's end falls on its last day (31 January, then 28 February, then 31 March).

    | amount  | count | first due  | currency | installments                                   |
    |---------|-------|------------|----------|------------------------------------------------|
    | 1000.00 | 2     | 2026-01-15 | BOB      | 500.00 on 01-15, 500.00 on 02-15               |
    | 100.00  | 3     | 2026-01-31 | BOB      | 33.33 on 01-31, 33.33 on 02-28, 33.34 on 03-31 |
    | 10      | 3     | 2026-11-30 | PYG      | 3 on 11-30, 3 on 12-30, 4 on 2027-01-30        |
    | 0.01    | 1     | 2026-05-01 | BOB      | 0.01 on 05-01                                  |
    """
    if count < 1:
        raise ValueError("a loan has at least one installment")
    each = (amount / count).quantize(minor_unit(currency), rounding=ROUND_DOWN)
    amounts = [each] * (count - 1) + [amount - each * (count - 1)]
    return tuple(Installment(_months_after(first_due_on, n), a) for n, a in enumerate(amounts))


def overdue(installments: tuple[Installment, ...], repaid: Decimal, today: date) -> tuple[Overdue, ...]:
    """The installments due before `today` that repayments (counted against the oldest first) do not cover.

    | installments (due, amount)     | repaid | today      | overdue                     |
    |--------------------------------|--------|------------|-----------------------------|
    | 01-15 500, 02-15 500           | 0      | 2026-01-15 | nothing (due today)         |
    | 01-15 500, 02-15 500           | 0      | 2026-01-16 | 500 of 01-15                |
    | 01-15 500, 02-15 500           | 200    | 2026-02-16 | 300 of 01-15, 500 of 02-15  |
    | 01-15 500, 02-15 500           | 600    | 2026-02-16 | 400 of 02-15                |
    | 01-15 500, 02-15 500           | 1000   | 2026-03-01 | nothing                     |
    """
    result = []
    left = repaid
    for i in sorted(installments, key=lambda i: i.due_on):
        covered = min(left, i.amount)
        left -= covered
        if i.due_on < today and covered < i.amount:
            result.append(Overdue(i.due_on, i.amount - covered))
    return tuple(result)


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
