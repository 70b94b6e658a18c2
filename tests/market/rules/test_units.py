from decimal import Decimal as D

import pytest

from market.rules.units import convert, price_per, repacked

BRAZIL = {"arroba": ("kg", D(15))}


@pytest.mark.parametrize("quantity, unit, to_unit, local, content, expected", [
    (D(3), "quintal", "kg", None, None, D(138)),
    (D(2), "arroba", "kg", BRAZIL, None, D(30)),
    (D(2), "arroba", "kg", None, None, D(23)),
    (D(500), "g", "kg", None, None, D("0.5")),
    (D(12), "bag", "kg", None, (D(500), "g"), D(6)),
    (D(12), "bag", "bag", None, None, D(12)),
    (D(5), "bunch", "kg", None, None, None),
    (D(1), "l", "kg", None, None, None),
    (D(1), "kg", "quintal", None, None, D(1) / D(46)),
])
def test_quantities_convert_through_the_base_unit_and_local_weights(quantity, unit, to_unit, local, content, expected):
    assert convert(quantity, unit, to_unit, local, content) == expected


def test_prices_convert_the_other_way_round():
    assert price_per(D("8.50"), "kg", "quintal") == D(391)
    assert round(price_per(D(150), "quintal", "kg"), 4) == D("3.2609")
    assert price_per(D(35), "bag", "kg", content=(D(500), "g")) == D(70)
    assert price_per(D(10), "bunch", "kg") is None


@pytest.mark.parametrize(("quantity", "content", "into", "expected"), [
    (D(12), (D(500), "g"), (D(250), "g"), D(24)),
    (D(12), (D(250), "g"), (D(250), "g"), D(12)),
    (D(2), (D(1), "kg"), (D(250), "g"), D(8)),
    (D(10), (D("0.5"), "kg"), (D(500), "g"), D(10)),
    (D(3), (D(300), "g"), (D(250), "g"), None),
    (D(12), (D(500), "g"), None, None),
    (D(4), (D(1), "l"), (D(250), "g"), None),
])
def test_bags_of_one_content_repack_into_whole_bags_of_another_or_none(quantity, content, into, expected):
    assert repacked(quantity, content, into) == expected
