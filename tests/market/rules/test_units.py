from decimal import Decimal as D

import pytest

from market.errors import Invalid
from market.rules.units import convert, in_order_units, price_per, repacked

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


@pytest.mark.parametrize(("amount", "unit", "offer_unit", "order_unit", "expected"), [
    (D("1.5"), None, "kg", D("0.5"), 3),
    (D("1.5"), "kg", "kg", D("0.5"), 3),
    (D(500), "g", "kg", D("0.5"), 1),
    (D(3), "jar", "jar", D(1), 3),
    (D(2), "dozen", "dozen", D(1), 2),
    (D(0), None, "kg", D("0.5"), 0),
])
def test_an_amount_in_the_offers_unit_reads_as_whole_order_units(amount, unit, offer_unit, order_unit, expected):
    assert in_order_units(amount, unit, offer_unit, order_unit) == expected


@pytest.mark.parametrize(("amount", "unit", "offer_unit", "order_unit", "code", "params"), [
    (D("1.2"), None, "kg", D("0.5"), "amount_not_in_order_units",
     {"step": D("0.5"), "below": D(1), "above": D("1.5"), "unit": "kg"}),
    (D("1.5"), None, "jar", D(1), "amount_not_in_order_units", {"step": D(1), "below": D(1), "above": D(2), "unit": "jar"}),
    (D("0.2"), None, "kg", D("0.5"), "amount_below_order_unit", {"step": D("0.5"), "unit": "kg"}),
    (D(3), "kg", "jar", D(1), "written_in_other_unit", {"unit": "jar"}),
    (D(999_999_999), None, "kg", D("0.25"), "not_whole_units", {"field": "quantity"}),
])
def test_an_amount_that_is_no_whole_order_units_is_refused_with_the_nearest_that_are(amount, unit, offer_unit,
                                                                                    order_unit, code, params):
    with pytest.raises(Invalid) as refused:
        in_order_units(amount, unit, offer_unit, order_unit)

    assert (refused.value.code, dict(refused.value.params)) == (code, params)
