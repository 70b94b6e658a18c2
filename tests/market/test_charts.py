"""The price chart: a PNG a small phone can read, with or without prices, drawn off the event loop."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.sandbox.media import image_size
from market.enums import MarketLevel
from market.presentation.charts import ChartLabels, render_price_chart, render_price_chart_async
from market.presentation.i18n import Translator
from market.presentation.price_text import chart_labels, trend
from market.services.prices.summaries import FairPriceSummary, LevelPrice, PricePoint, PriceSeries, PriceSummary
from tests.support.clock import TODAY

PNG = b"\x89PNG\r\n\x1a\n"


def series(days_with_prices: int = 90, *, fair: bool = True) -> PriceSeries:
    """Tomate in Comarapa: local, regional and national prices a day, the national ones a bit dearer."""
    summary = PriceSummary(
        product_name="Tomate", search_key="tomate", territory_id=1, territory_name="Comarapa", country_code="BO",
        time_zone="America/La_Paz", currency="BOB", base_unit="kg",
        levels=tuple(LevelPrice(level, None, 0, None, None) for level in MarketLevel),
        fair_price=FairPriceSummary(Decimal("7.50"), Decimal("6.00"), Decimal("0.70"), Decimal("0.40"),
                                    Decimal("0.40"), "Red SPG Bolivia", TODAY - timedelta(days=60)) if fair else None,
        offers=None,
    )
    points = {
        level: tuple(PricePoint(TODAY - timedelta(days=n), Decimal("6.00") + step + Decimal(n % 7) / 10)
                     for n in reversed(range(days_with_prices)))
        for level, step in zip(MarketLevel, (Decimal(0), Decimal("0.70"), Decimal("1.50")), strict=True)
    }
    return PriceSeries(summary, 90, points)


def labels(prices: PriceSeries, locale: str = "es") -> ChartLabels:
    return chart_labels(prices, Translator(locale, prices.summary.country_code))


def test_a_chart_is_an_800_by_500_png():
    png = render_price_chart(series(), labels(series()))

    assert png.startswith(PNG)
    assert image_size(png) == ("image/png", 800, 500)


def test_a_series_without_prices_still_draws_a_chart_unlike_one_with_them():
    empty, no_fair = series(0), series(0, fair=False)

    with_prices = render_price_chart(series(), labels(series()))
    without = render_price_chart(empty, labels(empty))
    with_nothing = render_price_chart(no_fair, labels(no_fair))

    for png in (without, with_nothing):
        assert image_size(png) == ("image/png", 800, 500)
    # Three lines with markers weigh more than a sentence and a dashed line.
    assert len(with_prices) > 2 * len(without)
    assert without != with_nothing


def test_the_labels_speak_the_reader_language_and_formats():
    prices = series()

    spanish, english = labels(prices, "es"), labels(prices, "en")

    assert english.title == "Tomate in Comarapa" and english.y_axis == "BOB per kg"
    assert spanish.y_axis == "Bs por kg"  # the reader's currency sign, as the prices in the text write it
    assert english.levels[MarketLevel.LOCAL] == "Local market" and english.fair_price == "Fair price"
    assert english.no_data == "No market prices in the last 90 days"
    assert (spanish.number(6.5), english.number(6.5)) == ("6,50", "6.50")
    assert (spanish.day(TODAY), english.day(TODAY)) == ("21 nov", "Nov 21")


@pytest.mark.parametrize(("rate", "locale", "country", "shown"), [
    (Decimal("0.123"), "es", None, "+12\xa0%"),
    (Decimal("0.123"), "es", "BO", "+12%"),
    (Decimal("-0.05"), "en", None, "-5%"),
    (Decimal("0.004"), "es", None, "0\xa0%"),
])
def test_a_trend_is_a_signed_whole_percentage(rate, locale, country, shown):
    assert trend(rate, Translator(locale, country)) == shown


async def test_drawing_a_chart_leaves_the_event_loop_free_for_others():
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.002)
            ticks += 1

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    try:
        png = await render_price_chart_async(series(), labels(series()))
    finally:
        ticker.cancel()

    assert png.startswith(PNG)
    # Drawn on the loop, the chart would let the ticker run not once until it was done.
    assert ticks >= 3


def test_words_with_dollar_signs_are_drawn_as_written_not_read_as_formulas():
    prices = series()
    odd = ChartLabels(
        title=r"$\cmd$ en $x^$", levels={level: f"${level.value}$" for level in MarketLevel},
        fair_price=r"Precio $\frac{$", y_axis=r"$\bad$ por kg", no_data=r"$\nothing$",
    )
    empty = series(0)

    png = render_price_chart(prices, odd)
    blank = render_price_chart(empty, odd)

    assert image_size(png) == ("image/png", 800, 500) and image_size(blank) == ("image/png", 800, 500)
