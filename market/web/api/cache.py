"""The catalog's read API answered from memory: JSON bodies kept per catalog version, day and query.

A key holds the catalog version read *before* the answer's data (market.services.catalog.version),
so a cached body is never older than its version; a write raises the version and every older
key stops matching. The process trusts the version it read for `catalog_cache_seconds`
(the CATALOG_CACHE_SECONDS setting), never below a version its own writes reached: another
process's write shows within that window, this process's own at once.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import cast
from weakref import WeakKeyDictionary

from aiohttp import web

from market import clock
from market.services.catalog.version import current_catalog_version, written_catalog_version
from market.web.keys import SETTINGS

JSON_TYPE = "application/json; charset=utf-8"
MAX_ENTRIES = 2000
MAX_BYTES = 32 * 1024 * 1024
# Headers an answer carries besides its type: the language it is in and that it varies by it.
KEPT_HEADERS = ("Content-Language", "Vary")


@dataclass(frozen=True)
class CachedAnswer:
    body: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> web.Response:
        # Headers given whole (Content-Type included) spare aiohttp building them on every hit.
        return web.Response(body=self.body, headers={"Content-Type": JSON_TYPE, **dict(self.headers)})


class CatalogCache:
    """Answers by key, the least recently used dropped past `entries` answers or `max_bytes` of bodies."""

    def __init__(
        self, seconds: float, *, entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds, self.entries, self.max_bytes, self._clock = seconds, entries, max_bytes, clock
        self._answers: OrderedDict[Hashable, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._version_until = 0.0
        self._asking: asyncio.Future[int] | None = None

    def fresh_version(self) -> int | None:
        """The version trusted now without asking the database, if there is one (the hot path of a hit)."""
        version = self._version
        if version is not None and version >= written_catalog_version() and self._clock() < self._version_until:
            return version
        return None

    async def version(self) -> int:
        """The catalog version, asked of the database at most once per `seconds` (and by one request at once)."""
        written = written_catalog_version()
        if (fresh := self.fresh_version()) is not None:
            return fresh
        # Requests that find the version stale together wait for one query, not one each.
        if self._asking is None:
            self._asking = asyncio.ensure_future(self._ask())
        version = await asyncio.shield(self._asking)
        if version < written:
            # The query joined began before this process's last write committed: ask after it.
            version = await current_catalog_version()
        return version

    async def _ask(self) -> int:
        try:
            started = self._clock()
            self._version = await current_catalog_version()
            self._version_until = started + self.seconds
            return self._version
        finally:
            self._asking = None

    def get(self, key: Hashable) -> CachedAnswer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
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


async def cached(
    request: web.Request, key: tuple[Hashable, ...], build: Callable[[], Awaitable[web.Response]]
) -> web.Response:
    """The answer for `key` (every input of the answer but the catalog and the day) from memory, else built."""
    cache = catalog_cache(request.app)
    # The version first, then the data: a body is never older than the version it is kept under.
    version = cache.fresh_version()
    if version is None:
        version = await cache.version()
    full_key = (version, clock.today(), *key)
    answer = cache.get(full_key)
    if answer is None:
        response = await build()
        headers = tuple((name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers)
        # The answers kept are JSON (web.json_response): their body is bytes, never a stream.
        answer = CachedAnswer(cast(bytes, response.body), headers)
        cache.put(full_key, answer)
    return answer.response()
