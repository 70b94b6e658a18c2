"""POST /api/v1/organizations/{slug}/stock: an organization's systems publish stock lines with its token."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from aiohttp.test_utils import TestClient, TestServer
from jsonschema import Draft202012Validator, FormatChecker

from market import clock
from market.enums import PriceSource
from market.models import CatalogVersion, Offer, OfferEvent, PriceObservation
from market.services.organizations.api_tokens import create_token, revoke_token
from market.web.api.openapi import document
from tests.market.services.shop import Shop, make_shop
from tests.market.web.api.conftest import demo_app

URL = "/api/v1/organizations/oeca-valles-comarapa/stock"
GOOD = {"message": "tomate 20 kg a 8,50\nlechuga 30 unidades"}


@dataclass
class World:
    client: TestClient
    shop: Shop
    token: str
    token_id: int


@pytest.fixture
async def world(database_url) -> AsyncIterator[World]:
    """The app on this test's own database (the demo one is read-only) with a shop and its admin's token."""
    async with TestClient(TestServer(demo_app(database_url))) as client:
        shop = await make_shop()  # Tomate 20 kg at 7.50, Lechuga 10 units at 4.00, Frutilla 3 kg at 25.00
        token, view = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="Inventario")
        yield World(client, shop, token, view.id)


async def post(world: World, body=GOOD, *, token: str | None = None, url: str = URL, **headers: str):
    """POST the body (a dict as JSON, bytes as they are) with the world's token unless another is given."""
    if token is not None or "Authorization" not in headers:
        headers.setdefault("Authorization", f"Bearer {token or world.token}")
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = await world.client.post(url, data=data, headers={"Content-Type": "application/json", **headers})
    answer = await response.json()
    validate(response.status, response.content_type, answer)
    return response, answer


def validate(status: int, content_type: str, body) -> None:
    """The answer is what the OpenAPI document declares for this operation and status."""
    doc = document()
    declared = doc["paths"]["/organizations/{slug}/stock"]["post"]["responses"][str(status)]
    (declared_type, media), = declared["content"].items()
    assert content_type == declared_type
    Draft202012Validator({**media["schema"], "components": doc["components"]},
                         format_checker=FormatChecker()).validate(body)


async def snapshot() -> tuple:
    """Everything a publication would change: offers, their events, the catalog's version."""
    offers = await Offer.all().order_by("id").values("id", "stock", "price", "status")
    events = await OfferEvent.all().order_by("id").values("id", "kind", "stock")
    return offers, events, await CatalogVersion.all().values("version")


async def products(world: World) -> dict[str, tuple[str, str]]:
    response = await world.client.get("/api/v1/products", params={"organization": "oeca-valles-comarapa"})
    return {p["name"]: (p["offer"]["stock"], p["offer"]["price"]["amount"]) for p in (await response.json())["items"]}


async def test_good_lines_are_published_and_the_catalog_shows_them_at_once(world):
    before = await products(world)  # an answer the cache now holds

    response, body = await post(world)

    assert response.status == 200
    assert body["published"] == [
        {"line": 1, "product": {"id": body["published"][0]["product"]["id"], "name": "Tomate"}, "stock": "20",
         "unit": "kg", "price": {"amount": "8.50", "currency": "BOB"}, "events": ["price_change"]},
        {"line": 2, "product": {"id": body["published"][1]["product"]["id"], "name": "Lechuga"}, "stock": "30",
         "unit": "unit", "price": {"amount": "4.00", "currency": "BOB"}, "events": ["new_stock"]},
    ]
    assert before["Lechuga"] == ("10", "4.00") and before["Tomate"] == ("20", "7.50")
    after = await products(world)
    assert after["Lechuga"] == ("30", "4.00") and after["Tomate"] == ("20", "8.50")
    assert await OfferEvent.filter(by_person_id=world.shop.admin_id).count() == 2


@pytest.mark.parametrize("authorization, code", [
    (None, "token_missing"),
    ("Basic dXNlcjpwYXNz", "token_malformed"),
    ("Bearer", "token_malformed"),
    ("Bearer feria_short", "token_malformed"),
    ("Bearer feria_" + "A" * 43, "token_unknown"),
])
async def test_no_token_or_a_bad_one_is_a_401_that_asks_for_a_bearer_and_changes_nothing(world, authorization, code):
    before = await snapshot()
    headers = {"Authorization": authorization} if authorization else {}
    response = await world.client.post(URL, json=GOOD, headers=headers)

    body = await response.json()
    assert (response.status, body["code"]) == (401, code)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    validate(401, response.content_type, body)
    assert await snapshot() == before


async def test_a_revoked_token_stops_working_at_once(world):
    first, _ = await post(world)
    await revoke_token(world.token_id, by_person_id=world.shop.admin_id, now=clock.now())
    before = await snapshot()

    second, body = await post(world, {"message": "tomate 5 kg"})

    assert (first.status, second.status, body["code"]) == (200, 401, "token_revoked")
    assert await snapshot() == before


