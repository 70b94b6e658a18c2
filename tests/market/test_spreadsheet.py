"""Spreadsheet-safe cells: the example table of market.spreadsheet, and CSV text read back."""

import csv
import io
from decimal import Decimal

import pytest

from market import spreadsheet
from market.spreadsheet import FORMULA_STARTS, csv_text, safe_cell
from tests.market.test_stock_messages import table


def _value(cell: str):
    """A table's value column as the Python value it stands for."""
    if cell == "None":
        return None
    if cell.startswith("Decimal("):
        return Decimal(cell[9:-2])
    if cell.isdigit():
        return int(cell)
    return cell.replace("(a tab)", "\t")


@pytest.mark.parametrize("value, cell", table(spreadsheet))
def test_safe_cell_follows_the_table_of_its_module(value, cell):
    result = safe_cell(_value(value))

    if cell.endswith(", a number"):
        assert result == Decimal(cell.removesuffix(", a number")) and isinstance(result, Decimal)
    elif cell == "(empty)":
        assert result == ""
    else:
        assert result == _value(cell)


HOSTILE = ['=HYPERLINK("http://evil.example/","Factura")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "=1"]


def test_no_cell_of_a_csv_starts_like_a_formula_and_numbers_stay_numbers():
    text = csv_text([("name", "amount"), *((name, Decimal("-5.00")) for name in HOSTILE), ("Café", 4)])

    rows = list(csv.reader(io.StringIO(text)))

    assert not [cell for row in rows for cell in row[:1] if cell.startswith(FORMULA_STARTS)]
    assert [row[0] for row in rows[1:-1]] == ["'" + name for name in HOSTILE]
    assert [row[1] for row in rows[1:]] == ["-5.00"] * len(HOSTILE) + ["4"]


def test_a_cell_that_is_neither_text_nor_a_number_is_a_mistake():
    with pytest.raises(TypeError):
        safe_cell(1.5)
