"""Query parameters are parsed strictly, every bad one named at once, unknown ones ignored."""

import pytest
from multidict import MultiDict

from market.web.api.params import Boolean, Choice, Code, Integer, InvalidParameters, Text, parse_query

PARAMS = (
    Integer("limit", "", maximum=100, default=20),
    Boolean("sealed", ""),
    Text("q", "", max_length=10),
    Code("category", ""),
    Choice("legal_form", "", choices=("oeca", "coraca")),
)


def parse(**given) -> dict:
    return parse_query(MultiDict(given), PARAMS)


def problems(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidParameters) as refused:
        parse_query(MultiDict(query), PARAMS)
    return [(name, reason) for name, reason, _ in refused.value.problems]


def test_absent_parameters_take_their_defaults():
    assert parse() == {"limit": 20, "sealed": False, "q": None, "category": None, "legal_form": None}


def test_good_values_parse_to_their_types_and_unknown_parameters_are_ignored():
    assert parse(limit="5", sealed="true", q="café", category="coffee_cocoa", legal_form="oeca", colour="red") == {
        "limit": 5, "sealed": True, "q": "café", "category": "coffee_cocoa", "legal_form": "oeca",
    }


@pytest.mark.parametrize(("name", "raw", "reason"), [
    ("limit", "0", "out_of_range"),
    ("limit", "101", "out_of_range"),
    ("limit", "1.5", "not_integer"),
    ("limit", " 5", "not_integer"),
    ("limit", "\uff15", "not_integer"),
    ("limit", "9" * 40, "not_integer"),
    ("sealed", "True", "not_boolean"),
    ("sealed", "", "not_boolean"),
    ("q", "x" * 11, "too_long"),
    ("q", "a\x00b", "control_characters"),
    ("q", "a\u0085b", "control_characters"),
    ("category", "", "not_code"),
    ("category", "Café", "not_code"),
    ("category", "a" * 65, "not_code"),
    ("legal_form", "company", "not_a_choice"),
])
def test_a_bad_value_is_refused_with_a_reason(name, raw, reason):
    assert problems([(name, raw)]) == [(name, reason)]


def test_a_parameter_given_twice_is_refused_even_with_the_same_value():
    assert problems([("legal_form", "oeca"), ("legal_form", "oeca")]) == [("legal_form", "repeated")]


def test_every_bad_parameter_is_named_in_the_order_they_are_declared():
    assert problems([("sealed", "no"), ("limit", "x"), ("q", "ok")]) == [
        ("limit", "not_integer"), ("sealed", "not_boolean"),
    ]


def test_each_parameter_describes_itself_for_the_openapi_document():
    assert [p.openapi()["schema"] for p in PARAMS] == [
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        {"type": "boolean", "default": False},
        {"type": "string", "maxLength": 10, "pattern": r"^[^\u0000-\u001f\u007f-\u009f]*$"},
        {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"},
        {"type": "string", "enum": ["oeca", "coraca"]},
    ]
