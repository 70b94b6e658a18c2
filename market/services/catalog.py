"""Read-side queries of the catalog: what the home page and the bot's menu show."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count

from market.models import Category, Organization, Product, Territory
from market.models.enums import OfferStatus, TerritoryLevel


@dataclass(frozen=True)
class CategorySummary:
    code: str
    product_count: int


@dataclass(frozen=True)
class TerritorySummary:
    code: str
    name: str
    level: str
    country_code: str
    organization_count: int


@dataclass(frozen=True)
class CatalogOverview:
    categories: tuple[CategorySummary, ...]
    regions: tuple[TerritorySummary, ...]
    organization_count: int
    product_count: int


async def get_catalog_overview() -> CatalogOverview:
    """Categories with their products in stock, regions with their organizations, and totals."""
    in_stock = Product.filter(active=True, offer__status=OfferStatus.ACTIVE, offer__stock__gt=0)
    per_category = dict(
        await in_stock.group_by("category_id").annotate(n=Count("id")).values_list("category_id", "n")
    )
    categories = tuple(
        CategorySummary(code=c.code, product_count=per_category.get(c.id, 0))
        for c in await Category.all().order_by("position", "code")
    )
    regions = await Territory.filter(level=TerritoryLevel.REGION).order_by("country_code", "name")
    per_region = await _organizations_per_region([r.id for r in regions])
    return CatalogOverview(
        categories=categories,
        regions=tuple(
            TerritorySummary(r.code, r.name, r.level.value, r.country_code, per_region.get(r.id, 0)) for r in regions
        ),
        organization_count=await Organization.all().count(),
        product_count=await in_stock.count(),
    )


async def _organizations_per_region(region_ids: list[int]) -> dict[int, int]:
    """Organizations count toward the region they are in, directly or through a municipality."""
    parents = dict(await Territory.all().values_list("id", "parent_id"))
    counts: dict[int, int] = {}
    for territory_id in await Organization.all().values_list("territory_id", flat=True):
        node = territory_id
        while node is not None and node not in region_ids:
            node = parents.get(node)
        if node is not None:
            counts[node] = counts.get(node, 0) + 1
    return counts
