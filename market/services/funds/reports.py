"""A solidarity fund month by month, for its admins or coordinators: what came in, what went out, the balance.

Read from the same ledger entries as the fund's page (market.services.funds.views), in the owner's currency, by the
month each entry was written on the owner's calendar:

| column     | entries                                                                            |
|------------|------------------------------------------------------------------------------------|
| came_in    | contributions from sales and round closes, and their corrections (net)             |
| repaid     | loan repayments, less repayments taken back                                         |
| went_out   | grants, investments and loans given (FUND_USE entries, shown as a positive amount)  |
| balance    | every entry up to the month's end, the months before the period included            |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from market.enums import LedgerKind
from market.errors import Forbidden
from market.services.funds.views import Fund, _entries, _is_contribution, _owner_row, role_in


@dataclass(frozen=True)
class FundMonth:
    month: date  # its first day
    came_in: Decimal
    repaid: Decimal
    went_out: Decimal
    balance: Decimal  # at the month's end


@dataclass(frozen=True)
class FundMonths:
    name: str
    currency: str
    country_code: str
    opening: Decimal  # the balance before the first month
    months: tuple[FundMonth, ...]


async def fund_months(fund: Fund, *, viewer_person_id: int, months: tuple[date, ...]) -> FundMonths:
    """The fund over `months` (first days, oldest first, consecutive), for an admin or coordinator only."""
    row = await _owner_row(fund)
    if await role_in(fund, viewer_person_id) != "recorder":
        raise Forbidden("not_an_admin" if fund.organization_id is not None else "not_a_coordinator")
    currency, zone = row["territory__currency"], ZoneInfo(row["territory__time_zone"])
    sums = {m: [Decimal(0), Decimal(0), Decimal(0)] for m in months}
    opening = Decimal(0)
    for e in await _entries(fund):
        if e["currency"] != currency:
            continue
        amount = Decimal(e["amount"])
        month = e["created_at"].astimezone(zone).date().replace(day=1)
        if month < months[0]:
            opening += amount
        elif month not in sums:
            continue  # after the period
        elif _is_contribution(e):
            sums[month][0] += amount
        elif e["kind"] == LedgerKind.FUND_USE:
            sums[month][2] -= amount
        else:
            sums[month][1] += amount
    rows, balance = [], opening
    for month, (came_in, repaid, went_out) in sums.items():
        balance += came_in + repaid - went_out
        rows.append(FundMonth(month, came_in, repaid, went_out, balance))
    return FundMonths(row["name"], currency, row["territory__country_code"], opening, tuple(rows))
