"""A Sheet (market.spreadsheet) as CSV text in the reader's language, as their spreadsheet opens it.

Headers, units and Feria's own words are translated. Where the language writes a decimal comma
(Spanish, Portuguese) the cells are separated by ';' and numbers written "45,00": that is what
Excel and LibreOffice set up in those languages expect when they open a CSV, so the numbers land
as numbers, in their columns. Numbers are never grouped ("1234,50"): a grouping point would read
as a decimal point elsewhere. The text starts with a byte order mark, so that Excel reads "Café"
as UTF-8 and not as "CafÃ©". Every text cell, translated or not, is spreadsheet-safe (csv_text).

| locale | header               | row                                   |
|--------|----------------------|---------------------------------------|
| es     | producto;unidad de pedido;precio al productor | Café;0,5 kg;47,50      |
| pt_BR  | produto;unidade de pedido;preço ao produtor   | Café;0,5 kg;47,50      |
| en     | product,order unit,producer price             | Café,0.5 kg,47.50      |
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_decimal_symbol

from market.presentation.i18n import Translator
from market.presentation.labels import N_, NP_, unit_name
from market.spreadsheet import Cell, Quantity, Sheet, Unit, Word, csv_text

BOM = "\ufeff"

# Every column a Feria export has, by its code.
COLUMNS: dict[str, str | tuple[str, str]] = {
    # The bulk order of a round, for an organization
    "product": N_("product"),
    "order_unit": N_("order unit"),
    "pack_size": N_("pack size"),
    "packs": N_("packs"),
    "units": N_("units"),
    "producer_price": N_("producer price"),
    "producer_amount": N_("producer amount"),
    "currency": N_("currency"),
    # The producers' statements
    "producer": N_("producer"),
    "month": N_("month"),
    "quantity": N_("quantity"),
    "unit": NP_("unit", "units"),  # the unit's own msgid, a plural pair (labels.UNITS): read with ngettext
    "amount": N_("amount"),
    "fund": N_("solidarity fund"),
    "margin": N_("margin"),
    "due": N_("due"),
    "paid": N_("paid"),
    "balance": N_("balance"),
    # The members' register
    "member": N_("member"),
    "role": N_("role"),
    "community": N_("community"),
    "family_size": N_("family size"),
    "season": N_("season"),
    "updated_on": N_("updated on"),
    # A group's members' accounts
    "day": N_("day"),
    "round": N_("round"),
    "entry": N_("entry"),
    "note": N_("note"),
    # A round's pickup list
    "takes_home": N_("takes home"),
    "signature": N_("signature"),
    # A round's totals
    "members_amount": N_("members pay"),
    # The desk's reports
    "orders": N_("orders"),
    "buyer": N_("buyer"),
    "territory": N_("place"),
    "came_in": N_("came in"),
    "repaid": N_("loans repaid"),
    "went_out": N_("went out"),
}
# Feria's own words in cells.
WORDS = {
    "total": N_("total"),
    "producer": N_("producer"),
    "admin": N_("admin"),
    "former_member": N_("Former member"),
    "no_place": N_("Place not given"),
}


def csv_style(locale: str) -> tuple[str, str]:
    """(separator, decimal point) for the language: (";", ",") where it writes a decimal comma, else (",", ".")."""
    decimal = get_decimal_symbol(locale)
    return (";", ",") if decimal == "," else (",", ".")


def sheet_csv(sheet: Sheet, translator: Translator) -> str:
    """The sheet as CSV text for the reader of `translator`: translated, in their number format, spreadsheet-safe."""
    separator, decimal = csv_style(translator.locale)
    return BOM + csv_text([headers(sheet, translator), *([reader_cell(v, translator, decimal) for v in row]
                                                          for row in sheet.rows)],
                          separator=separator, decimal=decimal)


def headers(sheet: Sheet, translator: Translator) -> list[str]:
    """The sheet's column names in the reader's language."""
    return [_column(COLUMNS.get(code, code), translator) for code in sheet.columns]


def reader_cell(value: Cell, translator: Translator, decimal: str = ".") -> str | Decimal | int | None:
    """A cell as its reader reads it: Feria's words and units translated, a quantity with its unit written."""
    if isinstance(value, Word):
        return translator.gettext(WORDS.get(value.code, value.code))
    if isinstance(value, Unit):
        return unit_name(translator.ngettext, value.code)
    if isinstance(value, Quantity):
        number = format(value.value.normalize(), "f").replace(".", decimal)
        return f"{number} {unit_name(translator.ngettext, value.unit, value.value)}"
    if isinstance(value, Decimal) and int(value.as_tuple().exponent) < -2:
        # A quantity as stored (5.000 kg) reads as five thousand where the point groups thousands: "5".
        return value.normalize()
    return value


def _column(name: str | tuple[str, str], translator: Translator) -> str:
    return translator.ngettext(*name, 1) if isinstance(name, tuple) else translator.gettext(name)
