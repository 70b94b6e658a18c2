"""Order statuses and quantities: the example tables of market.rules.orders."""

from decimal import Decimal

import pytest

from market.enums import OrderStatus
from market.errors import Invalid
from market.rules.orders import check_quantity, next_statuses, parse_quantity, parse_quantity_of

S = OrderStatus


@pytest.mark.parametrize(
    ("status", "following"),
    [
        (S.PLACED, (S.CONFIRMED, S.CANCELLED)),
        (S.CONFIRMED, (S.READY, S.CANCELLED)),
        (S.READY, (S.DELIVERED,)),
        (S.DELIVERED, ()),
        (S.CANCELLED, ()),
    ],
)
def test_an_order_moves_forward_and_may_be_cancelled_until_it_is_ready(status, following):
    assert next_statuses(status) == following


def test_next_statuses_accepts_the_stored_string():
    assert next_statuses("ready") == (S.DELIVERED,)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("2", "2"), (" 2,5 ", "2.5"), ("2.5", "2.5"), (",5", "0.5"), ("0", "0"), ("0,250", "0.250")],
)
def test_a_quantity_is_digits_with_a_decimal_comma_or_point(text, quantity):
    assert parse_quantity(text) == Decimal(quantity)


@pytest.mark.parametrize(
    "text", ["-2", "1 1/2", "2 kg", "1.000,5", "", "   ", "2,", "1e3", "١٢", "NaN", "9999999999"]
)
def test_anything_else_is_not_a_quantity(text):
    with pytest.raises(Invalid) as refused:
        parse_quantity(text)

    assert refused.value.code == "bad_quantity"


@pytest.mark.parametrize(
    ("quantity", "unit"), [("2", "kg"), ("0.25", "kg"), ("1.5", "arroba"), ("3", "dozen"), ("2.000", "unit")]
)
def test_weights_take_decimals_and_pieces_take_whole_numbers(quantity, unit):
    assert check_quantity(Decimal(quantity), unit) is None


@pytest.mark.parametrize(
    ("quantity", "unit", "code"),
    [
        ("0", "kg", "quantity_not_positive"),
        ("-1", "unit", "quantity_not_positive"),
        ("NaN", "kg", "quantity_not_positive"),
        ("0.0005", "kg", "quantity_too_precise"),
        ("1.5", "unit", "quantity_not_whole"),
        ("0.5", "dozen", "quantity_not_whole"),
    ],
)
def test_a_quantity_that_cannot_be_ordered_is_refused_with_its_unit(quantity, unit, code):
    with pytest.raises(Invalid) as refused:
        check_quantity(Decimal(quantity), unit)

    assert refused.value.code == code
    assert refused.value.params["unit"] == unit


@pytest.mark.parametrize(("text", "unit", "quantity"), [
    ("3", "jar", Decimal(3)), ("3 frascos", "jar", Decimal(3)), ("1,5 kg", "kg", Decimal("1.5")),
    ("500 g", "kg", Decimal("0.5")), ("2 dúzias", "dozen", Decimal(2)),
])
def test_a_quantity_may_be_typed_with_the_unit_it_is_sold_by_or_one_that_converts(text, unit, quantity):
    assert parse_quantity_of(text, unit) == quantity


@pytest.mark.parametrize(("text", "unit", "code"), [
    ("2 kilos", "jar", "written_in_other_unit"), ("3 please", "kg", "bad_quantity"), ("kg", "kg", "bad_quantity"),
])
def test_a_quantity_in_another_unit_or_with_another_word_is_refused(text, unit, code):
    with pytest.raises(Invalid) as refused:
        parse_quantity_of(text, unit)

    assert refused.value.code == code
