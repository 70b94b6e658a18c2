"""The example a producer is shown reads as stock, in every language, with their country's unit and a price."""

import pytest

from bot.callbacks import CallbackCodec
from bot.screens.stock_help import DEFAULT_EXAMPLE, EXAMPLES, example
from bot.turn import Voice
from market.enums import SUPPORTED_LOCALES
from market.stock_messages import StockLine, parse_stock_message

UNITS = {"20 qq": "quintal", "3 sacas": "sack"}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("country", [*EXAMPLES, ""])
def test_each_countrys_example_reads_as_one_line_of_stock_with_a_product_and_a_price(locale, country):
    voice = Voice(locale, 1, CallbackCodec("123:token"))
    _, quantity, _ = EXAMPLES.get(country, DEFAULT_EXAMPLE)

    [line] = parse_stock_message(example(voice, country), locale)

    assert isinstance(line, StockLine)
    assert line.product and line.price is not None
    assert line.unit == UNITS.get(quantity, "kg")


def test_a_bolivian_producer_writing_spanish_is_shown_quintals_and_a_price_in_bolivianos():
    assert example(Voice("es", 1, CallbackCodec("123:token")), "BO") == "papa 20 qq a 150"
