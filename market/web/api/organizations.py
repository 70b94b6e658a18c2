"""Organizations: the list, and one organization's public profile."""

from __future__ import annotations

import re

from aiohttp import web

from market import clock
from market.enums import LegalForm
from market.errors import NotFound
from market.services.catalog.directory import MAX_ORGANIZATIONS, list_organizations
from market.services.catalog.organization_page import get_organization_profile
from market.web.api import shapes
from market.web.api.common import PREFIX, answer, link, request_translator
from market.web.api.params import Choice, Code, Integer, parse_query
from market.web.api.products import product_page

routes = web.RouteTableDef()

LISTING = (
    Code("territory", "A territory code (see /territories); takes in every place below it."),
    Choice("legal_form", "Only organizations of this legal form.", choices=tuple(f.value for f in LegalForm)),
    Code("after", "Cursor: the page starts after this slug (taken from a `next` link)."),
    Integer("limit", "How many organizations a page holds.", maximum=MAX_ORGANIZATIONS, default=50),
)
SLUG = Code("slug", "The organization's slug.")
# The profile's first page of products; the page's `next` link goes on in /products.
PROFILE_PRODUCTS = 20


@routes.get(PREFIX + "/organizations", name="api-organizations")
async def organizations(request: web.Request) -> web.Response:
    """Organizations in slug order, a page at a time."""
    params = parse_query(request.query, LISTING)
    page = await list_organizations(
        territory=params["territory"], legal_form=params["legal_form"], after=params["after"], limit=params["limit"]
    )
    kept = {name: params[name] for name in ("territory", "legal_form", "limit")}
    return answer({
        "items": [shapes.organization_summary(item) for item in page.items],
        "next": link(request, "api-organizations", kept | {"after": page.next_after}) if page.next_after else None,
    })


@routes.get(PREFIX + "/organizations/{slug}", name="api-organization")
async def organization(request: web.Request) -> web.Response:
    """An organization's profile: who they are, their first products, and their seals, current and past."""
    slug = request.match_info["slug"]
    if not re.fullmatch(SLUG.pattern, slug):
        raise NotFound("organization_not_found", slug=slug)
    profile = await get_organization_profile(slug, today=clock.today(), products_limit=PROFILE_PRODUCTS)
    translated = request_translator(request)
    params = {"organization": slug, "limit": PROFILE_PRODUCTS}
    products = product_page(request, profile.products, params, translated)
    return answer(shapes.organization_profile(profile, products), translated=translated)
