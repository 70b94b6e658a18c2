"""The catalog's versions: the numbers that writes changing search results or a product card raise.

Readers key cached answers on them (market.web.api.cache): an answer cached under a version was
read after that version committed, so it is never older than the version says.

    async with in_transaction():
        ...change seals, products, which products a search finds...
        await bump_catalog_version()   # last: the one row is locked until commit

    async with in_transaction():
        ...take or add stock of offers, change their price...
        await bump_stock_version(offer_ids)   # last, likewise: only the answers showing them go

Two numbers in the one row. `version` says every answer may have changed. `stock_version` says some
offers' stock or price changed and nothing else (market.rules.offers.offer_change_reach): each such
offer is marked with it (Offer.stock_version), and a cache drops only the answers showing a product
marked after the stock version it read before the answer's data (`catalog_changes` tells it which).

Writers call a bump last in their transaction: the row lock then serializes only the commits, and,
taken after every other lock, it cannot close a deadlock cycle. `bump_stock_version` then marks
offers whose rows the transaction already changed or locked: the marking waits for no other lock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from decimal import Decimal

from market.models import CatalogVersion, Offer
from market.orm import value_of
from market.rules.offers import OfferFace, Reach, offer_change_reach
from market.sql import SizedStatement, Statement

_ROW = 1
# The highest versions this process's own writes reached, committed or not yet: a reader here
# does not trust remembered versions below them (it asks the database), so it sees its own writes.
_written = 0
_written_stock = 0


@dataclass(frozen=True)
class CatalogChanges:
    """The committed versions, and the products marked after the stock version asked about (by product id)."""

    version: int
    stock_version: int
    marked: Mapping[int, int]


# One statement, so one snapshot: every mark at or below the stock version it reads has committed with it. Asked with
# no stock version (NULL), it answers the versions alone.
_CHANGES = Statement(CatalogVersion, """
    SELECT v.version, v.stock_version, o.product_id, o.stock_version AS marked
    FROM catalog_version v LEFT JOIN offer o ON o.stock_version > COALESCE(?, v.stock_version)
    WHERE v.id = 1
""")


async def bump_catalog_version() -> int:
    """Raise the version inside the caller's transaction (call it last in it); return the new number."""
    global _written
    version = await _raise("version")
    _written = max(_written, version)
    return version


async def bump_stock_version(offer_ids: Collection[int]) -> int:
    """Raise the stock version and mark the offers with it, inside the caller's transaction (last in it, and only for
    offers whose rows it changed or locked); return the new number."""
    ids = list(offer_ids)
    postgres = ids and CatalogVersion._meta.db.capabilities.dialect == "postgres"
    version = await _raise_and_mark(ids) if postgres else None
    if version is None:
        version = await _raise("stock_version")
        await _MARK(len(ids)).rows(version, *ids)
    stock_version_written(version)
    return version


def stock_version_written(version: int) -> None:
    """This process raised the stock version to `version` (see `_written_stock`); a caller that raised it in a
    statement of its own (`raise_and_mark_text`) says so here."""
    global _written_stock
    _written_stock = max(_written_stock, version)


def raise_and_mark_text(offer_ids: str) -> str:
    """PostgreSQL: two parts of a data-modifying WITH that raise the stock version and mark the offers `offer_ids` (an
    SQL list of them) with it: `marked` answers the raised number once for each offer marked, and none when there is
    no row to raise yet (an emptied database, see _raise). SQLite has no UPDATE in a WITH.

    In a statement of its own (bump_stock_version), or in a caller's (checkout's take from the lots, on PostgreSQL):
    checkout holds its offers' rows locked from taking their stock to its commit, and each round trip less there lets
    the next buyer of the same offers in sooner (bench/checkout.py). Its caller marks offers whose rows it already
    locked, and writes nothing whose lock another transaction could hold while it waits for this row."""
    return f"""
        raised AS (UPDATE catalog_version SET stock_version = stock_version + 1 WHERE id = {_ROW}
                   RETURNING stock_version),
        marked AS (UPDATE offer SET stock_version = raised.stock_version FROM raised WHERE offer.id IN ({offer_ids})
                   RETURNING raised.stock_version)
    """


_MARK = SizedStatement(Offer, lambda count: "UPDATE offer SET stock_version = ?1 WHERE id IN ("
                                           + ", ".join(f"?{n + 2}" for n in range(count)) + ")")
_RAISE_AND_MARK = SizedStatement(Offer, lambda count: f"""
    WITH {raise_and_mark_text(", ".join(f"?{n + 1}" for n in range(count)))}
    SELECT MAX(stock_version) AS raised FROM marked
""")


