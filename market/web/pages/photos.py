"""Product photos on the web: /productos/{id}/foto, a small copy of the photo the producer sent in Telegram.

The photo is fetched through the Bot API once, by the process's bot (serve.py hands the bot's fetch in as
`Photos.source`), shrunk to a few KB (market.presentation.photos) and kept in the database, so that every
web process serves it and a restart loses nothing. The product page asks for the copy before it renders:
it gets the photo's width and height (no jump as the photo loads), or no photo when none could be made.
A photo Telegram would not give is not asked again for RETRY_SECONDS: the page is not held up meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from market.presentation.photos import NotAPhoto, shrink_photo
from market.services.catalog.photos import WebPhoto, get_web_photo, keep_web_photo, web_photo_data
from market.web.pages.chart_cache import matches

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

FETCH_SECONDS = 5.0
RETRY_SECONDS = 300.0
# The address names the photo's version: a browser may keep it for a year (a new photo has a new address).
VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable"
CACHE_CONTROL = "public, max-age=3600"


class PhotoUnavailable(Exception):
    """The Bot API did not give the file (no bot in this process, a network error, an unknown file_id)."""


PhotoSource = Callable[[str], Awaitable[bytes]]  # a Telegram file_id's bytes, through the Bot API
# Send a photo (its bytes, a caption) to a person's chat through the Bot API: the file_id Telegram gave it.
PhotoSender = Callable[[int, bytes, str], Awaitable[str]]


class Photos:
    """Makes and keeps the web copies of product photos; `source` fetches a Telegram file (None: none can be);
    `sender` sends one to a person's chat, so that a photo uploaded at the desk becomes a Telegram photo like one
    sent in the chat (None: no bot runs in this process)."""

    def __init__(self, source: PhotoSource | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.source, self.clock = source, clock
        self.sender: PhotoSender | None = None
        self._failed: dict[str, float] = {}  # file_id → when it may be tried again

    async def photo(self, product_id: int, file_id: str | None) -> WebPhoto | None:
        """The web copy of the product's photo `file_id`, made now if none is kept; None when there is none."""
        if not file_id:
            return None
        kept = await get_web_photo(product_id, file_id)
        if kept is not None or self.source is None or self._failed.get(file_id, 0.0) > self.clock():
            return kept
        try:
            async with asyncio.timeout(FETCH_SECONDS):
                data = await self.source(file_id)
            small = await asyncio.to_thread(shrink_photo, data)
        except (PhotoUnavailable, NotAPhoto, TimeoutError) as error:
            log.warning("photo of product %s not made: %s", product_id, type(error).__name__)
            self._failed[file_id] = self.clock() + RETRY_SECONDS
            return None
        return await keep_web_photo(product_id, file_id, content_type=small.content_type, width=small.width,
                                    height=small.height, data=small.data)


PHOTOS = web.AppKey("photos", Photos)


def photo_path(photo: WebPhoto) -> str:
    return f"/productos/{photo.product_id}/foto?v={photo.version}"


@routes.get(r"/productos/{id:\d{1,9}}/foto", name="product_photo")
async def product_photo(request: web.Request) -> web.Response:
    """The web copy of a product's photo, as the product page made it; 404 without one."""
    found = await web_photo_data(int(request.match_info["id"]))
    if found is None:
        raise web.HTTPNotFound()
    photo, data = found
    versioned = request.query.get("v") == photo.version
    headers = {"Cache-Control": VERSIONED_CACHE_CONTROL if versioned else CACHE_CONTROL, "ETag": f'"{photo.version}"'}
    if matches(request, photo.version):
        return web.Response(status=304, headers=headers)
    return web.Response(body=data, content_type=photo.content_type, headers=headers)
