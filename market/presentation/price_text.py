"""A price summary's words and numbers in a reader's language, shared by the bot, the web page and the chart.

    trend(Decimal("0.123"), t)   "+12 %" (es), "+12%" (en, es_BO); "0 %" when it rounds to nothing
    left_out(2, t)               "2 producer prices left out: far from the market price"
    chart_labels(series, t)      the ChartLabels of a chart: title, levels, axis, formats
    product_title("tomate")      "Tomate": markets write names in lower case, titles start with a capital
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent, get_currency_precision, get_currency_symbol

from market.enums import MarketLevel
from market.presentation.charts import ChartLabels
from market.presentation.i18n import Translator
from market.presentation.labels import N_, unit_name

if TYPE_CHECKING:
    from market.services.prices.summaries import PriceSeries

LEVEL_LABELS = {
    MarketLevel.LOCAL: N_("Local market"),
    MarketLevel.REGIONAL: N_("Regional market"),
    MarketLevel.NATIONAL: N_("National market"),
}
PER_UNIT = N_("{price} per {unit}")
CHART_TITLE = N_("{product} in {territory}")
NO_PRICES = N_("No market prices in the last {days} days")
FAIR_PRICE = N_("Fair price")


def trend(rate: Decimal, t: Translator) -> str:
    """A change as a signed whole percentage in the reader's format.

    | rate              | es      | es in Bolivia, en |
    |-------------------|---------|-------------------|
    | Decimal("0.123")  | "+12 %" | "+12%"            |
    | Decimal("-0.05")  | "-5 %"  | "-5%"             |
    | Decimal("0.004")  | "0 %"   | "0%"              |
    """
    whole = (rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "+" if whole > 0 else "-" if whole < 0 else ""
    return sign + format_percent(abs(whole) / 100, locale=t.format_locale)


def left_out(count: int, t: Translator) -> str:
    """Why a median counted fewer prices than were seen (market.rules.market_prices)."""
    return t.ngettext("{count} producer price left out: far from the market price",
                      "{count} producer prices left out: far from the market price", count).format(count=count)


def product_title(name: str) -> str:
    return name[:1].upper() + name[1:]


def chart_labels(series: PriceSeries, t: Translator) -> ChartLabels:
    """The chart's words for `t`'s reader: "Tomate in Comarapa", "Bs per kg", "21 nov"."""
    summary = series.summary
    _ = t.gettext
    symbol = get_currency_symbol(summary.currency, locale=t.format_locale)
    decimals = get_currency_precision(summary.currency)
    number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    return ChartLabels(
        title=_(CHART_TITLE).format(product=product_title(summary.product_name), territory=summary.territory_name),
        levels={level: _(label) for level, label in LEVEL_LABELS.items()},
        fair_price=_(FAIR_PRICE),
        y_axis=_(PER_UNIT).format(price=symbol, unit=unit_name(t.ngettext, summary.base_unit)),
        no_data=_(NO_PRICES).format(days=series.days),
        number=lambda value: format_decimal(value, number_format, locale=t.format_locale),
        day=lambda value: _short_day(value, t),
    )


def _short_day(value: date, t: Translator) -> str:
    return format_skeleton("MMMd", value, locale=t.format_locale)
