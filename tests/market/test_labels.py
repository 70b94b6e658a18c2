"""A category's and a unit's name for a reader, from the tables of market.presentation.labels."""

from decimal import Decimal

import pytest

from market.presentation.i18n import Translator
from market.presentation.labels import category_name, plural_count, unit_name


def translate(message: str) -> str:
    return {"Vegetables": "Hortalizas"}.get(message, message)


@pytest.mark.parametrize(("code", "stored", "locale", "name"), [
    ("vegetables", {}, "es", "Hortalizas"),
    ("vegetables", {"es": "Verduras"}, "es", "Verduras"),
    ("vegetables", {"es": "Verduras"}, "en", "Hortalizas"),
    ("seeds", {"es": "Semillas", "en": "Seeds"}, "pt_BR", "Semillas"),
    ("seeds", {}, "en", "seeds"),
])
def test_a_category_is_named_by_its_stored_name_else_the_catalogs_else_another_language(code, stored, locale, name):
    assert category_name(code, stored, locale, translate) == name


def test_the_translator_names_a_built_in_category_in_its_language_and_a_stored_one_as_stored():
    portuguese = Translator("pt_BR")

    assert portuguese.category("vegetables") == portuguese.gettext("Vegetables") != "Vegetables"
    assert portuguese.category("seeds", {"pt_BR": "Sementes", "es": "Semillas"}) == "Sementes"


@pytest.mark.parametrize(("locale", "code", "count", "name"), [
    ("es", "dozen", Decimal(1), "docena"),
    ("es", "dozen", Decimal(30), "docenas"),
    ("pt_BR", "dozen", Decimal(5), "dúzias"),
    ("pt_BR", "dozen", Decimal(1), "dúzia"),
    ("es", "jar", Decimal(3), "frascos"),
    ("es", "jar", Decimal("1.5"), "frascos"),
    ("pt_BR", "jar", Decimal(2), "potes"),
    ("en", "dozen", Decimal(2), "dozens"),
    ("es", "kg", Decimal("2.5"), "kg"),
    ("es", "sack", Decimal(3), "costales"),
    ("es", "xyz", Decimal(2), "xyz"),
])
def test_a_unit_is_named_in_the_plural_form_of_its_language(locale, code, count, name):
    assert unit_name(Translator(locale).ngettext, code, count) == name


@pytest.mark.parametrize(("count", "read_as"), [(1, 1), (Decimal("1.000"), 1), (0, 0), (Decimal("0.5"), 2), (30, 30)])
def test_a_fraction_reads_as_a_plural(count, read_as):
    assert plural_count(count) == read_as
