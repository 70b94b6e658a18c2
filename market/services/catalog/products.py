"""Product search with keyset pagination (the product card is market.services.catalog.card)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from market import clock
from market.enums import LegalForm
from market.errors import Invalid
from market.models import Organization, Product, SealProduct
from market.rules.offers import offer_on_sale
from market.services.catalog import page_statements as statements
from market.services.catalog.badges import sealed_products_filter, valid_seal_filter
from market.services.catalog.browse import (
    PUBLIC_ORGANIZATION,
    in_stock_filter,
    in_territory_filter,
    public_filter,
)
from market.services.catalog.categories import THROUGH_CATEGORY, THROUGH_CATEGORY_FIELDS, stored_names
from market.services.catalog.matching import Near, near_place, nearness, word_alternatives, words_filter

MAX_LIMIT = 100
# Longer than any product name (160) with room to spare; more is not a search but a paste.
MAX_TEXT = 200


@dataclass(frozen=True)
class ProductQuery:
    """What a person searches for; `after`/`before` are product ids: the page starts after, or ends before, one."""

    text: str | None = None
    category: str | None = None
    # A territory code; takes in every place below it (a region, its municipalities and communities).
    territory: str | None = None
    organization: str | None = None
    legal_form: str | None = None
    sealed_only: bool = False
    in_stock_only: bool = False
    after: int | None = None
    before: int | None = None
    limit: int = 20
    # The searcher's territory code: nearest products first (their community … their country, then elsewhere).
    near: str | None = None


@dataclass(frozen=True)
class ProductSummary:
    """A line of a product list. The offer fields are None when the product has no active offer."""

    id: int
    name: str
    unit: str
    category_code: str
    organization_slug: str
    organization_name: str
    territory_code: str
    territory_name: str
    country_code: str
    offer_id: int | None
    price: Decimal | None
    currency: str | None
    stock: Decimal | None
    # A seal valid today covers it.
    sealed: bool
    # The names an operator stored for its category, by language (market.services.catalog.categories).
    category_names: Mapping[str, str] = field(default_factory=dict)
    # How near the searcher it is made (market.services.catalog.matching.RANKS; ELSEWHERE past their country).
    nearness: int | None = None
    # When its offer on sale stops being on sale (None: no end set, or no offer on sale): a summary kept is stale then.
    valid_until: datetime | None = None


@dataclass(frozen=True)
class ProductPage:
    items: tuple[ProductSummary, ...]
    # Pass as `after` for the next page; None on the last page.
    next_after: int | None
    # Pass as `before` for the previous page; None on the first page.
    previous_before: int | None
    # The searcher's country when the query was made from a place: a product outside it is in another country.
    near_country: str | None = None


_SUMMARY_FIELDS = dict(
    category_code="category__code",
    organization_slug="organization__slug",
    organization_name="organization__name",
    territory_code="organization__territory__code",
    territory_name="organization__territory__name",
    country_code="organization__territory__country_code",
    offer_id="offer__id",
    offer_status="offer__status",
    offer_valid_until="offer__valid_until",
    price="offer__price",
    currency="offer__currency",
    stock="offer__stock",
    **THROUGH_CATEGORY_FIELDS,
)


async def search_products(query: ProductQuery, *, today: date) -> ProductPage:
    """One page of active products matching `query`, ordered by name key then id (nearest first with `near`).

    Keyset pagination: a cursor is a product id, looked up for its place in the order, so
    pages stay stable while products are added elsewhere. A search made from no place runs statements written once
    (market.services.catalog.page_statements): the synonyms when words are searched, the cursor, the page, and
    whether a page lies behind a cursor that no longer matches (only then). One made from a place runs at most six
    queries through tortoise: the searcher's place, the cursor (twice when it no longer matches), the page, whether
    a page lies on the other side (only then), and the seals.
    """
    _check(query)
    near = await near_place(query.near)
    if near is None:
        return await _written_search(query, today)
    return await _built_search(query, today, near)


async def _built_search(query: ProductQuery, today: date, near: Near | None) -> ProductPage:
    """The page through tortoise's queries: every search made from a place (nearest first)."""
    products = await _matching(query, today, paging=query.after is not None or query.before is not None)
    order = ("rank", "search_key", "id") if near else ("search_key", "id")
    if near:
        products = products.annotate(rank=nearness(near))
    country = near.country_code if near else None
    if query.after is None and query.before is None:
        rows = await _page(products, order, query.limit)
        next_after = rows[query.limit - 1]["id"] if len(rows) > query.limit else None
        return ProductPage(await _summaries(rows[: query.limit], today), next_after, None, country)
    backward = query.before is not None
    cursor = query.before if backward else query.after
    # The cursor is looked up among the matching products first: found there (as it is when it came from the page
    # before), a page lies behind this one, and no query needs to ask.
    values = await products.filter(id=cursor).first().values(*order)
    cursor_matches = values is not None
    if values is None:
        at = Product.filter(id=cursor)
        values = await (at.annotate(rank=nearness(near)) if near else at).first().values(*order)
    if values is None:
        raise Invalid("invalid_parameter", parameter="before" if backward else "after")
    ahead = _beyond(order, values, backward)
    rows = await _page(products.filter(ahead), order, query.limit, descending=backward)
    more_ahead = len(rows) > query.limit
    items = rows[: query.limit][::-1] if backward else rows[: query.limit]
    # Anything matching behind the page (the cursor included) makes a page there.
    more_behind = bool(items) and (cursor_matches or await products.filter(~ahead).exists())
    more_before, more_after = (more_ahead, more_behind) if backward else (more_behind, more_ahead)
    return ProductPage(
        items=await _summaries(items, today),
        next_after=items[-1]["id"] if more_after else None,
        previous_before=items[0]["id"] if more_before else None,
        near_country=country,
    )


