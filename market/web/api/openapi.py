"""The OpenAPI 3.1 document of the API, built from the views' own parameter declarations, and its route.

tests/market/web/api/test_openapi.py keeps it true to the routes (same paths, methods and
path parameters) and checks real answers against its schemas.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aiohttp import web

from market.web.api import directory, fairs, organizations, prices, products, stock
from market.web.api.common import PREFIX, answer
from market.web.api.params import Param, openapi_parameters
from market.web.api.schemas import SCHEMAS, ref

routes = web.RouteTableDef()

DESCRIPTION = """\
Feria's catalog for integrators: products of cooperatives and producer associations, their
offers and fair prices, the participatory (PGS) seals that cover them, and who makes them where.

- Reading needs no authentication. JSON in UTF-8. The one write, an organization's stock, needs a
  bearer token of that organization (`Authorization: Bearer feria_…`), made by one of its admins with
  `python -m market.cli tokens create`; a missing, unknown or revoked token gets 401.
- Money is `{"amount": "95.00", "currency": "BOB"}`: a decimal string, never a float. Quantities
  and rates are decimal strings too. Dates and moments are ISO 8601.
- Category names, problem titles and reasons come in the language asked by `?lang=` (es, pt_BR, en),
  else by `Accept-Language`, else Spanish.
- Lists of products and organizations come a page at a time: follow `next` and `previous`.
  A cursor is a product id (or an organization slug) and stays valid while the catalog changes.
- Errors are `application/problem+json` (RFC 9457). A bad query parameter gets 400 with
  `invalid_params` naming it; a parameter given twice is bad; parameters the API does not know
  are ignored. Something that does not exist gets 404.
- Each client address may make a number of requests a minute (120 unless the server says otherwise);
  past it the answer is 429 with `Retry-After`, the seconds to wait.
