"""A solidarity fund in the open: an organization's (or a purchasing group's) balance, contributions and uses.

| service                 | who                                 | what it does                                        |
|-------------------------|-------------------------------------|-----------------------------------------------------|
| get_fund                | its members (a group's active ones) | balance, contributions by month, uses, loans, late  |
| fund_summary            | anyone (the public page)            | the sums only: no borrower is named                 |
| my_funds                | a person                            | the funds of their organizations and groups         |
| borrowers               | admins / coordinators               | whom a loan may go to                               |
| record_contribution     | a group's coordinators              | money put in the group's own fund, on its day, once |
| record_fund_use         | admins / coordinators               | a grant, an investment or a loan, never above the   |
|                         |                                     | balance (the owner's row is locked while checking)  |
| record_loan_repayment   | admins / coordinators               | money back on a loan, never above what is left      |
| take_back_repayment     | admins / coordinators               | a repayment recorded by mistake: a new entry, once  |

An organization's fund is its SOLIDARITY_FUND entries (sales, round closes and their corrections carry its id); a
group's own fund is the SOLIDARITY_FUND entries with the group's id and no organization. The ledger is append-only:
a use leaves by a FUND_USE entry (negative), a repayment returns by a LOAN_REPAYMENT entry (positive).
"""

from market.services.funds.recording import (
    UseRequest,
    record_contribution,
    record_fund_use,
    record_loan_repayment,
    take_back_repayment,
)
from market.services.funds.views import (
    Contribution,
    Fund,
    FundSummary,
    FundView,
    LoanState,
    MonthSum,
    UseView,
    borrowers,
    fund_summary,
    get_fund,
    get_use,
    my_funds,
)

__all__ = ["Contribution", "Fund", "FundSummary", "FundView", "LoanState", "MonthSum", "UseRequest", "UseView", "borrowers",
           "fund_summary", "get_fund", "get_use", "my_funds", "record_contribution", "record_fund_use", "record_loan_repayment",
           "take_back_repayment"]
