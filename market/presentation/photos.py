"""A producer's photo made small for the web catalog: at most MAX_SIDE pixels a side and MAX_BYTES, as WebP.

A phone sends Telegram photos of 1280 px and 100-300 KB; a catalog page, photo included, stays under 100 KB
(tests/market/web/pages/test_crawl.py). WebP at quality 70 gives a 480 px photo in 15-30 KB, with less
blocking than JPEG at that weight; every browser of the last five years shows it. The quality drops, then
the size, until the photo fits. The camera's orientation tag is applied (a phone's portrait photo would lie on
its side otherwise) and the rest of the metadata is dropped: a photo's EXIF can hold where it was taken.

| photo sent                    | kept                                 |
|-------------------------------|--------------------------------------|
| 1280 × 960 JPEG, 250 KB       | 480 × 360 WebP, under 30 KB          |
| 300 × 200 PNG                 | 300 × 200 WebP (never enlarged)      |
| a PDF, a text, broken bytes   | NotAPhoto                            |
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 480  # CSS pixels of a phone's screen, 360-412, and a little for denser screens
MAX_BYTES = 30_000
QUALITIES = (70, 55, 40)
# A photo larger than this many pixels is no photo a phone took (a decompression bomb): refused, not decoded.
MAX_PIXELS = 50_000_000


class NotAPhoto(ValueError):
    """The bytes are no image Pillow can read (or far too large to be a photo)."""


@dataclass(frozen=True)
class SmallPhoto:
    data: bytes
    content_type: str
    width: int
    height: int


def shrink_photo(data: bytes, *, max_side: int = MAX_SIDE, max_bytes: int = MAX_BYTES) -> SmallPhoto:
    """The photo as WebP within `max_side` pixels a side and `max_bytes`, its proportions kept."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise NotAPhoto("too many pixels")
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAPhoto(str(error)) from None
    side = max_side
    while True:
        small = image.copy()
        small.thumbnail((side, side), Image.Resampling.LANCZOS)
        for quality in QUALITIES:
            out = io.BytesIO()
            small.save(out, format="WEBP", quality=quality, method=6)
            if out.tell() <= max_bytes or side <= 64:
                return SmallPhoto(out.getvalue(), "image/webp", small.width, small.height)
        side = side * 3 // 4