async def _written_search(query: ProductQuery, today: date) -> ProductPage:
    """The page of a search made from no place, in statements written once (market.services.catalog.page_statements):
    the same page as the ORM's, one query fewer, nothing built per call."""
    search = statements.Search(
        words=await word_alternatives(query.text or "") or (), category=query.category, territory=query.territory,
        organization=query.organization, legal_form=query.legal_form, sealed_only=query.sealed_only,
        in_stock_only=query.in_stock_only,
    )
    if query.before is not None:
        cursor, backward = query.before, True
    elif query.after is not None:
        cursor, backward = query.after, False
    else:
        rows = await statements.page_rows(search, today, query.limit)
        next_after = rows[query.limit - 1]["id"] if len(rows) > query.limit else None
        return ProductPage(tuple(_summary(row, row["sealed"]) for row in rows[: query.limit]), next_after, None)
    place = await statements.cursor_place(search, cursor, today)
    if place is None:
        raise Invalid("invalid_parameter", parameter="before" if backward else "after")
    search_key, cursor_id, cursor_matches = place
    rows = await statements.page_rows(search, today, query.limit, cursor=(search_key, cursor_id), backward=backward)
    more_ahead = len(rows) > query.limit
    items = rows[: query.limit][::-1] if backward else rows[: query.limit]
    more_behind = bool(items) and (
        cursor_matches or await statements.any_behind(search, today, (search_key, cursor_id), backward=backward))
    more_before, more_after = (more_ahead, more_behind) if backward else (more_behind, more_ahead)
    return ProductPage(
        items=tuple(_summary(row, row["sealed"]) for row in items),
        next_after=items[-1]["id"] if more_after else None,
        previous_before=items[0]["id"] if more_before else None,
    )


def _beyond(order: tuple[str, ...], values: dict[str, Any], backward: bool) -> Q:
    """Rows after the cursor's `values` in `order` (before it when `backward`): the keyset's condition."""
    beyond = "lt" if backward else "gt"
    keyset = Q(*(
        Q(**{name: values[name] for name in order[:i]}, **{f"{order[i]}__{beyond}": values[order[i]]})
        for i in range(len(order))
    ), join_type=Q.OR)
    if order[0] == "rank":  # an expression, no column: nothing an index could start from
        return keyset
    # The same rows, with a first condition on the first column alone: the search_key index starts there, instead
    # of every row being read and sorted (a page after the middle of 5,000 products read 2,500).
    return Q(Q(**{f"{order[0]}__{beyond}e": values[order[0]]}), keyset)


