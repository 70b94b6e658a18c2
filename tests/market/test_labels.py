"""A category's name for a reader, from the table of market.presentation.labels.category_name."""

import pytest

from market.presentation.i18n import Translator
from market.presentation.labels import category_name


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
