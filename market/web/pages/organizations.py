"""The organization page: who they are, what they sell, their seals."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.errors import NotFound
from market.presentation.labels import N_
from market.services.catalog.organization_page import get_organization_profile
from market.web.pages.common import not_found, render, telegram_link

routes = web.RouteTableDef()

PRODUCTS_SHOWN = 10


@routes.get("/organizaciones/{slug}", name="organization")
async def organization(request: web.Request) -> web.Response:
    """An organization's profile, its first products, its seals, and a link to order from it."""
    slug = request.match_info["slug"]
    try:
        # No slug holds a control character, and PostgreSQL refuses a NUL in a query.
        if not slug.isprintable():
            raise NotFound("organization_not_found", slug=slug)
        profile = await get_organization_profile(slug, today=clock.today(), products_limit=PRODUCTS_SHOWN)
    except NotFound:
        return not_found(request, N_("We don't know that organization."))
    return render("organization.html", request, {
        "org": profile, "country": profile.country_code,
        "order_link": telegram_link(request, f"o_{profile.slug}"),
    })
