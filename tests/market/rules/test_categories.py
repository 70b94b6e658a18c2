"""The table of market.rules.categories: what an operator may write as a category's code and names."""

import pytest

from market.rules.categories import category_code, category_display_name


@pytest.mark.parametrize(("text", "code"), [
    ("seeds", "seeds"),
    (" Dried Fruit ", "dried_fruit"),
    ("plantas-medic", "plantas_medic"),
    ("semillas2", "semillas2"),
    ("2semillas", None),
    ("café", None),
    ("x", None),
    ("a" * 33, None),
])
def test_a_category_code_is_lowercase_letters_digits_and_underscores_starting_with_a_letter(text, code):
    assert category_code(text) == code


@pytest.mark.parametrize(("text", "name"), [
    ("Semillas", "Semillas"),
    ("  Plantas   medicinales ", "Plantas medicinales"),
    ("", None),
    ("=HYPERLINK(\"x\")", None),
    ("a" * 61, None),
    ("a" * 60, "a" * 60),
])
def test_a_category_name_is_one_to_sixty_printable_characters_never_starting_like_a_formula(text, name):
    assert category_display_name(text) == name
