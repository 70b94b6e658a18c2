"""What each family is owed: a sold line's amount, fund share and margin split across the lots it was taken from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from market.rules.amounts import minor_unit

MARGIN_PERCENT_MAX = Decimal(30)


@dataclass(frozen=True)
class TakeShare:
    """A take's part of its line: what the consumer paid for it, the fund's part, the margin, the producer's due."""

    amount: Decimal
    fund: Decimal
    margin: Decimal

    @property
    def due(self) -> Decimal:
        return self.amount - self.fund - self.margin


def split_to_the_cent(total: Decimal, weights: list[Decimal], currency: str) -> tuple[Decimal, ...]:
    """`total` in parts proportional to `weights`, in minor units, adding up to `total` exactly.

    Largest remainder: each part is first rounded down; the minor units left go one each to the parts that lost
    the most by it (equal remainders: the first part first, the oldest take). Nobody's statement is off by a cent
    against the order: the parts always sum to the line.

    | total  | weights     | currency | parts               |
    |--------|-------------|----------|---------------------|
    | 10.00  | 1, 2        | BOB      | 3.33, 6.67          |
    | 10.00  | 1, 1, 1     | BOB      | 3.34, 3.33, 3.33    |
    | 0.01   | 1, 1        | BOB      | 0.01, 0.00          |
    | 17.00  | 2           | BOB      | 17.00               |
    | 0.85   | 0.5, 1.5    | BOB      | 0.21, 0.64          |
    | 1001   | 1, 1        | PYG      | 501, 500            |
    | 0.00   | 3, 4        | BOB      | 0.00, 0.00          |
    """
    unit = minor_unit(currency)
    units, whole = int(total / unit), sum(weights, Decimal(0))
    exact = [units * w / whole for w in weights]
    parts = [int(e) for e in exact]  # units and weights are not negative: int() rounds down
    left = units - sum(parts)
    by_loss = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_loss[:left]:
        parts[i] += 1
    return tuple(p * unit for p in parts)


def take_shares(amount: Decimal, fund: Decimal, margin: Decimal, quantities: list[Decimal],
                currency: str) -> tuple[TakeShare, ...]:
    """A line's amount, fund share and margin split across its takes by quantity; each take's due is the rest.

    Each of the three is split to the cent (split_to_the_cent), so the takes' amounts, funds, margins and dues
    each add up to the line's: the producers' dues + the fund + the margin == the line's amount.

    | amount | fund | margin | takes   | amount / fund / margin → due, a take a row      |
    |--------|------|--------|---------|-------------------------------------------------|
    | 17.00  | 0.85 | 0.00   | 2       | 17.00 / 0.85 / 0.00 → 16.15                     |
    | 100.00 | 5.00 | 10.00  | 30, 10  | 75.00 / 3.75 / 7.50 → 63.75                     |
    |        |      |        |         | 25.00 / 1.25 / 2.50 → 21.25                     |
    | 10.00  | 0.50 | 1.00   | 1, 1, 1 | 3.34 / 0.17 / 0.34 → 2.83                       |
    |        |      |        |         | 3.33 / 0.17 / 0.33 → 2.83                       |
    |        |      |        |         | 3.33 / 0.16 / 0.33 → 2.84                       |
    """
    amounts = split_to_the_cent(amount, quantities, currency)
    funds = split_to_the_cent(fund, quantities, currency)
    margins = split_to_the_cent(margin, quantities, currency)
    return tuple(TakeShare(a, f, m) for a, f, m in zip(amounts, funds, margins, strict=True))


def margin_rate(text: str) -> Decimal | None:
    """The organization's margin typed as a percent, as a rate; None unless 0 to 30.

    | text   | rate   |
    |--------|--------|
    | 10     | 0.1    |
    | 7,5 %  | 0.075  |
    | 0      | 0      |
    | 30     | 0.3    |
    | 31     | None   |
    | -5     | None   |
    | diez   | None   |
    """
    typed = text.strip().rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,2}(\.\d{1,2})?", typed):
        return None
    percent = Decimal(typed)
    return percent / 100 if percent <= MARGIN_PERCENT_MAX else None
