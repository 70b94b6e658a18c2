"""Price charts kept in memory, so that each is drawn once, and answered 304 when the phone holds it.

A chart is asked by its address: product, place, day and language. For FRESH_SECONDS after its
prices were read the address is answered from memory, without the database; after that the
prices are read again (by one request, however many ask at once) and the chart is drawn again
only if what it shows changed: its key is a digest of everything on it (the series of medians,
the fair price, its words in the reader's language). So a price recorded today is on the chart
a minute later at most, and the digest doubles as the chart's ETag.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

from aiohttp import web

from market.presentation.charts import ChartLabels
from market.services.prices.summaries import PriceSeries

# Bump when the drawing changes, so that browsers and this cache let go of charts drawn the old way.
DRAWING = "2"
MAX_CHARTS = 200  # about 25 KB each: 5 MB at most
# As long as a page may be kept (its Cache-Control): the chart beside it is no older than it.
FRESH_SECONDS = 60.0

Draw = Callable[[], Awaitable[bytes]]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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


@dataclass(frozen=True)
class _Read:
    digest: str
    until: float  # the monotonic clock's reading past which the prices are read again


class ChartCache:
    """PNGs by digest (the least recently asked dropped past `entries`) and each address's latest digest."""

    def __init__(
        self,
        entries: int = MAX_CHARTS,
        fresh_seconds: float = FRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.entries, self.fresh_seconds, self.clock = entries, fresh_seconds, clock
        self.drawn = 0  # charts drawn since the app started (a test reads it)
        self._pngs: OrderedDict[str, bytes] = OrderedDict()
        self._read: OrderedDict[Hashable, _Read] = OrderedDict()
        self._reading: dict[Hashable, asyncio.Future[tuple[str, bytes]]] = {}

    async def chart(
        self, address: Hashable, find: Callable[[], Awaitable[tuple[str, Draw]]]
    ) -> tuple[str, bytes]:
        """(digest, PNG) of the chart at `address`; `find` reads its prices and gives their digest and how to draw.

        Requests that ask at once for an address not fresh in memory share one `find` (and its error).
        """
        read = self._read.get(address)
        if (
            read is not None
            and self.clock() < read.until
            and (png := self._pngs.get(read.digest)) is not None
        ):
            self._pngs.move_to_end(read.digest)
            return read.digest, png
        if address not in self._reading:
            self._reading[address] = asyncio.ensure_future(self._find(address, find))
        return await asyncio.shield(self._reading[address])

    async def _find(
        self, address: Hashable, find: Callable[[], Awaitable[tuple[str, Draw]]]
    ) -> tuple[str, bytes]:
        try:
            started = self.clock()
            digest, draw = await find()
            png = self._pngs.get(digest)
            if png is None:
                png = await draw()
                self.drawn += 1
            self._keep(self._pngs, digest, png)
            self._keep(self._read, address, _Read(digest, started + self.fresh_seconds))
            return digest, png
        finally:
            del self._reading[address]

    def _keep(self, entries: OrderedDict[K, V], key: K, value: V) -> None:
        entries[key] = value
        entries.move_to_end(key)
        while len(entries) > self.entries:
            entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pngs)


CHART_CACHE = web.AppKey("chart_cache", ChartCache)


def matches(request: web.Request, etag: str) -> bool:
    """Whether the request's If-None-Match names `etag` (or is *): the client holds this very chart."""
    header = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or f'"{etag}"' in tags
