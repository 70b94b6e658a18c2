"""Importing an organization's products and offers from a spreadsheet (CSV or .xlsx): all of it, or nothing.

    read_sheet (bytes → rows of text) ──▶ every row read (product_fields) ──▶ one transaction of save_product

Columns by their header, in any order, in Spanish, Portuguese or English (COLUMNS); only the product's name is
always needed, and a new product's category, unit and price. A row naming a product the organization has (its
name as search writes it: "Café tostado" is "cafe tostado") updates it; any other makes one. Importing a file
twice changes nothing the second time.

The file is known by what it holds, not its name: a zip is read as .xlsx (openpyxl, streaming, formulas read as
the text they are and never run), anything else as UTF-8 CSV separated by commas or semicolons. One refusal for
the whole file, Invalid("import_unreadable", reason): not a spreadsheet, empty, a needed column missing, more
than MAX_ROWS rows. Any bad row refuses all: Invalid("import_refused", rows) lists each (its number as the
spreadsheet shows it, its column, a refusal code and its parameters), and nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.transactions import in_transaction

from market.errors import FeriaError, Invalid
from market.models import Offer
from market.services.stock.product_fields import FIELDS, FieldError, ProductValues, read_fields
from market.services.stock.products import DeskOrganization, ProductNotSaved, product_keys, save_product
from market.text import search_key

MAX_ROWS = 2000
MAX_COLUMNS = 30
# Rows read of a workbook at most, empty ones too: a sheet of a million blank rows is not read to its end.
MAX_SHEET_ROWS = 100_000
# What a header may say for each column, as search_key writes it, "_" read as a space.
COLUMNS = {
    "name": ("name", "product", "nombre", "producto", "nome", "produto"),
    "category": ("category", "categoria"),
    "unit": ("unit", "sale unit", "unidad", "unidad de venta", "unidade", "unidade de venda"),
    "price": ("price", "precio", "preco"),
    "stock": ("quantity", "stock", "cantidad", "quantidade", "estoque", "existencias"),
    "order_unit": ("order unit", "unidad de pedido", "unidade de pedido"),
    "pack_size": ("pack size", "unidades por bulto", "unidades por volume"),
    "valid_until": ("valid until", "valido hasta", "valido ate", "vigente hasta"),
}
_HEADERS = {word: column for column, words in COLUMNS.items() for word in words}
# Fields a new product cannot do without.
NEEDED_NEW = ("category", "unit", "price")
# Where a refusal met while saving belongs, when it does not say (the offer's, the lots').
_FIELD_OF = {"stock_below_lots": "stock", "lot_too_small": "stock", "valid_until_past": "valid_until"}


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: the row as the spreadsheet numbers it (the header is row 1), its column, why."""

    row: int
    column: str | None
    code: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class ImportDone:
    created: int
    updated: int
    unchanged: int


async def import_products(
    organization: DeskOrganization, data: bytes, *, by_person_id: int, today: date, categories: Mapping[str, int],
) -> ImportDone:
    """Import every row of the file in one transaction, or none (see the module's docstring)."""
    rows = read_sheet(data)
    existing = await product_keys(organization)
    units = dict(await Offer.filter(product__organization_id=organization.id).values_list("product_id", "unit"))
    problems: list[RowProblem] = []
    plan: list[tuple[int, int | None, ProductValues]] = []
    first_row: dict[str, int] = {}
    for number, written in rows:
        key = search_key(" ".join(str(written.get("name") or "").split()))
        product_id = existing.get(key)
        values, errors = read_fields(written, currency=organization.currency, today=today, categories=categories,
                                     unit_if_blank=units.get(product_id) if product_id else None)
        if key and key in first_row:
            errors += (FieldError("name", "duplicate_row", {"first": first_row[key]}),)
        if key:
            first_row.setdefault(key, number)
        if product_id is None and values is not None:
            errors += tuple(FieldError(name, "field_missing") for name in NEEDED_NEW if not written.get(name))
        problems += [RowProblem(number, e.field, e.code, dict(e.params)) for e in errors]
        if values is not None and not errors:
            plan.append((number, product_id, values))
    if problems:
        raise Invalid("import_refused", rows=problems)
    return await _write(organization, plan, by_person_id)


class _Refused(Exception):
    """Some row could not be saved: the whole transaction goes back."""


async def _write(organization: DeskOrganization, plan: list[tuple[int, int | None, ProductValues]],
                 by_person_id: int) -> ImportDone:
    created = updated = unchanged = 0
    problems: list[RowProblem] = []
    try:
        async with in_transaction():
            for number, product_id, values in plan:
                try:  # each row in a savepoint of its own: every bad row is named, then all go back
                    changed = await save_product(organization, product_id, values, by_person_id=by_person_id)
                except ProductNotSaved as refusal:
                    problems.append(RowProblem(number, refusal.error.field, refusal.error.code,
                                               dict(refusal.error.params)))
                    continue
                except FeriaError as error:
                    problems.append(RowProblem(number, _FIELD_OF.get(error.code), error.code, dict(error.params)))
                    continue
                if product_id is None:
                    created += 1
                elif changed:
                    updated += 1
                else:
                    unchanged += 1
            if problems:
                raise _Refused()
    except _Refused:
        raise Invalid("import_refused", rows=problems) from None
    return ImportDone(created, updated, unchanged)


def read_sheet(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, cell by column) of every row with something in it, the header being the first such row."""
    grid = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    header: dict[int, str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, cells in grid:
        if not any(_filled(c) for c in cells):
            continue
        if header is None:
            header = {i: _HEADERS[h] for i, c in enumerate(cells) if (h := _header(c)) in _HEADERS}
            missing = [name for name in ("name",) if name not in header.values()]
            if missing:
                raise Invalid("import_unreadable", reason="missing_columns", columns=missing)
            continue
        if len(rows) >= MAX_ROWS:
            raise Invalid("import_unreadable", reason="too_many_rows", max=MAX_ROWS)
        rows.append((number, {column: cells[i] for i, column in header.items() if i < len(cells)}))
    if header is None or not rows:
        raise Invalid("import_unreadable", reason="empty")
    return rows


def _header(cell: Any) -> str:
    return " ".join(search_key(str(cell or "")).replace("_", " ").split())


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """A CSV's records, numbered as a spreadsheet opening it numbers them; UTF-8 text or nothing."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("import_unreadable", reason="not_a_spreadsheet") from None
    if "\x00" in text or not text.strip():
        raise Invalid("import_unreadable", reason="not_a_spreadsheet" if text.strip() else "empty")
    first = text.lstrip().split("\n", 1)[0]
    separator = max(";,\t", key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        raise Invalid("import_unreadable", reason="not_a_spreadsheet") from None
    return ((number, record[:MAX_COLUMNS]) for number, record in enumerate(records, start=1))


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows; formulas come as their text ("=SUM(A1)"), never run nor read from a cached value."""
    from openpyxl import load_workbook  # only an import reads a workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, its own) for a zip that is no workbook
        raise Invalid("import_unreadable", reason="not_a_spreadsheet") from None
    try:
        sheet = book.worksheets[0]
        rows, filled = [], 0
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > MAX_SHEET_ROWS or filled > MAX_ROWS + 1:  # enough to say there are too many
                break
            if any(_filled(c) for c in cells):
                filled += 1
                rows.append((number, list(cells)))
    except Exception:
        raise Invalid("import_unreadable", reason="not_a_spreadsheet") from None
    finally:
        book.close()
    return iter(rows)


__all__ = ["COLUMNS", "FIELDS", "MAX_ROWS", "ImportDone", "RowProblem", "import_products", "read_sheet"]
