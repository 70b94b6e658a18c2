"""Read-side queries of the catalog: categories and regions to browse, and the filters they share.

The product, organization and seal services build on the filters here: what "in stock" means,
how a territory takes in every place below it, and that only organizations an operator approved are public.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from market import clock
from market.enums import OfferStatus, OrganizationStatus, TerritoryLevel
from market.models import Category, Organization, Product, Territory
from market.orm import lookup
from market.services.catalog.categories import NAME_COLUMNS, stored_names
from market.sql import Statement

# Community < municipality < region < country: a place has at most this many places above it.
TERRITORY_DEPTH = len(TerritoryLevel) - 1


@dataclass(frozen=True)
class CategorySummary:
    code: str
    product_count: int
    # The names an operator stored for it, by language (market.services.catalog.categories).
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TerritorySummary:
    code: str
    name: str
    level: str
    country_code: str
    organization_count: int


@dataclass(frozen=True)
class RegionSummary:
    """A region (the level under the country) and how many matching products its places hold."""

    code: str
    name: str
    country_code: str
    product_count: int


@dataclass(frozen=True)
class CatalogOverview:
    categories: tuple[CategorySummary, ...]
    regions: tuple[TerritorySummary, ...]
    organization_count: int
    product_count: int


def public_filter(prefix: str = "") -> Q:
    """Products (or, with prefix "product__", rows pointing at one) of an organization an operator approved.

    A pending or refused organization is in no list, count or card: the catalog, the directory and the API.
    """
    return Q(**{f"{prefix}organization__status": OrganizationStatus.APPROVED})


PUBLIC_ORGANIZATION = {"status": OrganizationStatus.APPROVED}


def in_stock_filter(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Products (or, with prefix "product__", rows pointing at one) whose offer has stock for sale.

    The query's twin of `offer_on_sale`: an offer past its valid_until is not for sale, whatever its stock.
    """
    offer = f"{prefix}offer__"
    standing = lookup(f"{offer}valid_until__isnull", True) | lookup(f"{offer}valid_until__gt", now or clock.now())
    on_sale: dict[str, Any] = {f"{offer}status": OfferStatus.ACTIVE, f"{offer}stock__gt": 0}
    return Q(standing, **on_sale)


def in_territory_filter(code: str, prefix: str = "") -> Q:
    """Products whose organization is in territory `code` or any place below it.

    One query: the organization's territory is compared with the code at each level above it,
    instead of first fetching every descendant's id.
    """
    path = f"{prefix}organization__territory"
    return Q(
        *(Q(**{f"{path}{'__parent' * up}__code": code}) for up in range(TERRITORY_DEPTH + 1)),
        join_type=Q.OR,
    )


async def get_catalog_overview() -> CatalogOverview:
    """Categories with their products in stock, regions with their organizations, and totals."""
    in_stock = Product.filter(in_stock_filter(), public_filter(), active=True)
    per_category = dict(
        await in_stock.group_by("category_id").annotate(n=Count("id")).values_list("category_id", "n")
    )
    categories = tuple(
        CategorySummary(code=c["code"], product_count=per_category.get(c["id"], 0), names=stored_names(c))
        for c in await Category.all().order_by("position", "code").values("id", "code", *NAME_COLUMNS.values())
    )
    regions = await Territory.filter(level=TerritoryLevel.REGION).order_by("country_code", "name")
    per_territory = dict(
        await Organization.filter(**PUBLIC_ORGANIZATION).group_by("territory_id").annotate(n=Count("id"))
        .values_list("territory_id", "n")
    )
    per_region = await _sum_per_region(per_territory)
    return CatalogOverview(
        categories=categories,
        regions=tuple(
            TerritorySummary(r.code, r.name, r.level.value, r.country_code, per_region.get(r.id, 0)) for r in regions
        ),
        organization_count=await Organization.filter(**PUBLIC_ORGANIZATION).count(),
        product_count=await in_stock.count(),
    )


async def list_categories(*, territory: str | None = None, in_stock_only: bool = True) -> tuple[CategorySummary, ...]:
    """The categories that hold active products (in stock, by default), in the catalog's order.

    `territory` is a territory code and takes in every place below it. An unknown code holds nothing.
    """
    params: list[Any] = [*_public_params(), *(_in_stock_params() if in_stock_only else [])]
    params += [territory] * (TERRITORY_DEPTH + 1) if territory is not None else []
    rows = await _categories_statement(in_stock_only, territory is not None).rows(*params)
    return tuple(CategorySummary(code=r["code"], product_count=r["n"], names=stored_names(r)) for r in rows)


