"""A product's fields as a form or a spreadsheet row writes them (market.services.stock.product_fields), by its table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from market.services.stock.imports import read_sheet
from market.services.stock.product_fields import read_fields

TODAY = date(2026, 11, 21)
CATEGORIES = {"coffee_cocoa": 3, "cafe y cacao": 3}


@pytest.mark.parametrize(("field", "written", "read"), [
    ("name", "  Café   tostado ", "Café tostado"),
    ("category", "Café y cacao", 3),
    ("category", "coffee_cocoa", 3),
    ("unit", "kilos", "kg"),
    ("unit", "frasco", "jar"),
    ("price", "8,50", Decimal("8.50")),
    ("price", "1.250,50", Decimal("1250.50")),
    ("stock", "12,5", Decimal("12.5")),
    ("order_unit", "0,5", Decimal("0.5")),
    ("pack_size", "20", 20),
    ("valid_until", "31/12/2026", date(2026, 12, 31)),
    ("valid_until", datetime(2026, 12, 31), date(2026, 12, 31)),
])
def test_each_field_reads_as_its_table_says(field, written, read):
    values, errors = read_fields({"name": "Café", field: written}, currency="BOB", today=TODAY,
                                 categories=CATEGORIES)

    assert errors == ()
    assert getattr(values, {"category": "category_id"}.get(field, field)) == read


@pytest.mark.parametrize(("field", "written", "code"), [
    ("name", "=HYPERLINK(\"http://evil.example/\")", "bad_name"),
    ("name", "", "field_missing"),
    ("category", "Herramientas", "category_unknown"),
    ("unit", "cuadra", "unit_unknown"),
    ("price", "-3", "amount_not_positive"),
    ("price", "8,505", "amount_below_minor_unit"),
    ("price", "=2*4", "bad_quantity"),
    ("stock", "-1", "stock_negative"),
    ("pack_size", "2,5", "bad_pack_size"),
    ("valid_until", "2026-11-20", "valid_until_past"),
    ("valid_until", "mañana", "bad_date"),
])
def test_a_bad_field_is_named_with_its_refusal_and_nothing_is_read(field, written, code):
    values, errors = read_fields({"name": "Café", field: written}, currency="BOB", today=TODAY,
                                 categories=CATEGORIES)

    assert values is None
    assert [(e.field, e.code) for e in errors] == [(field, code)]


def test_stock_in_a_counted_unit_is_whole():
    _, errors = read_fields({"name": "Miel", "unit": "frasco", "stock": "2,5"}, currency="BOB", today=TODAY,
                            categories=CATEGORIES)

    assert [(e.field, e.code) for e in errors] == [("stock", "quantity_not_whole")]


def test_a_csv_is_read_by_its_headers_in_any_language_and_order_its_rows_numbered_as_a_spreadsheet_shows():
    text = "\ufeffPreço;Produto\n\n8,50;Café\n;\n9;Miel\n".encode()

    rows = read_sheet(text)

    assert rows == [(3, {"price": "8,50", "name": "Café"}), (5, {"price": "9", "name": "Miel"})]
