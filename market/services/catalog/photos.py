"""Product photos for the web catalog: which Telegram photo a product shows, and its small copy kept here.

The web adapter fetches a photo through the Bot API once (market/web/pages/photos.py), shrinks it
(market.presentation.photos) and keeps it with `keep_web_photo`; pages and the photo's address read it back.
A copy made from another file_id than the product's photo now is stale: it is not shown, and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from market.errors import NotFound
from market.models import Product, ProductPhoto
from market.services.catalog.browse import public_filter

_FIELDS = ("product_id", "file_id", "content_type", "width", "height")


@dataclass(frozen=True)
class WebPhoto:
    product_id: int
    file_id: str
    content_type: str
    width: int
    height: int

    @property
    def version(self) -> str:
        """A short digest of the Telegram photo: the copy's address changes with it, so browsers may keep it long."""
        return hashlib.sha256(self.file_id.encode()).hexdigest()[:12]


async def photo_file_id(product_id: int) -> str | None:
    """The Telegram photo of a public, active product (None: it has none); NotFound("product_not_found") else."""
    rows = await Product.filter(public_filter(), id=product_id, active=True).values("photo_file_id")
    if not rows:
        raise NotFound("product_not_found", product_id=product_id)
    return str(rows[0]["photo_file_id"] or "") or None


async def get_web_photo(product_id: int, file_id: str) -> WebPhoto | None:
    """The small copy of the product's photo `file_id`, if one is kept (its bytes are left in the database)."""
    row = await ProductPhoto.filter(product_id=product_id, file_id=file_id).first().values(*_FIELDS)
    return WebPhoto(**row) if row else None


async def web_photo_data(product_id: int) -> tuple[WebPhoto, bytes] | None:
    """The small copy of a public product's present photo and its bytes; None when none is kept."""
    file_id = await photo_file_id(product_id)
    if not file_id:
        return None
    row = await ProductPhoto.filter(product_id=product_id, file_id=file_id).first().values(*_FIELDS, "data")
    if row is None:
        return None
    data = row.pop("data")
    return WebPhoto(**row), bytes(data)


async def keep_web_photo(
    product_id: int, file_id: str, *, content_type: str, width: int, height: int, data: bytes
) -> WebPhoto:
    """Keep the small copy of the product's photo `file_id`, in place of any copy of an earlier photo."""
    fields: dict[str, Any] = {
        "file_id": file_id, "content_type": content_type, "width": width, "height": height, "data": data}
    if not await ProductPhoto.filter(product_id=product_id).update(**fields):
        # Another request may keep it first (the same photo, or a newer one): its copy stands.
        with contextlib.suppress(IntegrityError):
            await ProductPhoto.create(product_id=product_id, **fields)
    return WebPhoto(product_id, file_id, content_type, width, height)
