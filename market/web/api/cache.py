"""The catalog's read API answered from memory: JSON bodies kept per catalog version, day and query.

A key holds the catalog version read *before* the answer's data (market.services.catalog.version),
so a cached body is never older than its version; a write raises the version and every older
key stops matching. A change of offers' stock or price alone raises the stock version instead
and marks their products: an answer keeps the products it shows and the stock version read before
its data, and is dropped only when one of its products was marked after it. The process trusts
the versions it read for `catalog_cache_seconds` (the CATALOG_CACHE_SECONDS setting), never
below those its own writes reached, and learns the products marked since its last look in the
same one query: another process's write shows within that window, this process's own at once.
An answer showing an offer that stands until a moment is not served past it (the offer is no longer
on sale then, though nothing was written). Requests that miss the same key at once wait for one
build: after a write, the clients asking for a dropped answer do not each build it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from weakref import WeakKeyDictionary

from aiohttp import web

from market import clock
from market.services.catalog.version import (
    CatalogChanges,
    catalog_changes,
    written_catalog_version,
    written_stock_version,
)
from market.web.keys import SETTINGS

JSON_TYPE = "application/json; charset=utf-8"
MAX_ENTRIES = 2000
MAX_BYTES = 32 * 1024 * 1024
# Products remembered as marked since the last change of the catalog version; past it they are forgotten, and every
# answer read before (no longer checkable) is dropped.
MAX_MARKS = 50_000
# Headers an answer carries besides its type: the language it is in and that it varies by it.
KEPT_HEADERS = ("Content-Language", "Vary")


@dataclass(frozen=True)
class CachedAnswer:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    # The products it shows, and the stock version read before its data: a product marked after it makes it stale.
    products: tuple[int, ...] = ()
    stock_version: int = 0
    # The moment the first offer it shows on sale stops being on sale (None: none ends).
    until: datetime | None = None

    def response(self) -> web.Response:
        # Headers given whole (Content-Type included) spare aiohttp building them on every hit.
        return web.Response(body=self.body, headers={"Content-Type": JSON_TYPE, **dict(self.headers)})


class CatalogCache:
    """Answers by key, the least recently used dropped past `entries` answers or `max_bytes` of bodies.

    `hits` and `misses` count the answers served from memory and those built (a stale one found is a miss).
    """

    def __init__(
        self, seconds: float, *, entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES, max_marks: int = MAX_MARKS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds, self.entries, self.max_bytes, self.max_marks = seconds, entries, max_bytes, max_marks
        self._clock = clock
        self._answers: OrderedDict[Hashable, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0
        # The (catalog, stock) versions trusted until `_versions_until`, and the stock version the next look asks from.
        self._versions: tuple[int, int] | None = None
        self._versions_until = 0.0
        self._seen_stock: int | None = None
        # The stock version each product was last marked at, as far as this process knows; `_latest` is the highest
        # of them, and an answer read before `_floor` is stale (the marks before it were forgotten).
        self._marks: dict[int, int] = {}
        self._latest = self._floor = 0
        self._asking: asyncio.Future[tuple[int, int]] | None = None
        # The builds under way by key, with the stock version each read before its data.
        self._building: dict[Hashable, tuple[int, asyncio.Future[CachedAnswer]]] = {}

    def fresh_versions(self) -> tuple[int, int] | None:
        """The versions trusted now without asking the database, if there are (the hot path of a hit)."""
        versions = self._versions
        if (versions is not None and self._clock() < self._versions_until
                and versions[0] >= written_catalog_version() and versions[1] >= written_stock_version()):
            return versions
        return None

    async def versions(self) -> tuple[int, int]:
        """The catalog and stock versions, asked of the database at most once per `seconds` (and by one request at
        once), with the products marked since the last look."""
        written = (written_catalog_version(), written_stock_version())
        if (fresh := self.fresh_versions()) is not None:
            return fresh
        versions = await self._look()
        if versions[0] < written[0] or versions[1] < written[1]:
            # The look joined began before this process's last write committed: look again after it.
            versions = await self._look()
        return versions

    async def _look(self) -> tuple[int, int]:
        # Requests that find the versions stale together wait for one query, not one each.
        if self._asking is None:
            self._asking = asyncio.ensure_future(self._ask())
        return await asyncio.shield(self._asking)

    async def _ask(self) -> tuple[int, int]:
        try:
            started = self._clock()
            self._learn(await catalog_changes(self._seen_stock))
            self._versions_until = started + self.seconds
            assert self._versions is not None
            return self._versions
        finally:
            self._asking = None

    def _learn(self, changes: CatalogChanges) -> None:
        """Take in what a look found (one look at a time: each finds at least what the one before found)."""
        if self._versions is None or changes.version != self._versions[0] or len(self._marks) > self.max_marks:
            # Answers kept under an older catalog version match no key now: their marks are forgotten, and an
            # answer read before this stock version is not trusted (none of the new version was: this look is
            # the first that found it).
            self._marks.clear()
            self._floor = changes.stock_version
            self._latest = max(self._latest, self._floor)
        else:
            for product_id, version in changes.marked.items():
                if version > self._marks.get(product_id, 0):
                    self._marks[product_id] = version
            self._latest = max(self._latest, *changes.marked.values(), 0)
        self._versions = (changes.version, changes.stock_version)
        self._seen_stock = changes.stock_version

    def get(self, key: Hashable, now: datetime | None = None) -> CachedAnswer | None:
        """The answer kept for `key` if none of its products was marked after it was read, nor its `until` is
        past at `now`."""
        answer = self._answers.get(key)
        if answer is None or not self._current(answer) or (
                answer.until is not None and now is not None and now >= answer.until):
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def _current(self, answer: CachedAnswer) -> bool:
        read_at = answer.stock_version
        if read_at >= self._latest:  # nothing marked since it was read: the common hit, no product looked at
            return True
        if read_at < self._floor:
            return False
        marks = self._marks
        return all(marks.get(product_id, 0) <= read_at for product_id in answer.products)

    async def build(
        self, key: Hashable, stock_version: int, make: Callable[[], Awaitable[CachedAnswer]]
    ) -> CachedAnswer:
        """Make the answer for `key` (read after `stock_version`) and keep it; or, when a build of it that read no
        older stock version is under way, wait for that one (should it fail, make this request's own)."""
        pending = self._building.get(key)
        if pending is not None and pending[0] >= stock_version:
            with contextlib.suppress(Exception):  # its error is its own request's to answer
                return await asyncio.shield(pending[1])
        # A task of its own: the waiters still get it if the request that started it goes away.
        making = asyncio.ensure_future(make())
        self._building[key] = (stock_version, making)
        try:
            answer = await asyncio.shield(making)
        finally:
            if self._building.get(key, (0, None))[1] is making:
                del self._building[key]
        self.put(key, answer)
        return answer

    def put(self, key: Hashable, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_bytes:
            return
        if (old := self._answers.pop(key, None)) is not None:
            self._bytes -= len(old.body)
        self._answers[key] = answer
        self._bytes += len(answer.body)
        while len(self._answers) > self.entries or self._bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._answers)


# Tests set their own cache (a clock, a window) on the app before it starts; otherwise each app
# gets one on first use, from its settings.
CATALOG_CACHE = web.AppKey("api_catalog_cache", CatalogCache)
_made: WeakKeyDictionary[web.Application, CatalogCache] = WeakKeyDictionary()


def catalog_cache(app: web.Application) -> CatalogCache:
    if CATALOG_CACHE in app:
        return app[CATALOG_CACHE]
    if app not in _made:
        _made[app] = CatalogCache(app[SETTINGS].catalog_cache_seconds)
    return _made[app]


@dataclass(frozen=True)
class Shown:
    """What an answer shows that a write of stock (or the clock) may change: the ids of its products, and the moment
    the first of their offers on sale stops being on sale (None: none ends)."""

    products: tuple[int, ...] = ()
    until: datetime | None = None


async def cached(
    request: web.Request, key: tuple[Hashable, ...], build: Callable[[], Awaitable[tuple[web.Response, Shown]]],
) -> web.Response:
    """The answer for `key` (every input of the answer but the catalog and the day) from memory, else built.

    `build` answers the response and what it shows.
    """
    cache = catalog_cache(request.app)
    # The versions first, then the data: a body is never older than the versions it is kept under.
    versions = cache.fresh_versions()
    if versions is None:
        versions = await cache.versions()
    now = clock.now()
    full_key = (versions[0], now.date(), *key)  # the day in UTC, as clock.today()
    answer = cache.get(full_key, now)
    if answer is None:

        async def make() -> CachedAnswer:
            response, shown = await build()
            headers = tuple((name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers)
            # The answers kept are JSON (web.json_response): their body is bytes, never a stream.
            return CachedAnswer(cast(bytes, response.body), headers, shown.products, versions[1], shown.until)

        answer = await cache.build(full_key, versions[1], make)
    return answer.response()
