"""Product search with keyset pages, and the product card."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market import clock
from market.enums import LegalForm
from market.errors import NotFound
from market.presentation.i18n import Translator
from market.services.catalog.card import get_product_card
from market.services.catalog.products import MAX_LIMIT, MAX_TEXT, ProductPage, ProductQuery
from market.services.catalog.search import search_catalog
from market.web.api import shapes
from market.web.api.cache import Shown, cached
from market.web.api.common import PREFIX, answer, link, request_translator
from market.web.api.params import Boolean, Choice, Code, Integer, Text, parse_query, refuse

routes = web.RouteTableDef()

# The filters a page of products is found by; `next` and `previous` links repeat them.
FILTERS = (
    Text("q", "Words of the product's name, in any order: accents, case, plurals and synonyms do not matter "
              "(`tomates`, `quinoa`), nor the words around a name (`quiero 2 kg de quinua`).", max_length=MAX_TEXT),
    Code("category", "A category code (see /categories)."),
    Code("territory", "A territory code (see /territories); takes in every place below it."),
    Code("organization", "An organization's slug (see /organizations)."),
    Choice("legal_form", "The legal form of the organization that makes it.",
           choices=tuple(f.value for f in LegalForm)),
    Boolean("sealed", "Only products that a seal valid today covers."),
    Boolean("in_stock", "Only products with stock on offer."),
    Code("near", "Where the searcher is, a territory code: products made nearest come first (their community, "
                 "municipality, region, country, then elsewhere)."),
)
SEARCH = (
    *FILTERS,
    Integer("after", "Cursor: the page starts after this product (taken from a `next` link)."),
    Integer("before", "Cursor: the page ends before this product (taken from a `previous` link)."),
    Integer("limit", "How many products a page holds.", maximum=MAX_LIMIT, default=20),
)
PRODUCT_ID = Integer("id", "The product's id.")


@routes.get(PREFIX + "/products", name="api-products")
async def products(request: web.Request) -> web.Response:
    """Search the catalog: one page of products in name order, with links to the pages around it."""

    async def build() -> tuple[web.Response, Shown]:
        params = parse_query(request.query, SEARCH)
        if params["after"] is not None and params["before"] is not None:
            raise refuse("before", "after_and_before")
        query = ProductQuery(
            text=params["q"] or None, category=params["category"], territory=params["territory"],
            organization=params["organization"], legal_form=params["legal_form"], sealed_only=params["sealed"],
            in_stock_only=params["in_stock"], after=params["after"], before=params["before"],
            limit=params["limit"], near=params["near"],
        )
        translated = request_translator(request)
        # A stale cursor is refused (400 unknown_cursor): a client following links is told, not moved.
        found = await search_catalog(query, "api", client=request.remote, restart_stale_cursor=False)
        page = product_page(request, found.page, params, translated)
        body = {**page, "corrected": found.corrected, "suggestions": list(found.suggestions)}
        items = found.page.items
        ends = [item.valid_until for item in items if item.valid_until is not None]
        return answer(body, translated=translated), Shown(tuple(item.id for item in items), min(ends, default=None))

    # The answer is a function of the query string and the language asked for (and of the catalog
    # version, the day and its products' stock, which `cached` adds): a hit parses nothing. Refusals are never cached.
    return await cached(request, ("products", request.query_string, _languages(request)), build)


@routes.get(PREFIX + "/products/{id}", name="api-product")
async def product(request: web.Request) -> web.Response:
    """The product card: its organization, current offer, seals valid today and fair price."""
    raw = request.match_info["id"]

    async def build() -> tuple[web.Response, Shown]:
        try:
            product_id = PRODUCT_ID.parse(raw)
        except ValueError:
            raise NotFound("product_not_found", product_id=raw) from None
        translated = request_translator(request)
        card = await get_product_card(product_id, today=clock.today())
        shown = Shown((card.id,), card.offer.valid_until if card.offer else None)
        return answer(shapes.product_card(card, translated), translated=translated), shown

    return await cached(request, ("product", raw, request.query_string, _languages(request)), build)


def _languages(request: web.Request) -> str:
    return request.headers.get("Accept-Language", "")


def product_page(request: web.Request, page: ProductPage, params: dict[str, Any], t: Translator) -> dict[str, Any]:
    """A page of products with `next` and `previous` links that keep its filters and size (None at the ends)."""
    kept = {param.name: params.get(param.name) for param in FILTERS} | {"limit": params["limit"]}
    return {
        "items": [shapes.product_summary(item, t) for item in page.items],
        "next": link(request, "api-products", kept | {"after": page.next_after}) if page.next_after else None,
        "previous": (
            link(request, "api-products", kept | {"before": page.previous_before}) if page.previous_before else None
        ),
    }