"""

LANG = {
    "name": "lang", "in": "query", "required": False,
    "description": "The answer's language: es, pt_BR or en (others fall back to Accept-Language, then Spanish).",
    "schema": {"type": "string"},
}
ACCEPT_LANGUAGE = {
    "name": "Accept-Language", "in": "header", "required": False,
    "description": "The languages the client reads, best first; `lang` wins over it.",
    "schema": {"type": "string"},
}


def _path(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": ref("Problem")}}}


# Any operation: the middleware's answer while the database is out of reach (market.web.middlewares).
UNAVAILABLE = "The database is out of reach for a moment; nothing was changed. `Retry-After` says when to try again."
# Any operation: the rate limit of a client address (market.web.rate_limits).
TOO_MANY = "Too many requests from this client address; `Retry-After` says how many seconds to wait."


def _operation(
    operation_id: str, summary: str, schema: str, *, query: tuple[Param, ...] = (),
    path: tuple[dict[str, Any], ...] = (), not_found: str | None = None,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": summary, "content": {"application/json": {"schema": ref(schema)}}},
    }
    if query:
        responses["400"] = _problem("A query parameter is bad; `invalid_params` names it and says why.")
    if not_found:
        responses["404"] = _problem(not_found)
    responses["429"] = _problem(TOO_MANY)
    responses["503"] = _problem(UNAVAILABLE)
    return {"get": {
        "operationId": operation_id, "summary": summary,
        "parameters": [*path, *openapi_parameters(query), LANG, ACCEPT_LANGUAGE], "responses": responses,
    }}


def _stock_operation() -> dict[str, Any]:
    """POST /organizations/{slug}/stock: the one write, behind an organization's bearer token."""
    unauthorized = _problem("No token, or one malformed, unknown, revoked, or whose maker is no longer an admin.")
    unauthorized["headers"] = {"WWW-Authenticate": {
        "description": "Bearer, as RFC 6750 says.", "schema": {"type": "string", "pattern": "^Bearer"}}}
    return {"post": {
        "operationId": "postOrganizationStock",
        "summary": "Publish an organization's stock from plain lines, all of them or none, as the token's maker.",
        "parameters": [_path("slug", organizations.SLUG.description, organizations.SLUG.schema()),
                       LANG, ACCEPT_LANGUAGE],
        "security": [{"bearer": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("StockMessage")}}},
        "responses": {
            "200": {"description": "Every line published; the catalog shows it at once.",
                    "content": {"application/json": {"schema": ref("PublishedStock")}}},
            "400": _problem("The body is not a JSON object, or has no `message` with words in it."),
            "401": unauthorized,
            "403": _problem("The token is of another organization."),
            "404": _problem("No organization has this slug."),
            "413": _problem(f"The body is over {stock.MAX_BODY // 1024} KB."),
            "422": {"description": "Nothing published: `lines` names each line unreadable, naming no product "
                                   "exactly (with the closest names), or refused.",
                    "content": {"application/problem+json": {"schema": ref("StockProblem")}}},
            "429": _problem(TOO_MANY),
            "503": _problem(UNAVAILABLE),
        },
    }}


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    """The whole OpenAPI document; paths are relative to the server /api/v1."""
    paths = {
        "/territories": _operation(
            "listTerritories", "Every territory, each right after its parent.", "TerritoryList",
            query=directory.TERRITORIES,
        ),
        "/categories": _operation(
            "listCategories", "The categories that hold products, with translated names and counts.",
            "CategoryList", query=directory.CATEGORIES,
        ),
        "/organizations": _operation(
            "listOrganizations", "Organizations in slug order, a page at a time.", "OrganizationPage",
            query=organizations.LISTING,
        ),
        "/organizations/{slug}": _operation(
            "getOrganization", "An organization's public profile, first products and seals.", "OrganizationProfile",
            path=(_path("slug", organizations.SLUG.description, organizations.SLUG.schema()),),
            not_found="No organization has this slug.",
        ),
        "/organizations/{slug}/stock": _stock_operation(),
        "/products": _operation(
            "searchProducts", "A page of products matching every filter given, in name order (nearest first with "
            "`near`); a typo put right, or names to try when nothing matched.", "ProductSearch",
            query=products.SEARCH,
        ),
        "/products/{id}": _operation(
            "getProduct", "A product card: offer, seals valid today, fair price.", "ProductCard",
            path=(_path("id", products.PRODUCT_ID.description, products.PRODUCT_ID.schema()),),
            not_found="No product on offer has this id.",
        ),
        "/seals/{code}": _operation(
            "verifySeal", "What a seal says today, found by its public code, and its history: the visits that granted "
            "or renewed it, who signed them (names only of reviewers who agreed to be named), their conditions, "
            "and its suspensions and revocations with their reasons.", "SealVerification",
            path=(_path("code", "The seal's code as printed; case, spaces and dashes do not matter.",
                        {"type": "string", "minLength": 1, "maxLength": 64}),),
            not_found="No seal has this code.",
        ),
        "/prices/{search_key}": _operation(
            "getPrices", "A product's market prices, fair price and offers around a territory, and 90 days of "
            "daily medians.", "PriceSeries", query=prices.QUERY,
            path=(_path("search_key", "The product's name; accents, case and plurals do not matter.",
                        {"type": "string", "minLength": 1, "maxLength": prices.MAX_KEY}),),
            not_found="No market price, fair price or offer names this product there, or no territory has this code.",
        ),
        "/networks": _operation(
            "listNetworks", "The PGS networks, with their reviewers and seals valid today.", "NetworkList"
        ),
        "/fairs": _operation(
            "listFairs", "The ferias not over yet that start within 60 days, by territory.", "FairList",
            query=fairs.QUERY, not_found="No territory has this code.",
        ),
        "/openapi.json": {"get": {
            "operationId": "getOpenApi", "summary": "This document.", "parameters": [],
            "responses": {"200": {"description": "This document.",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          "429": _problem(TOO_MANY)},
        }},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Feria API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": PREFIX}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS | stock.SCHEMAS | fairs.SCHEMAS,
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "An organization's API token (feria_ and 43 characters), made and revoked by its "
                               "admins.",
            }},
        },
    }


@routes.get(PREFIX + "/openapi.json", name="api-openapi")
async def openapi(request: web.Request) -> web.Response:
    """This API's OpenAPI 3.1 document."""
    return answer(document())
