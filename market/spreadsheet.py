"""Cells a spreadsheet will not run as formulas: every CSV Feria writes goes through `csv_text`.

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


def csv_text(rows: Iterable[Sequence[str | Decimal | int | None]]) -> str:
    """The rows as CSV text (',' between cells, '.' decimals), every cell through `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