async def test_a_token_of_another_organization_is_a_403_and_changes_nothing(world):
    other = await make_shop("cafe-amboro", name="Café Amboró", telegram_base=2000)
    token, _ = await create_token(other.organization_id, by_person_id=other.admin_id, label="x")
    before = await snapshot()

    response, body = await post(world, token=token)

    assert (response.status, body["code"]) == (403, "token_of_another_organization")
    assert await snapshot() == before


@pytest.mark.parametrize("url", ["/api/v1/organizations/nadie/stock", "/api/v1/organizations/" + "x" * 65 + "/stock"])
async def test_an_unknown_organization_is_a_404_and_changes_nothing(world, url):
    before = await snapshot()

    response, body = await post(world, url=url)

    assert (response.status, body["code"]) == (404, "organization_not_found")
    assert await snapshot() == before


@pytest.mark.parametrize("body, status, code", [
    (b"tomate 20 kg", 400, "body_not_json"),
    (b"\xff\xfe", 400, "body_not_json"),
    (b'["tomate 20 kg"]', 400, "body_not_json"),
    (b"[" * 5000 + b"]" * 5000, 400, "body_not_json"),  # deeper than Python's parser recurses
    (b"{}", 400, "invalid_parameters"),
    (b'{"message": 20}', 400, "invalid_parameters"),
    (b'{"message": " -- "}', 400, "invalid_parameters"),
    (json.dumps({"message": "tomate 20 kg\n" * 1400}).encode(), 413, "body_too_large"),
])
async def test_a_body_that_is_not_a_json_message_or_is_too_large_changes_nothing(world, body, status, code):
    before = await snapshot()

    response, answer = await post(world, body)

    assert (response.status, answer["code"]) == (status, code)
    assert await snapshot() == before


async def test_a_body_sent_in_chunks_is_cut_off_past_16_kb_too(world):
    async def chunks():
        yield b'{"message": "'
        for _ in range(20):
            yield b"tomate 20 kg\\n" * 80  # about 1 KB each, no Content-Length ahead of them

    response = await world.client.post(URL, data=chunks(), headers={"Authorization": f"Bearer {world.token}"})

    assert (response.status, (await response.json())["code"]) == (413, "body_too_large")


async def test_bad_lines_are_each_named_with_the_closest_names_and_nothing_is_published(world):
    before = await snapshot()
    message = "tomate 20 kg a 8,50\nlechga 5 unidades\nfrutilla 1,2,3 kg\nquinua 3 kg\n+4 kg"

    response, body = await post(world, {"message": message}, **{"Accept-Language": "en"})

    assert (response.status, body["code"]) == (422, "stock_not_published")
    assert [(line["line"], line["code"], line["suggestions"]) for line in body["lines"]] == [
        (2, "unknown_product", ["Lechuga"]), (3, "bad_quantity", []), (4, "unknown_product", []),
        (5, "no_product", [])]
    assert body["lines"][0]["reason"] == "No product of the organization is called “lechga”."
    assert await snapshot() == before


async def test_a_line_the_publication_refuses_refuses_the_whole_message(world):
    before = await snapshot()

    response, body = await post(world, {"message": "tomate 20 kg\nlechuga 3 kg"})

    assert response.status == 422
    assert [(line["line"], line["code"]) for line in body["lines"]] == [(2, "unit_mismatch")]
    assert await snapshot() == before


async def test_one_post_naming_tomate_400_times_is_refused_whole_naming_each_repeated_line(world):
    before = await snapshot()
    observations = await PriceObservation.all().count()
    message = "\n".join(f"tomate 20 kg a {50 + i % 2}" for i in range(400))  # the attack

    response, body = await post(world, {"message": message}, **{"Accept-Language": "en"})

    assert (response.status, body["code"]) == (422, "stock_not_published")
    assert [(line["line"], line["code"]) for line in body["lines"]] == [(n, "duplicate_product") for n in range(2, 401)]
    assert body["lines"][0]["reason"] == "Tomate is already on line 1: write each product once."
    assert await snapshot() == before
    assert await PriceObservation.all().count() == observations


async def test_a_product_named_like_a_spreadsheet_formula_is_refused_in_the_asked_language(world):
    before = await snapshot()
    message = 'tomate 20 kg\n=HYPERLINK("http://evil.example/","Factura") 2 kg a 8'

    response, body = await post(world, {"message": message}, **{"Accept-Language": "es"})

    assert response.status == 422
    assert [(line["line"], line["code"]) for line in body["lines"]] == [(2, "bad_name")]
    assert body["lines"][0]["reason"] == "El nombre de un producto no puede empezar con =, +, - o @."
    assert await snapshot() == before


async def test_a_days_many_posts_of_new_prices_leave_one_observation_with_the_last_price(world):
    for i in range(20):  # the attack spread over posts: 50, 51, 50, 51...
        response, _ = await post(world, {"message": f"tomate 20 kg a {50 + i % 2}"})
        assert response.status == 200
        clock.advance(timedelta(minutes=30))  # 10 hours, from 11:00 to 21:00 in La Paz

    prices = await PriceObservation.filter(source=PriceSource.PRODUCER).values_list("price", flat=True)
    assert [Decimal(p) for p in prices] == [Decimal(51)]