async def _raise_and_mark(ids: list[int]) -> int | None:
    """The raised stock version; None when nothing was marked: no row to raise yet, or none of the offers. The caller
    then raises and marks apart."""
    raised = (await _RAISE_AND_MARK(len(ids)).rows(*ids))[0]["raised"]
    return None if raised is None else int(raised)


async def bump_for_offers(changes: Iterable[tuple[int, OfferFace, OfferFace]]) -> None:
    """Raise what changes of offers reach (offer id, before, after): see `bump_for_reaches`."""
    await bump_for_reaches({offer_id: offer_change_reach(before, after) for offer_id, before, after in changes})


async def bump_for_reaches(reaches: Mapping[int, Reach]) -> None:
    """Raise what changes of offers reach, by offer id (market.rules.offers.Reach): the version when one reaches the
    catalog, else the stock version for those that reach their products' answers, else nothing. Last in the caller's
    transaction, as a bump."""
    if Reach.CATALOG in reaches.values():
        await bump_catalog_version()
    elif changed := [offer_id for offer_id, reach in reaches.items() if reach == Reach.PRODUCT]:
        await bump_stock_version(changed)


async def bump_for_stock_moved(moved: Mapping[int, Decimal], after: Mapping[int, OfferFace] | None = None) -> None:
    """Stock added to offers (taken, when negative) by the caller's transaction, by offer id: raise what it reaches
    (see `bump_for_offers`; stock alone moved). The offers are read as the transaction left them (it locked them),
    unless the caller passes them so (`after`, as its UPDATE answered them)."""
    if not moved:
        return
    if after is None:
        offers = await Offer.filter(id__in=list(moved)).values_list("id", "stock", "price", "status", "valid_until")
        after = {offer_id: OfferFace(Decimal(stock), price, status, until)
                 for offer_id, stock, price, status, until in offers}
    await bump_for_reaches(_stock_moved_reaches(moved, after))


def stock_moved_marks(moved: Mapping[int, Decimal], after: Mapping[int, OfferFace]) -> list[int] | None:
    """The offers a move of stock marks with a raised stock version, when that is all it reaches (see
    `bump_for_stock_moved`, `after` given); None when it reaches the whole catalog (an offer sold out, say)."""
    reaches = _stock_moved_reaches(moved, after)
    if Reach.CATALOG in reaches.values():
        return None
    return [offer_id for offer_id, reach in reaches.items() if reach == Reach.PRODUCT]


def _stock_moved_reaches(moved: Mapping[int, Decimal], after: Mapping[int, OfferFace]) -> dict[int, Reach]:
    return {offer_id: offer_change_reach(dataclass_replace(face, stock=face.stock - moved[offer_id]), face)
            for offer_id, face in after.items()}


# Raise one number and read it in one statement: the row is locked from here to the commit.
_RAISE = {column: Statement(CatalogVersion, f"UPDATE catalog_version SET {column} = {column} + 1 WHERE id = 1 "
                                            f"RETURNING {column} AS raised")
          for column in ("version", "stock_version")}


async def _raise(column: str) -> int:
    raised = await _RAISE[column].rows()
    if not raised:
        # The row is made on first use (an emptied database has none); two first writers at once
        # both insert-or-ignore, then both raise it in turn.
        await CatalogVersion.bulk_create([CatalogVersion(id=_ROW, version=0, stock_version=0)], ignore_conflicts=True)
        raised = await _RAISE[column].rows()
    return int(raised[0]["raised"])


async def current_catalog_version() -> int:
    """The committed version, in one query by primary key (0 before any write)."""
    version = await value_of(CatalogVersion.filter(id=_ROW).first(), "version", int)
    return version or 0


async def catalog_changes(since: int | None) -> CatalogChanges:
    """The committed versions and the products marked after stock version `since` (None: none asked), in one query."""
    rows = await _CHANGES.rows(since)
    if not rows:
        return CatalogChanges(0, 0, {})
    marked: dict[int, int] = {}
    for row in rows:
        if row["product_id"] is not None:
            marked[row["product_id"]] = max(int(row["marked"]), marked.get(row["product_id"], 0))
    return CatalogChanges(int(rows[0]["version"]), int(rows[0]["stock_version"]), marked)


def written_catalog_version() -> int:
    """The highest version this process's own writes reached (committed or not): see `_written`."""
    return _written


def written_stock_version() -> int:
    """The highest stock version this process's own writes reached (committed or not): see `_written`."""
    return _written_stock
