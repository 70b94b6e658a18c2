"""The REST API under /api/v1: JSON for integrators, described by an OpenAPI document.

    directory      /territories, /categories, /networks
    organizations  /organizations, /organizations/{slug}
    stock          POST /organizations/{slug}/stock (an organization's bearer token; see services.api_tokens)
    products       /products (search), /products/{id}
    seals          /seals/{code}
    prices         /prices/{search_key}?territory= (market medians, fair price, offers, 90 days)
    fairs          /fairs?territory= (the ferias of the coming 60 days, by territory)
    openapi        /openapi.json, built from the views' parameter declarations

Shared pieces: params (query parsing), shapes (JSON of the services' values), schemas (their
JSON Schemas), problems (errors as problem+json, used by market.web.middlewares), common.
"""

from market.web.api import directory, fairs, openapi, organizations, prices, products, seals, stock

routes = [
    *directory.routes, *organizations.routes, *products.routes, *seals.routes, *prices.routes, *stock.routes,
    *fairs.routes, *openapi.routes,
]
