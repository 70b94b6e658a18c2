"""Rate limits per client: past RATE_LIMIT_API or RATE_LIMIT_PAGES a client is told to wait (429, Retry-After)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from jsonschema import Draft202012Validator

from config import load_settings
from market.web import create_app
from market.web.api.openapi import document
from market.web.rate_limits import RateLimits


@pytest.fixture
async def client(database_url) -> AsyncIterator[TestClient]:
    settings = load_settings(
        {
            "DATABASE_URL": database_url,
            "RATE_LIMIT_API": "3/minute",
            "RATE_LIMIT_PAGES": "2/minute",
        }
    )
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


async def test_the_api_answers_429_with_retry_after_past_its_limit(client):
    allowed = [(await client.get("/api/v1/categories")).status for _ in range(3)]

    refused = await client.get("/api/v1/categories", headers={"Accept-Language": "es"})

    assert allowed == [200, 200, 200]
    assert refused.status == 429 and refused.content_type == "application/problem+json"
    assert refused.headers["Retry-After"] == "60"
    problem = await refused.json()
    assert (problem["status"], problem["code"]) == (429, "too_many_requests")
    assert (
        problem["title"]
        == "Demasiadas solicitudes desde tu dirección. Espera un minuto e inténtalo de nuevo."
    )
    doc = document()
    declared = doc["paths"]["/categories"]["get"]["responses"]["429"]["content"][
        "application/problem+json"
    ]
    Draft202012Validator(
        {**declared["schema"], "components": doc["components"]}
    ).validate(problem)


def test_the_api_document_says_every_operation_may_answer_429():
    operations = [op for path in document()["paths"].values() for op in path.values()]

    assert operations and all("429" in op["responses"] for op in operations)


async def test_a_page_past_its_limit_is_a_translated_page_saying_to_wait(client):
    for _ in range(2):
        assert (
            await client.get("/", headers={"Accept-Language": "pt-BR"})
        ).status == 200

    refused = await client.get("/", headers={"Accept-Language": "pt-BR"})

    assert refused.status == 429 and refused.content_type == "text/html"
    assert refused.headers["Retry-After"] == "60"
    assert (
        "Muitas solicitações do seu endereço. Espere um minuto e tente de novo."
        in await refused.text()
    )


async def test_the_api_and_the_pages_count_apart_and_the_style_sheet_and_health_check_not_at_all(
    client,
):
    for _ in range(3):
        assert (await client.get("/api/v1/categories")).status == 200
    statuses = [
        (await client.get(path)).status
        for path in ("/static/feria.css", "/healthz") * 5
    ]

    page = await client.get("/")

    assert set(statuses) == {200} and page.status == 200


def test_each_client_address_has_its_own_count():
    limits = RateLimits("2/minute", None)

    first = [limits.refused("api", "203.0.113.1") for _ in range(3)]
    other = limits.refused("api", "203.0.113.2")
    pages = [limits.refused("pages", "203.0.113.1") for _ in range(100)]

    assert first == [None, None, 60] and other is None
    assert set(pages) == {None}  # no page limit set: never refused
