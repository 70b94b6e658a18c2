"""The catalog's categories at the operator's desk: each with its name in every language, a new one, renaming.

    /escritorio/operador/categorias              the list, and the form adding one (a code, a name a language)
    /escritorio/operador/categorias/<code>       one category's names, renamed in one form

The bot's services and rules (market.services.operators.categories, market.rules.categories): a field the rule
refuses is named next to the field, with every value kept, and nothing is stored until every field is right.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import SUPPORTED_LOCALES
from market.errors import Conflict, FeriaError, Invalid
from market.presentation.labels import category_name
from market.rules.categories import NAME_LIMIT, category_code, category_display_name
from market.services.catalog.categories import CategoryNames, all_categories, get_category_names
from market.services.operators.categories import add_category, rename_category
from market.web.desk.common import FORM, desk_view, refusal_words, render, see_other
from market.web.desk.operator import operator_only
from market.web.pages.common import translator

routes = web.RouteTableDef()

CATEGORIES = "/escritorio/operador/categorias"
_CODE = "{code:[a-z][a-z0-9_]{1,31}}"
# Each language by its own name, as the bot's language menu writes it.
LANGUAGES = {"es": "Español", "pt_BR": "Português", "en": "English"}


def _names(category: CategoryNames) -> dict[str, tuple[str, bool]]:
    """A category's name in each language, and whether an operator stored it (else the translations' name)."""
    return {locale: (category_name(category.code, {locale: category.stored[locale]} if locale in category.stored
                                   else {}, locale, translator(locale).gettext), locale in category.stored)
            for locale in SUPPORTED_LOCALES}


def _typed(request: web.Request, *names: str) -> dict[str, str]:
    form = request[FORM]
    return {name: value.strip() if isinstance(value := form.get(name, ""), str) else "" for name in names}


def _name_errors(request: web.Request, typed: dict[str, str], locales: tuple[str, ...]) -> dict[str, str]:
    """The bot's rule for a category's name, field by field (the service names no field)."""
    refusal = Invalid("category_name_invalid", max=NAME_LIMIT)
    return {f"name_{locale}": refusal_words(request, refusal) for locale in locales
            if category_display_name(typed[f"name_{locale}"]) is None}


@routes.get(CATEGORIES)
@desk_view
async def categories(request: web.Request) -> web.StreamResponse:
    await operator_only(request)
    return await _list_page(request, {"done": request.query.get("hecho", "")})


@routes.post(CATEGORIES)
@desk_view
async def add(request: web.Request) -> web.StreamResponse:
    """A new category: its code, then its name in every language we serve (the bot's questions, in one form)."""
    person_id = await operator_only(request)
    typed = _typed(request, "code", *(f"name_{locale}" for locale in SUPPORTED_LOCALES))
    errors = _name_errors(request, typed, SUPPORTED_LOCALES)
    if category_code(typed["code"]) is None:
        errors["code"] = refusal_words(request, Invalid("category_code_invalid"))
    status = 400
    if not errors:
        try:
            names = {locale: typed[f"name_{locale}"] for locale in SUPPORTED_LOCALES}
            added = await add_category(typed["code"], names, by_person_id=person_id)
        except (Conflict, Invalid) as error:  # the code taken (by another operator a moment ago, say)
            errors["code"], status = refusal_words(request, error), 409 if isinstance(error, Conflict) else 400
        else:
            raise see_other(request, f"{CATEGORIES}?hecho={added.code}")
    return await _list_page(request, {"typed": typed, "errors": errors}, status=status)


async def _list_page(request: web.Request, extra: dict[str, Any], *, status: int = 200) -> web.Response:
    listed = [(category, _names(category)) for category in await all_categories()]
    context = {"categories": listed, "languages": LANGUAGES, "locales": SUPPORTED_LOCALES, "typed": {},
               "errors": {}, "limit": NAME_LIMIT, **extra}
    return await render("desk/operator/categories.html", request, context, status=status)


@routes.get(f"{CATEGORIES}/{_CODE}")
@desk_view
async def category(request: web.Request) -> web.StreamResponse:
    await operator_only(request)
    found = await get_category_names(request.match_info["code"])
    return await _category_page(request, found, {locale: found.stored.get(locale, "") for locale in SUPPORTED_LOCALES})


@routes.post(f"{CATEGORIES}/{_CODE}")
@desk_view
async def rename(request: web.Request) -> web.StreamResponse:
    """Store the names written; a field left empty keeps the name it had."""
    person_id = await operator_only(request)
    found = await get_category_names(request.match_info["code"])
    typed = _typed(request, *(f"name_{locale}" for locale in SUPPORTED_LOCALES))
    changed = tuple(locale for locale in SUPPORTED_LOCALES
                    if typed[f"name_{locale}"] and typed[f"name_{locale}"] != found.stored.get(locale))
    errors = _name_errors(request, typed, changed)
    if not errors:
        try:
            for locale in changed:
                await rename_category(found.code, locale, typed[f"name_{locale}"], by_person_id=person_id)
        except FeriaError as error:  # gone meanwhile: said at the top of the form
            errors["form"] = refusal_words(request, error)
        else:
            raise see_other(request, f"{CATEGORIES}?hecho={found.code}")
    kept = {locale: typed[f"name_{locale}"] for locale in SUPPORTED_LOCALES}
    return await _category_page(request, found, kept, errors, status=400)


async def _category_page(request: web.Request, found: CategoryNames, typed: dict[str, str],
                         errors: dict[str, str] | None = None, *, status: int = 200) -> web.Response:
    context = {"category": found, "names": _names(found), "typed": typed, "errors": errors or {},
               "languages": LANGUAGES, "locales": SUPPORTED_LOCALES, "limit": NAME_LIMIT}
    return await render("desk/operator/category.html", request, context, status=status)
