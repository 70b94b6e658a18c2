"""Search results and the product page."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.errors import NotFound
from market.presentation.labels import LEGAL_FORMS, N_
from market.services.catalog.browse import list_categories, list_regions
from market.services.catalog.card import get_product_card
from market.services.catalog.directory import territory_id
from market.services.catalog.products import MAX_TEXT
from market.services.catalog.search import search_catalog
from market.services.prices.summaries import has_market_prices
from market.text import search_key
from market.web.pages.common import not_found, path_segment, render, telegram_link
from market.web.pages.photos import PHOTOS, photo_path
from market.web.pages.search_form import parse_search

routes = web.RouteTableDef()


@routes.get("/buscar", name="search")
async def search(request: web.Request) -> web.Response:
    """A page of products matching the search, with its filters as a small form."""
    form = parse_search(request.query)
    found = None if form.problems else await search_catalog(form.product_query(), "web", client=request.remote)
    context = {
        "form": form, "found": found, "page": found.page if found else None, "max_text": MAX_TEXT,
        "legal_forms": LEGAL_FORMS,
        "searched": form.text,  # the header's search box keeps what was typed
        # The filters' choices: every category and region that holds an active product.
        "categories": await list_categories(in_stock_only=False),
        "regions": await list_regions(in_stock_only=False),
    }
    return render("search.html", request, context, status=400 if form.problems else 200)


@routes.get(r"/productos/{id:\d{1,9}}", name="product")
async def product(request: web.Request) -> web.Response:
    """A product: who makes it and where, its price and stock, its seals, and a link to order it."""
    product_id = int(request.match_info["id"])
    try:
        card = await get_product_card(product_id, today=clock.today())
    except NotFound:
        return not_found(request, N_("That product is no longer on offer."))
    place = await territory_id(card.organization.territory_code)
    # A link to the prices only where there are some: not to a page of "no prices", nor to a 404.
    priced = await has_market_prices(card.name, territory_id=place)
    photo = await request.app[PHOTOS].photo(card.id, card.photo_file_id)
    return render("product.html", request, {
        "card": card, "country": card.organization.country_code,
        "photo": photo, "photo_path": photo_path(photo) if photo else None,
        "order_link": telegram_link(request, f"p_{card.id}"),
        "prices_path": f"/precios/{path_segment(search_key(card.name))}" if priced else None,
    })
