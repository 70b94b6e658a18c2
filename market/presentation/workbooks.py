"""A Sheet (market.spreadsheet) as an .xlsx workbook in the reader's language: what sheets.py writes as CSV.

Every cell is written as a value, never as a formula: text goes through `safe_cell` as in the CSV (a quote in
front of "=", "+", "-", "@"), so `=cmd()` is text in the workbook too. Numbers stay numbers (they sum in the
reader's spreadsheet); the money columns named by the caller show two decimals.
"""

from __future__ import annotations

import io
from decimal import Decimal

from market.presentation.i18n import Translator
from market.presentation.sheets import headers, reader_cell
from market.spreadsheet import Sheet, safe_cell

MONEY_FORMAT = "0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_xlsx(sheet: Sheet, translator: Translator, *, title: str, money: frozenset[str] = frozenset()) -> bytes:
    """The sheet as a workbook of one worksheet named `title`; the columns whose codes are in `money` as 0.00."""
    from openpyxl import Workbook  # only an export writes a workbook

    book = Workbook()
    worksheet = book.active
    assert worksheet is not None
    worksheet.title = _sheet_title(title)
    worksheet.append([safe_cell(name) for name in headers(sheet, translator)])
    money_at = {i for i, code in enumerate(sheet.columns) if code in money}
    for row in sheet.rows:
        cells = [safe_cell(reader_cell(value, translator)) for value in row]
        worksheet.append(cells)
        for i in money_at:
            if isinstance(cells[i], Decimal):
                worksheet.cell(row=worksheet.max_row, column=i + 1).number_format = MONEY_FORMAT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """A worksheet's name: at most 31 characters, none of []:*?/\\ (Excel's rules)."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Feria"
