"""The category's statement written once (market.services.catalog.categories.get_category_names) finds what tortoise's
query found: the same category and stored names for any code, missing codes and an empty one refused alike. A code
longer than the column names nothing: tortoise refused to even compare it (its ValidationError, a crash for the bot's
press or the desk's page), the statement finds no category."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.exceptions import ValidationError
from tortoise.transactions import in_transaction

from market.errors import FeriaError, NotFound
from market.models import Category
from market.services.catalog.categories import NAME_COLUMNS, CategoryNames, get_category_names, stored_names
from tests.market.services.catalog_fixtures import category, count_queries

CODES = ["vegetables", "honey", "coffee_cocoa", "café", "Honey", "x" * 32]
CODE_LIMIT = Category._meta.fields_map["code"].max_length


# The ORM's query as it was before the statement (commit bdc4070), the twin the statement is held to.
async def orm_get_category_names(code: str) -> CategoryNames:
    row = await Category.filter(code=code).first().values("id", "code", *NAME_COLUMNS.values()) if code else None
    if row is None:
        raise NotFound("category_not_found", category_code=code)
    return CategoryNames(row["id"], row["code"], stored_names(row))


async def outcome(find, code: str) -> object:
    """The category found, or the refusal as (kind, code, params)."""
    try:
        return await find(code)
    except FeriaError as refusal:
        return type(refusal).__name__, refusal.code, refusal.params


@pytest.fixture
async def world(db):
    """Categories built in and made by an operator, some renamed in one language, some in all, one named ""."""
    async with in_transaction():
        for position, code in enumerate(CODES):
            await category(code, position)
        await Category.filter(code="honey").update(name_es="Miel de abeja")
        await Category.filter(code="café").update(name_es="Café", name_pt_br="Café", name_en="Coffee")
        await Category.filter(code="Honey").update(name_en="", name_pt_br="Mel")


# Any text PostgreSQL stores (no NUL, no lone surrogate), near the codes, past the column's 32 characters.
codes = st.one_of(
    st.sampled_from([*CODES, "", "HONEY", "honey ", "x" * 33, "nada"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=codes)
async def test_any_code_finds_what_tortoises_query_found(world, code):
    found = await outcome(get_category_names, code)

    if len(code) > CODE_LIMIT:
        with pytest.raises(ValidationError):
            await orm_get_category_names(code)
        assert found == ("NotFound", "category_not_found", {"category_code": code})
    else:
        assert found == await outcome(orm_get_category_names, code)


async def test_a_category_is_one_statement_and_an_empty_code_none(world):
    with count_queries() as found:
        honey = await get_category_names("honey")
    with count_queries() as refused, pytest.raises(NotFound):
        await get_category_names("")

    assert (honey.code, honey.stored, found.count, refused.count) == ("honey", {"es": "Miel de abeja"}, 1, 0)
