"""A use's fields checked all at once, each error by its field (a desk form shows each next to it); the first is what
record_fund_use refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from market.enums import FundUseKind
from market.services.funds.recording import UseRequest, use_errors

TODAY = date(2026, 11, 21)
DECIDED = date(2026, 11, 14)
GRANT = UseRequest(FundUseKind.GRANT, D("100.00"), "Semillas", DECIDED, "Acta 12")
LOAN = UseRequest(FundUseKind.LOAN, D("100.00"), "Semillas", DECIDED, "Acta 12", 7, 2, date(2026, 12, 15))


@pytest.mark.parametrize(("request_", "errors"), [
    (GRANT, {}),
    (LOAN, {}),
    (UseRequest(FundUseKind.GRANT, D(0), " ", date(2026, 12, 1), "x" * 201),
     {"amount": "amount_not_positive", "purpose": "fund_text_length", "decision": "fund_text_length",
      "decided_on": "fund_decided_in_future"}),
    (UseRequest(FundUseKind.GRANT, D("10.005"), "Semillas", DECIDED), {"amount": "amount_below_minor_unit"}),
    (UseRequest(FundUseKind.LOAN, D("100.00"), "Semillas", DECIDED, "", 7, 0, date(2026, 12, 15)),
     {"installments": "installments_range"}),
    (UseRequest(FundUseKind.LOAN, D("0.05"), "Semillas", DECIDED, "", 7, 6, date(2026, 12, 15)),
     {"installments": "installments_range"}),
    (UseRequest(FundUseKind.LOAN, D("100.00"), "Semillas", DECIDED, "", 7, 2, None),
     {"installments": "installments_range"}),
    (UseRequest(FundUseKind.LOAN, D("100.00"), "Semillas", DECIDED, "", 7, 2, DECIDED),
     {"first_due_on": "first_due_before_decision"}),
    (UseRequest(FundUseKind.GRANT, D("100.00"), "Semillas", DECIDED, "", None, 0, None), {}),
])
def test_each_field_a_use_gets_wrong_is_named_with_its_refusal(request_, errors):
    found = use_errors(request_, "BOB", TODAY)

    assert {field: refused.code for field, refused in found.items()} == errors
