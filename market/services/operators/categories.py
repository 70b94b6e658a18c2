"""The catalog's categories, as operators make and rename them (names in es, pt_BR and en, stored).

| call                                                | result                                        |
|-----------------------------------------------------|-----------------------------------------------|
| add_category(code, names) by an operator            | a new category, last in the catalog's order   |
| the code is not 2-32 of a-z 0-9 _ (a letter first)  | Invalid("category_code_invalid")              |
| a category has that code already                    | Conflict("category_exists")                   |
| a name missing, too long or formula-like            | Invalid("category_name_invalid")              |
| rename_category(code, locale, name) by an operator  | that language's stored name replaced          |
| a language we do not serve                          | Invalid("unsupported_locale")                 |
| no such category                                    | NotFound("category_not_found")                |
| by a person who is not an operator                  | Forbidden("not_an_operator")                  |

Every change raises the catalog's version: cached answers naming categories are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.enums import SUPPORTED_LOCALES
from market.errors import Conflict, Invalid, NotFound
from market.models import Category
from market.rules.categories import NAME_LIMIT, category_code, category_display_name
from market.services.catalog.categories import NAME_COLUMNS, CategoryNames, get_category_names
from market.services.catalog.version import bump_catalog_version
from market.services.operators.roles import check_operator


def _checked_name(locale: str, text: str) -> str:
    if locale not in SUPPORTED_LOCALES:
        raise Invalid("unsupported_locale", locale=locale)
    name = category_display_name(text)
    if name is None:
        raise Invalid("category_name_invalid", max=NAME_LIMIT)
    return name


async def add_category(code: str, names: Mapping[str, str], *, by_person_id: int) -> CategoryNames:
    """A new category with its name in every language we serve, last in the catalog's order (see the table)."""
    await check_operator(by_person_id)
    checked = category_code(code)
    if checked is None:
        raise Invalid("category_code_invalid")
    stored = {locale: _checked_name(locale, names.get(locale, "")) for locale in SUPPORTED_LOCALES}
    async with in_transaction():
        if await Category.exists(code=checked):
            raise Conflict("category_exists", category_code=checked)
        last = await Category.all().order_by("-position").first()
        try:
            async with in_transaction():  # a savepoint: the same code added twice at once is refused, not a 500
                await Category.create(code=checked, position=(last.position if last else 0) + 1,
                                      name_es=stored["es"], name_pt_br=stored["pt_BR"], name_en=stored["en"])
        except IntegrityError:
            raise Conflict("category_exists", category_code=checked) from None
        await bump_catalog_version()
    return await get_category_names(checked)


async def rename_category(code: str, locale: str, name: str, *, by_person_id: int) -> CategoryNames:
    """Store a category's name in one language (a built-in one's too: the stored name is shown before the
    translation catalogs' in that language)."""
    await check_operator(by_person_id)
    checked = _checked_name(locale, name)
    async with in_transaction():
        if not await Category.filter(code=code).update(**{NAME_COLUMNS[locale]: checked}):
            raise NotFound("category_not_found", category_code=code)
        await bump_catalog_version()
    return await get_category_names(code)
