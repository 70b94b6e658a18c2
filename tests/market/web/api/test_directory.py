"""GET /api/v1/territories, /categories and /networks on the demo network."""

import pytest

from tests.market.web.api.conftest import get_json


async def test_territories_come_each_right_after_its_parent_with_currency_and_time_zone(api):
    status, body = await get_json(api, "/api/v1/territories")

    territories = body["items"]
    codes = [t["code"] for t in territories]
    assert status == 200
    assert codes[:5] == ["bo", "bo-lpz", "bo-lpz-irupana", "bo-lpz-irupana-chicaloma", "bo-lpz-la-paz"]
    assert all(codes.index(t["parent_code"]) < codes.index(t["code"]) for t in territories if t["parent_code"])
    assert territories[codes.index("bo-lpz-irupana-chicaloma")] == {
        "code": "bo-lpz-irupana-chicaloma", "name": "Chicaloma", "level": "community",
        "parent_code": "bo-lpz-irupana", "country_code": "BO", "currency": "BOB", "time_zone": "America/La_Paz",
    }


async def test_territories_filter_by_level_and_country(api):
    _, regions = await get_json(api, "/api/v1/territories", level="region", country="BR")

    assert [(t["code"], t["parent_code"]) for t in regions["items"]] == [("br-rs", "br")]


async def test_categories_have_names_in_the_asked_language_and_count_what_a_search_finds(api):
    _, spanish = await get_json(api, "/api/v1/categories", lang="es")
    portuguese = await api.get("/api/v1/categories", headers={"Accept-Language": "pt-BR"})

    first = spanish["items"][0]
    assert first == {"code": "vegetables", "name": "Verduras y hortalizas", "product_count": 14}
    assert (await portuguese.json())["items"][0]["name"] == "Verduras e legumes"
    assert portuguese.headers["Content-Language"] == "pt-BR"
    _, found = await get_json(api, "/api/v1/products", category="vegetables", limit="100")
    assert len(found["items"]) == 14


async def test_categories_of_a_territory_count_only_products_made_there(api):
    _, body = await get_json(api, "/api/v1/categories", territory="bo-pts", lang="en")

    assert body["items"] == [{"code": "textiles", "name": "Textiles", "product_count": 5}]


async def test_networks_say_how_many_reviewers_they_have_and_how_many_seals_are_valid_today(api):
    _, body = await get_json(api, "/api/v1/networks")

    assert [(n["slug"], n["territory"]["code"], n["reviewer_count"], n["valid_seal_count"]) for n in body["items"]] == [
        ("red-spg-bolivia", "bo", 6, 1),
        ("rede-sul-certificacao", "br-rs", 5, 1),
    ]


@pytest.mark.parametrize(("path", "query", "name"), [
    ("/api/v1/territories", "level=planet", "level"),
    ("/api/v1/territories", "country=bo", "country"),
    ("/api/v1/categories", "in_stock=1", "in_stock"),
    ("/api/v1/categories", "territory=BO%20SCZ", "territory"),
])
async def test_a_bad_filter_is_a_400_naming_it(api, path, query, name):
    response = await api.get(f"{path}?{query}")

    assert response.status == 400
    assert [p["name"] for p in (await response.json())["invalid_params"]] == [name]
