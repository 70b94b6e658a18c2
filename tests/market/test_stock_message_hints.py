"""A producer's message that looks like stock but would not be read as meant gets its closest readable form."""

import pytest

from market.stock_messages import StockLine, parse_stock_message
from market.stock_messages.hints import stock_hint

# The table of market.stock_messages.hints.stock_hint's docstring.
TABLE = [
    ("tomate veinte kilos", 1, "spelled_number", "tomate 20 kilos"),
    ("veinte kilso de tomate", 1, "spelled_number", "20 kilos de tomate"),
    ("tomatoes twenty pounds", 1, "spelled_number", "tomatoes 20 pounds"),
    ("tomate 20 kilso", 1, "misspelt_unit", "tomate 20 kilos"),
    ("feijão 3 scaas a 300", 1, "misspelt_unit", "feijão 3 sacas a 300"),
    ("20 kg", 1, "no_product", "papa 20 kg"),
    ("+5 kg", 1, "no_product", "papa +5 kg"),
    ("papa 2 qq\n20 kg", 2, "no_product", "papa 20 kg"),
    ("tomate 20 kg a 8,50", None, None, None),
    ("tomate veinte", None, None, None),
    ("miel de abeja", None, None, None),
    ("tomate por kilo", None, None, None),
    ("20 pesos", None, None, None),
    ("huevos 30 maples", None, None, None),
]


@pytest.mark.parametrize(("message", "line", "code", "readable"), TABLE)
def test_stock_hint_follows_its_table(message, line, code, readable):
    found = stock_hint(message, "es", "papa")

    got = (found.line, found.code, found.readable) if found else (None, None, None)
    assert got == (line, code, readable)


@pytest.mark.parametrize("message", [row[0] for row in TABLE if row[1] is not None])
def test_the_readable_form_is_read_as_stock_of_a_named_product_and_needs_no_further_hint(message):
    found = stock_hint(message, "es", "papa")
    assert found is not None

    [read] = parse_stock_message(found.readable, "es")

    assert isinstance(read, StockLine) and read.product and read.quantity > 0
    assert stock_hint(found.readable, "es", "papa") is None


def test_a_portuguese_number_in_words_before_a_unit_is_read_in_digits():
    found = stock_hint("feijão dez sacas", "pt_BR", "batata")

    assert found is not None and found.readable == "feijão 10 sacas"
