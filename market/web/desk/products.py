"""/escritorio/org/{slug}/productos: an organization's products and offers, and editing one, for its admins only.

Stock, price and until when an offer stands are saved through the bot's own service (update_offer); name, unit,
category, order unit and pack size through the desk's (market.services.stock.products). A bad value re-renders
the form with what was written and the error next to its field (400); nothing is saved until every field is good.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from aiohttp import web

from market import clock
from market.enums import SUPPORTED_LOCALES
from market.errors import FeriaError, Forbidden
from market.presentation.labels import N_, UNITS, category_name
from market.services.catalog.categories import all_categories
from market.services.stock.offers import local_today
from market.services.stock.product_fields import FIELDS, FieldError, read_fields
from market.services.stock.products import (
    DeskOrganization,
    ProductNotSaved,
    ProductRow,
    desk_organization,
    get_product,
    list_products,
    save_product,
)
from market.text import search_key
from market.web.api.problems import DETAILS, _Blanks
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, forbidden_unless, render, see_other
from market.web.pages.common import translator
from market.web.pages.photos import PHOTOS, photo_path

routes = web.RouteTableDef()

PRODUCTS = r"/escritorio/org/{slug:[a-z0-9-]{1,64}}/productos"
# Why a field was not taken, where the refusals' own words (DETAILS) do not say it for a form.
FIELD_REASONS = {
    "field_missing": N_("Write it: a new product needs it."),
    "bad_name": N_("A name has at most 160 characters and cannot start with =, +, - or @."),
    "product_name_taken": N_("Another product is already called {product}."),
    "unit_change_with_stock": N_("Producers' lots of {product} hold stock in the old unit: empty them first."),
    "duplicate_row": N_("This product is already on row {first}."),
}


def field_reason(error: FieldError, gettext: Any) -> str:
    """A field's refusal in the reader's words, its parameters filled in."""
    words = FIELD_REASONS.get(error.code) or DETAILS.get(error.code) or N_("This value is not valid here.")
    return str(gettext(words)).format_map(_Blanks(error.params))


async def organization_of(request: web.Request) -> DeskOrganization:
    """The organization of the address, for one of its admins; anyone else gets a 403."""
    try:
        return await desk_organization(request.match_info["slug"], viewer_person_id=request[PERSON].person_id)
    except Forbidden:
        forbidden_unless(False)
        raise


async def category_choices(locale: str) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The categories as the reader names them (by code), and every category's id by its code and its names."""
    categories = await all_categories()
    named: dict[str, int] = {}
    for category in categories:
        named.setdefault(search_key(category.code.replace("_", " ")), category.id)
        named.setdefault(search_key(category.code), category.id)
        for language in SUPPORTED_LOCALES:
            named.setdefault(search_key(category_name(category.code, category.stored, language,
                                                     translator(language).gettext)), category.id)
    words = translator(locale)
    options = sorted(((c.code, category_name(c.code, c.stored, locale, words.gettext)) for c in categories),
                     key=lambda option: option[1].casefold())
    return options, named


@routes.get(PRODUCTS)
@desk_view
async def product_list(request: web.Request) -> web.StreamResponse:
    organization = await organization_of(request)
    saved = request.query.get("guardado", "")
    return await render("desk/products/list.html", request, {
        "organization": organization, "products": await list_products(organization),
        "saved": int(saved) if saved.isdigit() else None,
    })


@routes.get(PRODUCTS + r"/{id:\d{1,9}}")
@desk_view
async def product_form(request: web.Request) -> web.StreamResponse:
    organization = await organization_of(request)
    product = await get_product(organization, int(request.match_info["id"]))
    return await render_form(request, organization, product)


@routes.post(PRODUCTS + r"/{id:\d{1,9}}")
@desk_view
async def product_saved(request: web.Request) -> web.StreamResponse:
    """Save every field, or none: each bad one named next to itself (400)."""
    organization = await organization_of(request)
    product = await get_product(organization, int(request.match_info["id"]))
    form = {name: str(request[FORM].get(name, ""))[:200] for name in FIELDS}
    _, named = await category_choices(desk_locale(request))
    today = local_today(organization.time_zone, clock.now())
    values, errors = read_fields(form, currency=organization.currency, today=today, categories=named,
                                 unit_if_blank=product.unit)
    if values is not None:
        try:
            await save_product(organization, product.id, values, by_person_id=request[PERSON].person_id)
        except ProductNotSaved as refusal:
            errors = (refusal.error,)
        except FeriaError as error:
            if error.code not in FIELD_OF:
                raise
            errors = (FieldError(FIELD_OF[error.code], error.code, dict(error.params)),)
    if errors:
        return await render_form(request, organization, product, form=form, errors=errors, status=400)
    raise see_other(request, f"/escritorio/org/{organization.slug}/productos?guardado={product.id}")


# Where a refusal met while saving is shown, when it comes from the offer's or the lots' service.
FIELD_OF = {"stock_below_lots": "stock", "valid_until_past": "valid_until", "stock_negative": "stock",
            "quantity_not_whole": "stock", "quantity_too_precise": "stock", "amount_below_minor_unit": "price"}


async def render_form(request: web.Request, organization: DeskOrganization, product: ProductRow, *,
                      form: Mapping[str, str] | None = None, errors: Any = (), photo_error: str = "",
                      status: int = 200) -> web.Response:
    """The product's page: its fields (as written, else as saved) with their errors, and its photo's form."""
    locale = desk_locale(request)
    options, _ = await category_choices(locale)
    words = translator(locale)
    messages = {e.field: field_reason(e, words.gettext) for e in errors}
    units = [(code, words.ngettext(*UNITS[code], 1)) for code in UNITS]
    return await render("desk/products/edit.html", request, {
        "organization": organization, "product": product, "form": form or written(product, locale),
        "errors": messages, "categories": options, "units": units, "photo_error": photo_error,
        "photo": await request.app[PHOTOS].photo(product.id, product.photo_file_id),
        "photo_saved": request.query.get("foto") == "1" and not photo_error, "photo_path": photo_path,
    }, status=status)


def written(product: ProductRow, locale: str) -> dict[str, str]:
    """The product's values as the form shows them, numbers with the reader's decimal mark."""
    mark = "," if translator(locale).number(Decimal("1.5")).startswith("1,") else "."

    def number(value: Decimal) -> str:
        text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
        return text.rstrip("0").rstrip(".").replace(".", mark) if "." in text else text

    return {
        "name": product.name, "category": product.category_code, "unit": product.unit,
        "price": format(product.price, "f").replace(".", mark), "stock": number(product.stock),
        "order_unit": number(product.order_unit), "pack_size": str(product.pack_size),
        "valid_until": product.last_day.isoformat() if product.last_day else "",
    }

