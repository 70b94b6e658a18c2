"""A page of the catalog's search in statements written once (market.sql), for the searches people make most.

A cold search (nothing cached) spent most of its time building its three queries through tortoise, not running
them (bench/catalog.py, `--mix cold`). Every search without a searcher's place (`near`, whose nearness rank is an
expression of the organizations of their country) is answered here instead, with the same rows:

    the cursor     one query by primary key: its place in the order, and whether it matches the search itself
    the page       one query: the summary's columns, whether a seal valid today covers each product, one row more
    behind         only for a cursor that no longer matches: whether anything matching lies behind it

The SQL states again what the filters of market.services.catalog.browse, badges and matching state through the ORM;
tests/market/services/test_catalog_statements.py runs random searches through both and asks for the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from market import clock
from market.enums import OfferStatus, OrganizationStatus, SealStatus
from market.models import Offer, Product
from market.services.catalog.browse import TERRITORY_DEPTH
from market.services.catalog.categories import THROUGH_CATEGORY_FIELDS
from market.sql import Statement

# The summary's columns under the keys tortoise's `.values(**_SUMMARY_FIELDS)` gives them.
_COLUMNS = ", ".join([
    'p."id" AS "id"', 'p."name" AS "name"', 'p."unit" AS "unit"', 'c."code" AS "category_code"',
    'o."slug" AS "organization_slug"', 'o."name" AS "organization_name"', 't0."code" AS "territory_code"',
    't0."name" AS "territory_name"', 't0."country_code" AS "country_code"', 'f."id" AS "offer_id"',
    'f."status" AS "offer_status"', 'f."valid_until" AS "offer_valid_until"', 'f."price" AS "price"',
    'f."currency" AS "currency"', 'f."stock" AS "stock"',
    *(f'c."{path.removeprefix("category__")}" AS "{key}"' for key, path in THROUGH_CATEGORY_FIELDS.items()),
])
_JOINS = """
    LEFT JOIN "category" c ON c."id" = p."category_id"
    LEFT JOIN "organization" o ON o."id" = p."organization_id"
    LEFT JOIN "territory" t0 ON t0."id" = o."territory_id"
    LEFT JOIN "offer" f ON f."product_id" = p."id"
"""
# The places above the organization's, joined only when a search names a territory.
_PARENTS = "".join(
    f' LEFT JOIN "territory" t{n} ON t{n}."id" = t{n - 1}."parent_id"' for n in range(1, TERRITORY_DEPTH + 1)
)
_VALID_SEAL = """SELECT sp."product_id" FROM "seal_product" sp JOIN "seal" s ON s."id" = sp."seal_id"
    WHERE s."status" = ? AND s."valid_from" <= ? AND (s."valid_until" IS NULL OR s."valid_until" >= ?)"""
_SEALED = f'p."id" IN ({_VALID_SEAL})'
# The twin of in_stock_filter: stock cast as it is on SQLite, where decimals are text.
_IN_STOCK = 'f."status" = ? AND CAST(f."stock" AS NUMERIC) > 0 AND (f."valid_until" IS NULL OR f."valid_until" > ?{at})'
_statements: dict[tuple[Any, ...], Statement] = {}


@dataclass(frozen=True)
class Search:
    """The filters of a search (market.services.catalog.products.ProductQuery, less its place and cursor).

    `words` holds, for each word searched, the substrings of the name key and the whole words of the match key that
    may stand for it (market.rules.matching.word_variants): every word must be matched by one of its own.
    """

    words: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    category: str | None = None
    territory: str | None = None
    organization: str | None = None
    legal_form: str | None = None
    sealed_only: bool = False
    in_stock_only: bool = False


async def cursor_place(search: Search, cursor: int, today: date) -> tuple[str, int, bool] | None:
    """The cursor product's search key and id, and whether it matches `search`; None when there is no such product."""
    where, params = _filters(search, today, paging=False)
    key = ("cursor", _dialect(), _shape(search))
    statement = _statement(key, f"""
        SELECT p."search_key" AS "search_key", p."id" AS "id",
               CASE WHEN {where} THEN 1 ELSE 0 END AS "matches"
        FROM "product" p {_JOINS} {_PARENTS if search.territory else ""}
        WHERE p."id" = ?""")
    rows = await statement.rows(*params, cursor)
    if not rows:
        return None
    return str(rows[0]["search_key"]), int(rows[0]["id"]), bool(rows[0]["matches"])


