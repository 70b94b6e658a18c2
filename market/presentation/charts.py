"""A product's price chart as a PNG: the last days by market level, with the fair price as a line.

Drawn with matplotlib's object API (a Figure on its own Agg canvas, never pyplot's global
state), so that charts may be drawn in worker threads at once, then saved in 16 colours (Pillow): the
chart holds five colours and their anti-aliased edges, and a palette PNG of it weighs about 25 KB where
matplotlib's own RGBA one weighed 105 KB, more than the whole page may (100 KB). Each of the chart's colours
is a thousand pixels or more, so the palette keeps them all; `render_price_chart_async`
draws one in a thread, leaving the event loop free for the bot and the web meanwhile.

The words on the chart come in already translated (ChartLabels, see market.presentation.price_text): this
module knows no language. Every word is drawn as it is written (`parse_math=False`): a product
named "$\\cmd$" is a name, not a formula for matplotlib's mathtext to choke on.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from market.enums import MarketLevel

if TYPE_CHECKING:
    from market.services.prices.summaries import PriceSeries

# 800 × 500 px. Telegram shows a photo about 360 px wide on a small phone, so every font is
# large here: 16 pt (22 px) on the chart is about 10 px there, the smallest that still reads.
WIDTH, HEIGHT, DPI = 8, 5, 100
FONT, SMALL, TITLE = 18, 16, 20
# Okabe and Ito's palette, told apart by most colour-blind people; the markers tell the
# levels apart even in grey.
STYLE = {
    MarketLevel.LOCAL: ("#0072B2", "o"),
    MarketLevel.REGIONAL: ("#E69F00", "s"),
    MarketLevel.NATIONAL: ("#009E73", "^"),
}
FAIR_COLOUR = "#000000"
MARKERS_SHOWN = 8  # markers on a line of 90 daily points would blur into a thick band
COLOURS = 16  # in the saved PNG: the chart's colours and enough shades of their edges to keep text smooth


def _plain_number(value: float) -> str:
    return f"{value:.2f}"


def _iso_day(value: date) -> str:
    return value.isoformat()


@dataclass(frozen=True)
class ChartLabels:
    """The chart's words and formats, in the reader's language: "Tomate en Comarapa", "Bs por kg"."""

    title: str
    levels: dict[MarketLevel, str]
    fair_price: str
    y_axis: str
    no_data: str
    # How a price on the y axis and a day on the x axis read: "6,50", "21 nov".
    number: Callable[[float], str] = field(default=_plain_number)
    day: Callable[[date], str] = field(default=_iso_day)


def render_price_chart(series: PriceSeries, labels: ChartLabels) -> bytes:
    """The PNG of `series`: one line per market level that has prices, the fair price dashed.

    A series without a single price still gives a chart, saying so in the middle.
    """
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(labels.title, fontsize=TITLE, loc="left", parse_math=False)
    fair = series.summary.fair_price
    drawn = _draw_levels(axes, series, labels)
    if fair is not None:
        axes.axhline(float(fair.price), color=FAIR_COLOUR, linestyle="--", linewidth=2, label=labels.fair_price)
    if drawn:
        axes.xaxis.set_major_locator(MaxNLocator(4))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: labels.day(num2date(x).date())))
    else:
        # Above the fair price's line, if there is one, on white so that the line does not cross it.
        axes.text(0.5, 0.75 if fair else 0.5, labels.no_data, transform=axes.transAxes, ha="center", va="center",
                  fontsize=FONT, color="#5c5c5c", wrap=True, bbox={"facecolor": "white", "edgecolor": "none"},
                  parse_math=False)
        axes.set_xticks([])
    if drawn or fair is not None:
        axes.yaxis.set_major_locator(MaxNLocator(5))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: labels.number(y)))
        legend = figure.legend(loc="outside lower center", ncols=2, fontsize=SMALL, frameon=False)
        for text in legend.get_texts():
            text.set_parse_math(False)
    else:
        axes.set_yticks([])
    axes.set_ylabel(labels.y_axis, fontsize=FONT, parse_math=False)
    axes.tick_params(labelsize=SMALL)
    axes.grid(True, color="#dddddd")
    drawn_png = io.BytesIO()
    figure.savefig(drawn_png, format="png", dpi=DPI)
    return _few_colours(drawn_png.getvalue())


def _few_colours(png: bytes) -> bytes:
    """The PNG in a palette of COLOURS colours, without dithering (it would speckle the flat white)."""
    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(colors=COLOURS, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_levels(axes: Axes, series: PriceSeries, labels: ChartLabels) -> bool:
    """A line per market level with prices, local first; False when no level has one."""
    drawn = False
    for level in MarketLevel:
        points = series.points.get(level, ())
        if not points:
            continue
        colour, marker = STYLE[level]
        axes.plot(
            [date2num(datetime.combine(p.day, time())) for p in points], [float(p.price) for p in points],
            color=colour, linewidth=2.5, marker=marker, markersize=9,
            markevery=max(1, len(points) // MARKERS_SHOWN), label=labels.levels[level],
        )
        drawn = True
    return drawn


async def render_price_chart_async(series: PriceSeries, labels: ChartLabels) -> bytes:
    """The same PNG, drawn in a worker thread: a chart takes a tenth of a second the loop cannot spare."""
    return await asyncio.to_thread(render_price_chart, series, labels)



@dataclass(frozen=True)
class SalesChartLabels:
    """The sales chart's words, in the reader's language: its title, the y axis ("Bs"), each bar's month."""

    title: str
    y_axis: str
    months: tuple[str, ...]  # "sep 2026", one per bar, oldest first
    number: Callable[[float], str] = field(default=_plain_number)


SALES_COLOUR = "#0072B2"


def render_sales_chart(amounts: tuple[float, ...], labels: SalesChartLabels) -> bytes:
    """A bar per month (every month of the period, an empty one a gap), as a small palette PNG."""
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(labels.title, fontsize=TITLE, loc="left", parse_math=False)
    positions = list(range(len(amounts)))
    axes.bar(positions, amounts, color=SALES_COLOUR)
    every = max(1, -(-len(amounts) // 6))  # six month names at most fit under 800 px at this size
    axes.set_xticks(positions[::every], [labels.months[i] for i in positions[::every]])
    for text in axes.get_xticklabels():
        text.set_parse_math(False)
    axes.yaxis.set_major_locator(MaxNLocator(5))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: labels.number(y)))
    axes.set_ylabel(labels.y_axis, fontsize=FONT, parse_math=False)
    axes.set_ylim(bottom=0)
    axes.tick_params(labelsize=SMALL)
    axes.grid(True, axis="y", color="#dddddd")
    axes.set_axisbelow(True)
    drawn_png = io.BytesIO()
    figure.savefig(drawn_png, format="png", dpi=DPI)
    return _few_colours(drawn_png.getvalue())


async def render_sales_chart_async(amounts: tuple[float, ...], labels: SalesChartLabels) -> bytes:
    """The same PNG, drawn in a worker thread, off the event loop."""
    return await asyncio.to_thread(render_sales_chart, amounts, labels)
