"""One producer's statement as a sheet: the same rows as theirs in every producer's sheet (sold, payments, totals)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal as D

from market.services.organizations.statements import (
    SHEET_COLUMNS,
    PaymentRow,
    SoldRow,
    Statement,
    statement_sheet,
)
from market.spreadsheet import Unit


def test_a_statement_sheet_has_its_sold_rows_then_its_payments_then_its_totals():
    statement = Statement(
        1, "Café Amboró", 7, "Reina", "BOB", "BO", D("0.10"),
        (SoldRow("2026-11", "Cacao en grano", D(80), "kg", "BOB", D("4400.00"), D("132.00"), D("440.00"),
                 D("3828.00")),),
        (PaymentRow(3, D("1000.00"), "BOB", "Ramiro", datetime(2026, 11, 21, 15, tzinfo=timezone.utc), None),))

    sheet = statement_sheet(statement)

    assert sheet.columns == SHEET_COLUMNS
    assert sheet.rows == (
        ("Reina", "2026-11", "Cacao en grano", D(80), Unit("kg"), "BOB", D("4400.00"), D("132.00"), D("440.00"),
         D("3828.00"), None, None),
        ("Reina", "2026-11-21", None, None, None, "BOB", None, None, None, None, D("1000.00"), None),
        ("Reina", None, None, None, None, "BOB", None, None, None, D("3828.00"), D("1000.00"), D("2828.00")),
    )
