"""A sheet as CSV in the reader's language: translated headers, units and words, the separator and decimal
point their spreadsheet expects, every cell spreadsheet-safe."""

import csv
import io
from decimal import Decimal

import pytest

from market.presentation.i18n import Translator
from market.presentation.sheets import COLUMNS, WORDS, csv_style, sheet_csv
from market.spreadsheet import FORMULA_STARTS, Quantity, Sheet, Unit, Word

BULK = Sheet(
    ("product", "order_unit", "pack_size", "unit", "producer_amount"),
    (
        ("Café", Quantity(Decimal("0.5"), "kg"), 4, Unit("jar"), Decimal("1234.50")),
        ("Miel", Quantity(Decimal("1"), "jar"), 12, Unit("quintal"), Decimal("-5.00")),
        ("=HYPERLINK(\"http://evil.example/\")", Quantity(Decimal("2"), "jar"), 1, None, Decimal("10")),
        (Word("total"), None, None, None, Decimal("1239.50")),
    ),
)


def read(text: str, separator: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # so that Excel reads the accents as UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=separator))


@pytest.mark.parametrize("locale, separator, rows", [
    ("es", ";", [
        ["producto", "unidad de pedido", "unidades por bulto", "unidad", "monto al productor"],
        ["Café", "0,5 kg", "4", "frasco", "1234,50"],
        ["Miel", "1 frasco", "12", "quintal", "-5,00"],
        ["'=HYPERLINK(\"http://evil.example/\")", "2 frascos", "1", "", "10"],
        ["total", "", "", "", "1239,50"],
    ]),
    ("pt_BR", ";", [
        ["produto", "unidade de pedido", "unidades por volume", "unidade", "valor ao produtor"],
        ["Café", "0,5 kg", "4", "pote", "1234,50"],
        ["Miel", "1 pote", "12", "quintal", "-5,00"],
        ["'=HYPERLINK(\"http://evil.example/\")", "2 potes", "1", "", "10"],
        ["total", "", "", "", "1239,50"],
    ]),
    ("en", ",", [
        ["product", "order unit", "pack size", "unit", "producer amount"],
        ["Café", "0.5 kg", "4", "jar", "1234.50"],
        ["Miel", "1 jar", "12", "quintal", "-5.00"],
        ["'=HYPERLINK(\"http://evil.example/\")", "2 jars", "1", "", "10"],
        ["total", "", "", "", "1239.50"],
    ]),
])
def test_a_sheet_reads_in_the_language_and_number_format_of_its_reader(locale, separator, rows):
    assert read(sheet_csv(BULK, Translator(locale)), separator) == rows


def test_a_translated_word_that_starts_like_a_formula_is_still_quoted():
    sheet = Sheet(("product",), (("-2+3",), ("@SUM(A1)",)))

    rows = read(sheet_csv(sheet, Translator("es")), ";")

    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []


@pytest.mark.parametrize("locale, style", [("es", (";", ",")), ("pt_BR", (";", ",")), ("en", (",", "."))])
def test_languages_with_a_decimal_comma_separate_cells_with_a_semicolon(locale, style):
    assert csv_style(locale) == style


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
def test_every_header_and_word_of_an_export_is_translated(locale):
    t = Translator(locale)

    def _(m: str | tuple[str, str]) -> str:
        return t.ngettext(*m, 1) if isinstance(m, tuple) else t.gettext(m)

    untranslated = [m for m in [*COLUMNS.values(), *WORDS.values()] if _(m) == (m if isinstance(m, str) else m[0])
                    and m != "total"]

    assert untranslated == []