async def list_regions(
    *, category: str | None = None, in_stock_only: bool = True, include_empty: bool = False
) -> tuple[RegionSummary, ...]:
    """The regions (the level under the country) with how many matching active products they hold.

    A product counts toward the region its organization is in, directly or through a
    municipality or community. Regions with no matching product are left out unless
    `include_empty`. Ordered by country, then name.
    """
    params: list[Any] = [*_public_params(), *(_in_stock_params() if in_stock_only else [])]
    params += [category] if category is not None else []
    statement = _regions_statement(in_stock_only, category is not None, include_empty)
    rows = await statement.rows(*params)
    return tuple(
        RegionSummary(code=r["code"], name=r["name"], country_code=r["country_code"], product_count=r["n"])
        for r in rows
    )


# list_categories and list_regions are read on every browse in the bot: their statements are written once for each
# set of filters (market.sql), in the words of the filters above. tests/market/services/test_browse_statements.py
# holds them to what those filters, through tortoise, answer.
_PUBLIC = "g.status = ? AND p.active = ?"
# in_stock_filter's twin: stock cast, as SQLite keeps decimals as text ("0.000" > "0" as text).
_IN_STOCK = " AND f.status = ? AND CAST(f.stock AS NUMERIC) > 0 AND (f.valid_until IS NULL OR f.valid_until > ?{at})"
_UP = " ".join(f"LEFT JOIN territory t{n} ON t{n}.id = t{n - 1}.parent_id" for n in range(1, TERRITORY_DEPTH + 1))
_REGION = TerritoryLevel.REGION.value
_statements: dict[tuple[Any, ...], Statement] = {}


def _public_params() -> list[Any]:
    return [OrganizationStatus.APPROVED.value, True]


def _in_stock_params() -> list[Any]:
    return [OfferStatus.ACTIVE.value, clock.now()]


def _categories_statement(in_stock: bool, in_territory: bool) -> Statement:
    """Each category's count of products on show, those of a place (or below it) when `in_territory`."""
    key = ("categories", in_stock, in_territory)
    if (statement := _statements.get(key)) is None:
        names = ", ".join(f"c.{column}" for column in NAME_COLUMNS.values())
        places = " OR ".join(f"t{n}.code = ?" for n in range(TERRITORY_DEPTH + 1))
        statement = _statements[key] = Statement(Category, f"""
            SELECT c.code, {names}, COUNT(p.id) AS n
            FROM product p
            JOIN organization g ON g.id = p.organization_id
            JOIN category c ON c.id = p.category_id
            {"LEFT JOIN offer f ON f.product_id = p.id" if in_stock else ""}
            {f"JOIN territory t0 ON t0.id = g.territory_id {_UP}" if in_territory else ""}
            WHERE {_PUBLIC}{_IN_STOCK if in_stock else ""}{f" AND ({places})" if in_territory else ""}
            GROUP BY c.id, c.code, c.position, {names}
            ORDER BY c.position, c.code
        """)
    return statement


def _regions_statement(in_stock: bool, of_category: bool, include_empty: bool) -> Statement:
    """Each region's count of products on show in it or below it (of a category, when `of_category`); every region
    when `include_empty`. A product counts toward the nearest region up from its organization's place."""
    key = ("regions", in_stock, of_category, include_empty)
    if (statement := _statements.get(key)) is None:
        nearest = " ".join(f"WHEN t{n}.level = '{_REGION}' THEN t{n}.id" for n in range(TERRITORY_DEPTH + 1))
        statement = _statements[key] = Statement(Territory, f"""
            SELECT r.code, r.name, r.country_code, COALESCE(counted.n, 0) AS n
            FROM territory r
            {"LEFT" if include_empty else ""} JOIN (
                SELECT CASE {nearest} END AS region_id, COUNT(p.id) AS n
                FROM product p
                JOIN organization g ON g.id = p.organization_id
                JOIN territory t0 ON t0.id = g.territory_id {_UP}
                {"LEFT JOIN offer f ON f.product_id = p.id" if in_stock else ""}
                {"JOIN category c ON c.id = p.category_id" if of_category else ""}
                WHERE {_PUBLIC}{_IN_STOCK if in_stock else ""}{" AND c.code = ?" if of_category else ""}
                GROUP BY region_id
            ) counted ON counted.region_id = r.id
            WHERE r.level = '{_REGION}'
            ORDER BY r.country_code, r.name, r.code
        """)
    return statement


async def _sum_per_region(per_territory: dict[int, int]) -> dict[int, int]:
    """Add counts kept per territory up to the region each territory is in (or is).

    Only the territories counted are read, each with the places above it in the same row: a country's thousands of
    communities are never read for the few that hold products.
    """
    if not per_territory:
        return {}
    above = [f"{'parent__' * n}{column}" for n in range(TERRITORY_DEPTH + 1) for column in ("id", "level")]
    per_region: dict[int, int] = {}
    for row in await Territory.filter(id__in=list(per_territory)).values_list(*above):
        chain = zip(row[0::2], row[1::2], strict=True)
        region = next((id_ for id_, level in chain if id_ is not None and level == TerritoryLevel.REGION), None)
        if region is not None:
            per_region[region] = per_region.get(region, 0) + per_territory[row[0]]
    return per_region
