"""Per-client rate limits on the API and the pages (RATE_LIMIT_API, RATE_LIMIT_PAGES): past one, a 429.

A client is its address as the server sees it. Counted in fixed windows kept in this process's
memory (the `limits` library; a window's counters go when it ends). The answer is the error
middleware's 429, problem+json under /api, a translated page elsewhere, with Retry-After: the
window's length, after which the client may certainly ask again.

Not counted: the style sheet and other static files, /healthz (load balancers ask it often),
Telegram's webhook deliveries and the offline /sandbox page (loopback only).
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

NOT_COUNTED = ("/static/", "/healthz", "/telegram/", "/sandbox")


class RateLimits:
    """The limits of one app; `refused(kind, client)` counts a request and says how long to wait, if too many."""

    def __init__(self, api: str | None, pages: str | None) -> None:
        self._items: dict[str, RateLimitItem | None] = {
            "api": parse(api) if api else None,
            "pages": parse(pages) if pages else None,
        }
        # Made only when a limit is set: the memory storage runs a timer thread to drop ended windows.
        self._limiter = (
            FixedWindowRateLimiter(MemoryStorage())
            if any(self._items.values())
            else None
        )

    def refused(self, kind: str, client: str) -> int | None:
        """None when the request may go on; else the seconds to wait (the window's length)."""
        item = self._items[kind]
        if (
            item is None
            or self._limiter is None
            or self._limiter.hit(item, kind, client)
        ):
            return None
        return item.get_expiry()


RATE_LIMITS = web.AppKey("rate_limits", RateLimits)


@web.middleware
async def rate_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse a client past its limit with 429 and Retry-After (the error middleware words it)."""
    path = request.path
    if not path.startswith(NOT_COUNTED):
        wait = request.app[RATE_LIMITS].refused(
            "api" if path.startswith("/api/") else "pages", request.remote or ""
        )
        if wait is not None:
            raise web.HTTPTooManyRequests(headers={"Retry-After": str(wait)})
    return await handler(request)
