"""Cells a spreadsheet will not run as formulas: every CSV Feria writes goes through `csv_text`.

A service gives a `Sheet`: column codes and rows whose cells are values, with the words Feria writes
(`Word`, `Unit`, `Quantity`) as codes; market.presentation.sheets writes it in the reader's language
(headers and units translated, ';' between cells and a decimal comma where the language writes one).

Excel, LibreOffice and Google Sheets read a cell that starts with "=", "+", "-" or "@" as a formula,
and a tab or carriage return ahead of one is skipped on the way (OWASP, "CSV Injection"): a product
named `=HYPERLINK("http://evil.example/","Factura")` would become a live link in a coordinator's
bulk order. OWASP's rule is applied to text cells only: a single quote in front, which spreadsheets
show as plain text.

Which cells are text: every `str`. Numbers Feria writes itself (`Decimal`, `int`) stay numbers, so a
negative amount ("-5.00") still reads as a number and sums; a number that must be read as text is
passed as a `str` and is quoted like any other text.

| value                                            | cell                                               |
|--------------------------------------------------|----------------------------------------------------|
| Café                                             | Café                                               |
| =HYPERLINK("http://evil.example/","Factura")     | '=HYPERLINK("http://evil.example/","Factura")      |
| +591 7000000                                     | '+591 7000000                                      |
| -5 kg                                            | '-5 kg                                             |
| @SUM(A1)                                         | '@SUM(A1)                                          |
| (a tab)=1+1                                      | '(a tab)=1+1                                       |
| 0.5 kg                                           | 0.5 kg                                             |
| Decimal("-5.00")                                 | -5.00, a number                                    |
| 4                                                | 4                                                  |
| None                                             | (empty)                                            |
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

# What makes a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet would read `text`, as a cell, as a formula."""
    return text.startswith(FORMULA_STARTS)


def safe_cell(value: str | Decimal | int | None) -> str | Decimal | int:
    """The value as a cell: text that starts like a formula gets a quote in front; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if starts_like_formula(value) else value
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return value
    raise TypeError(f"a spreadsheet cell is text or a number, not {type(value).__name__}")


def csv_text(
    rows: Iterable[Sequence[str | Decimal | int | None]], *, separator: str = ",", decimal: str = "."
) -> str:
    """The rows as CSV text, every cell through `safe_cell`; a Decimal is written with `decimal` as its point.

    | separator | decimal | row                          | line           |
    |-----------|---------|------------------------------|----------------|
    | ,         | .       | Café, Decimal("45.00"), 4    | Café,45.00,4   |
    | ;         | ,       | Café, Decimal("45.00"), 4    | Café;45,00;4   |
    | ;         | ,       | Tomate; rojo, Decimal("-5")  | "Tomate; rojo";-5 |
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    for row in rows:
        cells = [safe_cell(value) for value in row]
        writer.writerow([format(c, "f").replace(".", decimal) if isinstance(c, Decimal) else c for c in cells])
    return out.getvalue()


@dataclass(frozen=True)
class Word:
    """A word Feria writes in a cell ("total", a member's role), by its code: the reader gets it translated."""

    code: str


@dataclass(frozen=True)
class Unit:
    """A unit code ("kg", "jar") in a cell of its own: the reader gets its name ("frasco")."""

    code: str


@dataclass(frozen=True)
class Quantity:
    """A quantity and its unit in one cell ("0.5 kg", "1 jar"): the reader gets "0,5 kg", "1 frasco"."""

    value: Decimal
    unit: str


Cell = str | Decimal | int | Word | Unit | Quantity | None


@dataclass(frozen=True)
class Sheet:
    """A table to export: its columns' codes (translated as headers for the reader) and its rows."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
