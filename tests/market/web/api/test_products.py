"""GET /api/v1/products (search with keyset pages) and /api/v1/products/{id} (the card)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from market.models import Product
from tests.market.web.api.conftest import get_json


async def test_a_search_answers_products_with_money_as_decimal_strings_and_a_link_to_the_next_page(api):
    status, body = await get_json(api, "/api/v1/products", q="cafe tostado", limit="1")

    assert status == 200
    assert body["items"] == [{
        "id": body["items"][0]["id"], "name": "Café de altura tostado", "unit": "kg",
        "category": {"code": "coffee_cocoa", "name": "Café y cacao"},
        "organization": {"slug": "coop-sierra-norte", "name": "Cooperativa Agroecológica Sierra Norte"},
        "territory": {"code": "mx-oax-capulalpam", "name": "Capulálpam de Méndez", "country_code": "MX"},
        "offer": {"id": body["items"][0]["offer"]["id"], "price": {"amount": "320.00", "currency": "MXN"},
                  "stock": "40"},
        "sealed": False,
    }]
    next_query = parse_qs(urlsplit(body["next"]).query)
    assert next_query == {"q": ["cafe tostado"], "limit": ["1"], "after": [str(body["items"][0]["id"])]}
    assert body["previous"] is None


@pytest.mark.parametrize(("filters", "expected"), [
    ({"territory": "bo-pts"}, {
        "Aguayo tejido a telar", "Chalina de alpaca", "Chompa de alpaca", "Gorro de lana de oveja", "Guantes de alpaca",
    }),
    ({"sealed": "true", "organization": "coop-nova-petropolis", "category": "honey_preserves"},
     {"Geleia de uva", "Mel"}),
    ({"legal_form": "coraca", "q": "MIEL"}, {"Miel de abeja de Yungas"}),
])
async def test_filters_combine(api, filters, expected):
    _, body = await get_json(api, "/api/v1/products", limit="100", **filters)

    assert {item["name"] for item in body["items"]} == expected


async def test_paging_forward_by_next_links_visits_every_product_once_and_back_by_previous_links(api):
    pages, path = [], "/api/v1/products?limit=7&lang=en"
    while path:
        body = await (await api.get(path)).json()
        pages.append([item["id"] for item in body["items"]])
        path = body["next"]
    back, path = [pages[-1]], body["previous"]
    while path:
        body = await (await api.get(path)).json()
        back.append([item["id"] for item in body["items"]])
        path = body["previous"]

    seen = [product_id for page in pages for product_id in page]
    assert sorted(seen) == sorted(await Product.filter(active=True).values_list("id", flat=True))
    assert len(seen) == len(set(seen)) == 59
    assert back[::-1] == pages


async def test_a_product_card_has_the_offer_seals_valid_today_and_the_fair_price(api):
    product_id = await Product.get(name="Café orgánico de Yungas").values_list("id", flat=True)

    status, card = await get_json(api, f"/api/v1/products/{product_id}", lang="pt_BR")

    assert status == 200
    assert card["category"] == {"code": "coffee_cocoa", "name": "Café e cacau"}
    assert card["organization"]["legal_form"] == "coraca"
    assert {k: card["offer"][k] for k in ("price", "stock", "unit", "order_unit_quantity", "pack_size")} == {
        "price": {"amount": "110.00", "currency": "BOB"}, "stock": "60", "unit": "kg",
        "order_unit_quantity": "0.5", "pack_size": 10,
    }
    assert [(s["status"], s["valid_today"], s["network"]["slug"]) for s in card["seals"]] == [
        ("granted", True, "red-spg-bolivia")
    ]
    fair = card["fair_price"]
    assert fair["price"] == {"amount": "110.00", "currency": "BOB"} and fair["territory"]["code"] == "bo-lpz"
    parts = [fair[k]["amount"] for k in ("producer_share", "transport", "solidarity_fund", "other_costs")]
    assert sum(map(float, parts)) == pytest.approx(110.0)


@pytest.mark.parametrize(("language", "detail"), [
    ("es", "Ese producto ya no está en oferta."),
    ("pt_BR", "Esse produto não está mais à venda."),
])
@pytest.mark.parametrize("product_id", ["999999", "0", "abc", "99999999999999999999"])
async def test_an_unknown_product_is_a_404_problem_in_the_persons_language(api, product_id, language, detail):
    response = await api.get(f"/api/v1/products/{product_id}", params={"lang": language})

    body = await response.json()
    assert response.status == 404 and response.content_type == "application/problem+json"
    assert (body["code"], body["detail"]) == ("product_not_found", detail)


@pytest.mark.parametrize(("query", "name"), [
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=ten", "limit"),
    ("limit=%EF%BC%95", "limit"),  # a full-width 5: Python's int() would take it, the API does not
    ("after=999999", "after"),
    ("after=1&before=2", "before"),
    ("q=" + "x" * 201, "q"),
    ("q=caf%00e", "q"),
    ("sealed=yes", "sealed"),
    ("in_stock=1", "in_stock"),
    ("legal_form=company", "legal_form"),
    ("category=Caf%C3%A9", "category"),
    ("organization=coop-sierra-norte&organization=cafe-amboro", "organization"),
])
async def test_a_bad_query_parameter_is_a_400_naming_it(api, query, name):
    response = await api.get(f"/api/v1/products?{query}")

    body = await response.json()
    assert response.status == 400 and response.content_type == "application/problem+json"
    assert body["type"] == "/api/v1/problems/invalid-parameters"
    assert [p["name"] for p in body["invalid_params"]] == [name]
    assert body["invalid_params"][0]["reason"]


async def test_every_bad_parameter_is_named_at_once_and_unknown_ones_are_ignored(api):
    response = await api.get("/api/v1/products?limit=0&sealed=maybe&colour=blue&lang=en")

    assert (await response.json())["invalid_params"] == [
        {"name": "sealed", "reason": "Must be true or false."},
        {"name": "limit", "reason": "Must be a whole number from 1 to 100."},
    ]
