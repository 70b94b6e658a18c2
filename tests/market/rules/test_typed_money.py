"""Amounts typed in the chat: the example table of market.rules.typed_money."""

from decimal import Decimal

import pytest

from market.errors import Invalid
from market.rules.typed_money import parse_money


@pytest.mark.parametrize(("text", "currency", "amount"), [
    ("12,50", "BOB", "12.50"),
    ("12.50", "BOB", "12.50"),
    ("Bs 12,5", "BOB", "12.5"),
    ("12,5 Bs.", "BOB", "12.5"),
    ("bs12", "BOB", "12"),
    ("1.200,50", "BOB", "1200.50"),
    ("R$ 8,00", "BRL", "8.00"),
    ("$ 300", "MXN", "300"),
    ("15000 gs", "PYG", "15000"),
    ("0", "BOB", "0"),
])
def test_an_amount_is_read_as_people_write_it(text, currency, amount):
    assert parse_money(text, currency) == Decimal(amount)


@pytest.mark.parametrize("text", ["R$ 8", "-5", "doce", "1,2,3", "", "Bs 5 Bs", "12 kg"])
def test_what_is_no_amount_of_the_currency_is_refused(text):
    with pytest.raises(Invalid) as refused:
        parse_money(text, "BOB")

    assert refused.value.code == "bad_amount"
