"""GET /api/v1/products as people write: plurals, synonyms, a typo put right, names to try, the nearest first."""

import pytest

from tests.market.web.api.conftest import get_json


@pytest.mark.parametrize(("typed", "found"), [
    ("tomates", "Tomate"), ("quinoa", "Quinua real"), ("quiero 2 kg de quinua", "Quinua real"),
    ("feijão", "Feijão preto"), ("porotos", "Feijão preto"),
])
async def test_plurals_synonyms_and_a_sentence_find_the_product(api, typed, found):
    status, body = await get_json(api, "/api/v1/products", q=typed, limit="100")

    assert status == 200
    assert found in {item["name"] for item in body["items"]}
    assert body["corrected"] is None and body["suggestions"] == []


async def test_a_typo_finds_the_product_and_says_which_words_were_searched(api):
    _, body = await get_json(api, "/api/v1/products", q="naranaj")

    assert body["corrected"] == "naranja"
    assert [item["name"] for item in body["items"]] == ["Naranja"]


async def test_nothing_found_answers_names_to_try(api):
    _, body = await get_json(api, "/api/v1/products", q="quinua negra de altura")

    assert body["items"] == [] and "Quinua real" in body["suggestions"]


async def test_near_puts_the_searchers_country_first(api):
    _, body = await get_json(api, "/api/v1/products", q="tomate", near="bo-lpz")

    # Bolivia's first; Mexico's Jitomate and Brazil's Tomate are elsewhere, by name.
    assert [item["territory"]["country_code"] for item in body["items"]] == ["BO", "MX", "BR"]
    _, anywhere = await get_json(api, "/api/v1/products", q="cafe", limit="100")
    _, near = await get_json(api, "/api/v1/products", q="cafe", limit="100", near="mx-oax")
    assert anywhere["items"][0]["territory"]["country_code"] == "MX"  # "Café de altura tostado" sorts first
    assert [i["territory"]["country_code"] for i in near["items"]][:1] == ["MX"]
    _, bolivia = await get_json(api, "/api/v1/products", q="cafe", limit="100", near="bo-lpz")
    assert [i["name"] for i in bolivia["items"]][0] == "Café orgánico de Yungas"
    assert bolivia["items"][-1]["territory"]["country_code"] == "MX"
