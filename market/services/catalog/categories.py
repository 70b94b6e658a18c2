"""The catalog's categories as screens name them: each code with the names an operator stored for it.

A built-in category ("vegetables") is named by the translation catalogs (market.presentation.labels); one an
operator made or renamed in the bot has its names stored, one a language (market.services.operators.categories
writes them). The presentation chooses between them for each reader (labels.category_name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from market.errors import NotFound
from market.models import Category
from market.sql import Statement

# The column of each language's stored name.
NAME_COLUMNS = {"es": "name_es", "pt_BR": "name_pt_br", "en": "name_en"}
# A row of another table reads its category's names under these keys: `.values(**THROUGH_CATEGORY_FIELDS)`,
# then `stored_names(row, THROUGH_CATEGORY)`.
THROUGH_CATEGORY = {locale: f"category_name_{column.removeprefix('name_')}" for locale, column in NAME_COLUMNS.items()}
THROUGH_CATEGORY_FIELDS = {THROUGH_CATEGORY[locale]: f"category__{column}" for locale, column in NAME_COLUMNS.items()}
# One category by code, read on every step of browsing a category (its regions, each page of its products): written
# once, not built by tortoise each time (tests/market/services/test_category_statements.py holds it to the ORM's query).
_BY_CODE = Statement(Category, f"SELECT id, code, {', '.join(NAME_COLUMNS.values())} FROM category WHERE code = ?")


@dataclass(frozen=True)
class CategoryNames:
    """A category's id and code, and the names stored for it by language (none for a built-in one never renamed)."""

    id: int
    code: str
    stored: Mapping[str, str] = field(default_factory=dict)


def stored_names(row: Mapping[str, Any], keys: Mapping[str, str] = NAME_COLUMNS) -> dict[str, str]:
    """The names stored in a row, by language (`keys`: the row's key of each language), empty ones left out."""
    return {locale: row[key] for locale, key in keys.items() if row.get(key)}


async def all_categories() -> tuple[CategoryNames, ...]:
    """Every category in the catalog's order (a new product's, an alert's, an operator's choice)."""
    rows = await Category.all().order_by("position", "id").values("id", "code", *NAME_COLUMNS.values())
    return tuple(CategoryNames(r["id"], r["code"], stored_names(r)) for r in rows)


async def get_category_names(code: str) -> CategoryNames:
    """One category by code; NotFound("category_not_found") when there is none."""
    rows = await _BY_CODE.rows(code) if code else []
    if not rows:
        raise NotFound("category_not_found", category_code=code)
    return CategoryNames(rows[0]["id"], rows[0]["code"], stored_names(rows[0]))


async def stored_names_by_code(codes: list[str]) -> dict[str, dict[str, str]]:
    """The stored names of these categories, by code (a code with none stored is left out)."""
    rows = await Category.filter(code__in=sorted(set(codes))).values("code", *NAME_COLUMNS.values()) if codes else []
    return {r["code"]: names for r in rows if (names := stored_names(r))}