def _check(query: ProductQuery) -> None:
    if not 1 <= query.limit <= MAX_LIMIT:
        raise Invalid("invalid_parameter", parameter="limit", min=1, max=MAX_LIMIT)
    if query.text is not None and len(query.text) > MAX_TEXT:
        raise Invalid("invalid_parameter", parameter="text", max=MAX_TEXT)
    if query.after is not None and query.before is not None:
        raise Invalid("invalid_parameter", parameter="before", reason="after_and_before")
    if query.legal_form is not None and query.legal_form not in {f.value for f in LegalForm}:
        raise Invalid("invalid_parameter", parameter="legal_form")


async def _matching(query: ProductQuery, today: date, *, paging: bool = False) -> QuerySet[Product]:
    """Active products of approved organizations matching every filter of `query`, in no order yet.

    `paging` (a page after or before a cursor) on SQLite: the organizations approved are asked in a subquery, not
    by a join's condition. With the join's, SQLite's planner starts from the organizations and sorts every matching
    product past the cursor (1.8 ms on 5,000); without it, it reads the search_key index from the cursor on and
    stops at the page's end (0.2 ms). A first page keeps the join, and PostgreSQL always does: there the planner's
    choice is the better one (bench/catalog_queries.py measures both).
    """
    sqlite = Product._meta.db.capabilities.dialect == "sqlite"
    approved = (Q(organization_id__in=Subquery(Organization.filter(**PUBLIC_ORGANIZATION).values("id")))
                if paging and sqlite else public_filter())
    products = Product.filter(approved, active=True)
    # Every word must be in the name, in any order ("grano cafe" finds "Café tostado en grano"), or one of its
    # forms or synonyms ("tomates" finds "Tomate", "quinoa" finds "Quinua real"): market.rules.matching.
    words = await words_filter(query.text or "")
    if words is not None:
        products = products.filter(words)
    if query.category is not None:
        products = products.filter(category__code=query.category)
    if query.territory is not None:
        products = products.filter(in_territory_filter(query.territory))
    if query.organization is not None:
        products = products.filter(organization__slug=query.organization)
    if query.legal_form is not None:
        products = products.filter(organization__legal_form=query.legal_form)
    if query.in_stock_only:
        products = products.filter(in_stock_filter())
    if query.sealed_only:
        products = products.filter(sealed_products_filter(today))
    return products


async def _page(
    products: QuerySet[Product], order: tuple[str, ...], limit: int, *, descending: bool = False,
) -> list[dict[str, Any]]:
    """One more row than asked for: its presence says whether another page follows."""
    ordered = [f"-{name}" for name in order] if descending else list(order)
    ranked = ("rank",) if "rank" in order else ()
    return await products.order_by(*ordered).limit(limit + 1).values("id", "name", "unit", *ranked, **_SUMMARY_FIELDS)


async def summarize(
    products: QuerySet[Product], order: tuple[str, ...], limit: int, *, today: date
) -> tuple[ProductSummary, ...]:
    """The first `limit` of `products` in `order`, as the summaries every list of the catalog shows."""
    rows = await products.order_by(*order).limit(limit).values("id", "name", "unit", **_SUMMARY_FIELDS)
    return await _summaries(rows, today)


async def _summaries(rows: list[dict[str, Any]], today: date) -> tuple[ProductSummary, ...]:
    """Turn page rows into summaries, finding which are sealed in one query."""
    ids = [row["id"] for row in rows]
    sealed = set(
        await SealProduct.filter(valid_seal_filter(today, "seal__"), product_id__in=ids).values_list(
            "product_id", flat=True
        )
    ) if ids else set()
    return tuple(_summary(row, row["id"] in sealed) for row in rows)


def _summary(row: dict[str, Any], sealed: bool) -> ProductSummary:
    on_sale = row["offer_id"] is not None and offer_on_sale(
        row["offer_status"], row["offer_valid_until"], clock.now())
    return ProductSummary(
        id=row["id"], name=row["name"], unit=row["unit"], category_code=row["category_code"],
        organization_slug=row["organization_slug"], organization_name=row["organization_name"],
        territory_code=row["territory_code"], territory_name=row["territory_name"], country_code=row["country_code"],
        offer_id=row["offer_id"] if on_sale else None,
        price=row["price"] if on_sale else None,
        currency=row["currency"] if on_sale else None,
        stock=row["stock"] if on_sale else None,
        sealed=sealed, category_names=stored_names(row, THROUGH_CATEGORY),
        nearness=int(row["rank"]) if row.get("rank") is not None else None,
        valid_until=row["offer_valid_until"] if on_sale else None,
    )
