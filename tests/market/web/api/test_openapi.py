"""The OpenAPI document is true to the routes, and real answers validate against its schemas."""

import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from market.models import Product
from market.web.api.openapi import document
from tests.market.web.api.conftest import demo_app, seal_code

PREFIX = "/api/v1"


def routed_operations(app) -> dict[tuple[str, str], set[str]]:
    """(path under /api/v1, method) -> path parameter names, for every API route of the app (HEAD goes with GET)."""
    found = {}
    for resource in app.router.resources():
        path = resource.canonical
        if not path.startswith(PREFIX + "/"):
            continue
        for route in resource:
            if route.method != "HEAD":
                found[path.removeprefix(PREFIX), route.method.lower()] = set(re.findall(r"{(\w+)}", path))
    return found


def documented_operations() -> dict[tuple[str, str], set[str]]:
    return {
        (path, method): {p["name"] for p in operation["parameters"] if p["in"] == "path"}
        for path, item in document()["paths"].items()
        for method, operation in item.items()
    }


def test_every_api_route_is_documented_and_every_documented_operation_is_routed(demo_database_url):
    assert routed_operations(demo_app(demo_database_url)) == documented_operations()


def test_the_document_is_openapi_3_1_served_under_the_api_prefix():
    doc = document()

    assert doc["openapi"] == "3.1.0" and doc["servers"] == [{"url": PREFIX}]


def test_every_schema_is_valid_json_schema_and_every_reference_resolves():
    doc = document()
    text = repr(doc)

    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert set(re.findall(r"#/components/schemas/(\w+)", text)) <= set(doc["components"]["schemas"])


def test_every_answer_with_words_in_it_takes_a_language_and_every_query_parameter_may_get_a_400():
    for path, method in documented_operations():
        operation = document()["paths"][path][method]
        names = [p["name"] for p in operation["parameters"] if p["in"] == "query"]
        headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        if path != "/openapi.json":
            assert "lang" in names and headers == ["Accept-Language"], path
        # A body may be bad too (POST /organizations/{slug}/stock): then a 400 is documented without a query parameter.
        may_be_bad = bool(set(names) - {"lang"}) or "requestBody" in operation
        assert ("400" in operation["responses"]) == may_be_bad, path


def validate(path_template: str, status: int, content_type: str, body) -> None:
    """Check an answer against what the document declares for its operation and status."""
    doc = document()
    response = doc["paths"][path_template]["get"]["responses"][str(status)]
    (declared_type, media), = response["content"].items()
    assert content_type == declared_type
    schema = {**media["schema"], "components": doc["components"]}
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(body)


async def sample_requests() -> list[tuple[str, str, int]]:
    """(documented path, request, expected status) over every operation, its errors, and the demo's corners."""
    sealed = await Product.get(name="Café orgánico de Yungas").values_list("id", flat=True)
    withdrawn_offer = await Product.filter(offer__stock=0).first().values_list("id", flat=True)
    samples = [
        ("/territories", "/territories", 200),
        ("/territories", "/territories?level=region&country=MX", 200),
        ("/territories", "/territories?level=x", 400),
        ("/categories", "/categories?lang=pt_BR&in_stock=true", 200),
        ("/categories", "/categories?territory=nowhere", 200),
        ("/categories", "/categories?in_stock=yes", 400),
        ("/organizations", "/organizations?limit=3", 200),
        ("/organizations", "/organizations?after=zzz", 200),
        ("/organizations", "/organizations?limit=1000", 400),
        ("/organizations/{slug}", "/organizations/coraca-irupana", 200),
        ("/organizations/{slug}", "/organizations/cafe-amboro", 200),
        ("/organizations/{slug}", "/organizations/oeca-valles-comarapa", 200),
        ("/organizations/{slug}", "/organizations/nobody", 404),
        ("/products", "/products", 200),
        ("/products", "/products?q=zzz", 200),
        ("/products", f"/products?before={sealed}&limit=3", 200),
        ("/products", "/products?sealed=true&in_stock=true&territory=bo", 200),
        ("/products", "/products?limit=-1", 400),
        ("/products/{id}", f"/products/{sealed}", 200),
        ("/products/{id}", "/products/1", 200),
        ("/products/{id}", "/products/2147483648", 404),
        ("/seals/{code}", f"/seals/{await seal_code('coraca-irupana')}", 200),
        ("/seals/{code}", f"/seals/{await seal_code('oeca-valles-comarapa')}", 200),
        ("/seals/{code}", f"/seals/{await seal_code('agroecologistas-ipe')}", 200),
        ("/seals/{code}", "/seals/0000", 404),
        ("/networks", "/networks", 200),
        ("/fairs", "/fairs", 200),
        ("/fairs", "/fairs?territory=bo", 200),
        ("/fairs", "/fairs?territory=atlantis", 404),
        ("/fairs", "/fairs?territory=A", 400),
        ("/prices/{search_key}", "/prices/tomate?territory=bo-scz-comarapa", 200),
        ("/prices/{search_key}", "/prices/caf%C3%A9?territory=mx", 200),
        ("/prices/{search_key}", "/prices/tomate", 400),
        ("/prices/{search_key}", "/prices/tomate?territory=atlantis", 404),
        ("/prices/{search_key}", "/prices/unobtainium?territory=bo", 404),
        ("/openapi.json", "/openapi.json", 200),
    ]
    if withdrawn_offer is not None:
        samples.append(("/products/{id}", f"/products/{withdrawn_offer}", 200))
    return samples


async def test_answers_to_sample_requests_validate_against_the_documented_schemas(api):
    checked = set()
    for template, path, status in await sample_requests():
        response = await api.get(PREFIX + path)

        assert response.status == status, path
        validate(template, status, response.content_type, await response.json())
        checked.add(template)

    # The write (POST .../stock) needs a token and its own database: tests/market/web/api/test_stock_write.py.
    assert checked == {path for path, item in document()["paths"].items() if "get" in item}


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/products/1/reviews"])
async def test_an_unrouted_api_address_is_a_problem_that_fits_the_problem_schema(api, path):
    response = await api.get(path)

    body = await response.json()
    assert response.status == 404 and body["type"] == "about:blank" and body["code"] == "not_found"
    Draft202012Validator(document()["components"]["schemas"]["Problem"]).validate(body)


async def test_a_method_the_api_does_not_take_is_a_405_problem_that_says_what_is_allowed(api):
    response = await api.post("/api/v1/products", json={})

    assert response.status == 405 and response.content_type == "application/problem+json"
    assert "GET" in response.headers["Allow"]
    assert (await response.json())["code"] == "method_not_allowed"
