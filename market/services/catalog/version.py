"""The catalog's version: one number that every write changing search results or a product card raises.

Readers key cached answers on it (market.web.api.cache): an answer cached under a version was
read after that version committed, so it is never older than the version says.

    async with in_transaction():
        ...change stock, seals, products...
        await bump_catalog_version()   # last: the one row is locked until commit

Writers call `bump_catalog_version` last in their transaction: the row lock then serializes
only the commits, and, taken after every other lock, it cannot close a deadlock cycle.
"""

from __future__ import annotations

from tortoise.expressions import F

from market.models import CatalogVersion
from market.orm import value_of

_ROW = 1
# The highest version this process's own writes reached, committed or not yet: a reader here
# does not trust a remembered version below it (it asks the database), so it sees its own writes.
_written = 0


async def bump_catalog_version() -> int:
    """Raise the version inside the caller's transaction (call it last in it); return the new number."""
    global _written
    if not await CatalogVersion.filter(id=_ROW).update(version=F("version") + 1):
        # The row is made on first use (an emptied database has none); two first writers at once
        # both insert-or-ignore, then both raise it in turn.
        await CatalogVersion.bulk_create([CatalogVersion(id=_ROW, version=0)], ignore_conflicts=True)
        await CatalogVersion.filter(id=_ROW).update(version=F("version") + 1)
    version = await value_of(CatalogVersion.get(id=_ROW), "version", int)
    _written = max(_written, version)
    return version


async def current_catalog_version() -> int:
    """The committed version, in one query by primary key (0 before any write)."""
    version = await value_of(CatalogVersion.filter(id=_ROW).first(), "version", int)
    return version or 0


def written_catalog_version() -> int:
    """The highest version this process's own writes reached (committed or not): see `_written`."""
    return _written
