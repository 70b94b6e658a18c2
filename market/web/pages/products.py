"""Search results and the product page."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.errors import Invalid, NotFound
from market.presentation.labels import LEGAL_FORMS, N_
from market.services.catalog.browse import list_categories, list_regions
from market.services.catalog.demand import record_search_miss
from market.services.catalog.products import MAX_TEXT, ProductPage, get_product_card, search_products
from market.text import search_key
from market.web.pages.common import not_found, path_segment, render, telegram_link
from market.web.pages.search_form import SearchForm, parse_search

routes = web.RouteTableDef()


@routes.get("/buscar", name="search")
async def search(request: web.Request) -> web.Response:
    """A page of products matching the search, with its filters as a small form."""
    form = parse_search(request.query)
    page = None if form.problems else await _page(form)
    if page is not None and not page.items and form.text:  # found nothing: producers nearby may grow it
        await record_search_miss(
            form.text, channel="web", territory_code=form.territory or None, client=request.remote
        )
    context = {
        "form": form, "page": page, "max_text": MAX_TEXT, "legal_forms": LEGAL_FORMS,
        # The filters' choices: every category and region that holds an active product.
        "categories": await list_categories(in_stock_only=False),
        "regions": await list_regions(in_stock_only=False),
    }
    return render("search.html", request, context, status=400 if form.problems else 200)


async def _page(form: SearchForm) -> ProductPage:
    """The asked page; a cursor whose product is gone starts again at the first page."""
    try:
        return await search_products(form.product_query(), today=clock.today())
    except Invalid as error:
        if error.params.get("parameter") not in ("after", "before"):
            raise
        return await search_products(form.product_query(first_page=True), today=clock.today())


@routes.get(r"/productos/{id:\d{1,9}}", name="product")
async def product(request: web.Request) -> web.Response:
    """A product: who makes it and where, its price and stock, its seals, and a link to order it."""
    product_id = int(request.match_info["id"])
    try:
        card = await get_product_card(product_id, today=clock.today())
    except NotFound:
        return not_found(request, N_("That product is no longer on offer."))
    return render("product.html", request, {
        "card": card, "country": card.organization.country_code,
        "order_link": telegram_link(request, f"p_{card.id}"),
        "prices_path": f"/precios/{path_segment(search_key(card.name))}",
    })
