"""Price charts kept in memory by what they show, so that each is drawn once, and answered 304 when unchanged.

A chart's key is a digest of everything drawn on it: the series (the product, the place, the
day's window of medians, the fair price) and its words in the reader's language. The same
product, place, day and language give the same key, so the chart is drawn once however many
ask; a price recorded today changes the series, hence the key, and the next request draws the
new chart (no cached chart is ever older than its prices). The digest is also the chart's
ETag: a phone that kept it gets a 304 with no body.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from aiohttp import web

from market.charts import ChartLabels
from market.services.prices import PriceSeries

# Bump when the drawing changes, so that browsers and this cache let go of charts drawn the old way.
DRAWING = "1"
MAX_CHARTS = 200  # about 40 KB each: 8 MB at most


def chart_digest(series: PriceSeries, labels: ChartLabels, formats: str) -> str:
    """The key of the chart of `series` in `labels`' words; `formats` names how numbers and days read (the locale)."""
    shown = (
        DRAWING,
        formats,
        series,
        labels.title,
        sorted(labels.levels.items()),
        labels.fair_price,
        labels.y_axis,
        labels.no_data,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


class ChartCache:
    """PNGs by digest, the least recently asked dropped past `entries`; one drawing at a time per digest."""

    def __init__(self, entries: int = MAX_CHARTS) -> None:
        self.entries = entries
        self.drawn = 0  # charts drawn since the app started (a test reads it)
        self._pngs: OrderedDict[str, bytes] = OrderedDict()
        self._drawing: dict[str, asyncio.Future[bytes]] = {}

    async def png(self, digest: str, draw: Callable[[], Awaitable[bytes]]) -> bytes:
        """The chart of `digest`, drawn with `draw` only if no one has (requests asking at once share one drawing)."""
        if (png := self._pngs.get(digest)) is not None:
            self._pngs.move_to_end(digest)
            return png
        if digest not in self._drawing:
            self._drawing[digest] = asyncio.ensure_future(self._draw(digest, draw))
        return await asyncio.shield(self._drawing[digest])

    async def _draw(self, digest: str, draw: Callable[[], Awaitable[bytes]]) -> bytes:
        try:
            png = await draw()
            self.drawn += 1
            self._pngs[digest] = png
            while len(self._pngs) > self.entries:
                self._pngs.popitem(last=False)
            return png
        finally:
            del self._drawing[digest]

    def __len__(self) -> int:
        return len(self._pngs)


CHART_CACHE = web.AppKey("chart_cache", ChartCache)


def chart_cache(app: web.Application) -> ChartCache:
    """The app's chart cache (made with the app, see market.web.app)."""
    return app[CHART_CACHE]


def matches(request: web.Request, etag: str) -> bool:
    """Whether the request's If-None-Match names `etag` (or is *): the client holds this very chart."""
    header = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or f'"{etag}"' in tags