async def page_rows(
    search: Search, today: date, limit: int, *, cursor: tuple[str, int] | None = None, backward: bool = False,
) -> list[dict[str, Any]]:
    """Up to `limit` + 1 matching products in name order (from the cursor on, or back from it), with `sealed`."""
    paging = cursor is not None
    where, params = _filters(search, today, paging=paging)
    beyond, direction = ("<", "DESC") if backward else (">", "ASC")
    keyset = ""
    if cursor is not None:
        # The first condition alone lets the search_key index start at the cursor (see products._beyond).
        keyset = f' AND p."search_key" {beyond}= ? AND (p."search_key" {beyond} ? OR (p."search_key" = ? AND p."id" {beyond} ?))'
        params += [cursor[0], cursor[0], cursor[0], cursor[1]]
    key = ("page", _dialect(), _shape(search), paging, backward)
    statement = _statement(key, f"""
        SELECT {_COLUMNS}, CASE WHEN {_SEALED} THEN 1 ELSE 0 END AS "sealed"
        FROM "product" p {_JOINS} {_PARENTS if search.territory else ""}
        WHERE {where}{keyset}
        ORDER BY p."search_key" {direction}, p."id" {direction} LIMIT ?""")
    rows = await statement.rows(*_seal_params(today), *params, limit + 1)
    return [_converted(row) for row in rows]


async def any_behind(search: Search, today: date, cursor: tuple[str, int], *, backward: bool) -> bool:
    """Whether a product matching `search` lies at the cursor or behind it (before it; after it when `backward`)."""
    where, params = _filters(search, today, paging=False)
    behind = ">" if backward else "<"
    key = ("behind", _dialect(), _shape(search), backward)
    statement = _statement(key, f"""
        SELECT 1 AS "found" FROM "product" p {_JOINS} {_PARENTS if search.territory else ""}
        WHERE {where} AND (p."search_key" {behind} ? OR (p."search_key" = ? AND p."id" {behind}= ?)) LIMIT 1""")
    return bool(await statement.rows(*params, cursor[0], cursor[0], cursor[1]))


def _filters(search: Search, today: date, *, paging: bool) -> tuple[str, list[Any]]:
    """The WHERE of `search` and its parameters, in the order of their marks.

    On SQLite a page after or before a cursor asks for the approved organizations in a subquery: see
    products._matching for why (the planner then reads the search_key index from the cursor on).
    """
    approved = ('p."organization_id" IN (SELECT "id" FROM "organization" WHERE "status" = ?)'
                if paging and _dialect() == "sqlite" else 'o."status" = ?')
    parts, params = [approved, 'p."active" = ?'], [OrganizationStatus.APPROVED.value, True]
    for substrings, whole in search.words:
        either = ['p."search_key" LIKE ? ESCAPE \'\\\'' for _ in substrings]
        either += ['p."match_key" LIKE ? ESCAPE \'\\\'' for _ in whole]
        parts.append(f"({' OR '.join(either)})")
        params += [f"%{_escaped(s)}%" for s in substrings] + [f"% {_escaped(w)} %" for w in whole]
    if search.category is not None:
        parts.append('c."code" = ?')
        params.append(search.category)
    if search.territory is not None:
        parts.append("(" + " OR ".join(f't{n}."code" = ?' for n in range(TERRITORY_DEPTH + 1)) + ")")
        params += [search.territory] * (TERRITORY_DEPTH + 1)
    if search.organization is not None:
        parts.append('o."slug" = ?')
        params.append(search.organization)
    if search.legal_form is not None:
        parts.append('o."legal_form" = ?')
        params.append(search.legal_form)
    if search.in_stock_only:
        parts.append(_IN_STOCK)
        params += [OfferStatus.ACTIVE.value, clock.now()]
    if search.sealed_only:
        parts.append(_SEALED)
        params += _seal_params(today)
    return "(" + " AND ".join(parts) + ")", params


def _shape(search: Search) -> tuple[Any, ...]:
    """What the statement's text depends on: which filters are set, and how many alternatives each word has."""
    return (
        tuple((len(s), len(w)) for s, w in search.words), search.category is not None, search.territory is not None,
        search.organization is not None, search.legal_form is not None, search.in_stock_only, search.sealed_only,
    )


def _statement(key: tuple[Any, ...], text: str) -> Statement:
    statement = _statements.get(key)
    if statement is None:
        statement = _statements[key] = Statement(Product, text)
    return statement


def _seal_params(today: date) -> list[Any]:
    return [SealStatus.GRANTED.value, today, today]


def _escaped(text: str) -> str:
    """`text` matched literally inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dialect() -> str:
    return str(Product._meta.db.capabilities.dialect)


_OFFER_FIELDS = {"price": "price", "stock": "stock", "offer_status": "status", "offer_valid_until": "valid_until"}


def _converted(row: dict[str, Any]) -> dict[str, Any]:
    """A row as tortoise's `.values()` gives it: decimals, the status and the timestamp read by the offer's fields."""
    if row["offer_id"] is not None:
        fields = Offer._meta.fields_map
        for key, name in _OFFER_FIELDS.items():
            if row[key] is not None:
                row[key] = fields[name].to_python_value(row[key])
    row["sealed"] = bool(row["sealed"])
    return row
