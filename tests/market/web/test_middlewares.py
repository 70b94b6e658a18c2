"""The error middleware: an HTML page off the API, problem+json under it, the Allow header kept."""

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

from market.errors import NotFound
from market.web import create_app


@pytest.fixture
async def client(settings):
    app = create_app(settings)

    async def missing(request):
        raise NotFound("product_not_found", product_id=7)

    async def crash(request):
        raise RuntimeError("secret internals")

    app.router.add_get("/gone", missing)
    app.router.add_get("/crash/{anything}", crash)
    app.router.add_get("/api/v1/gone", missing)
    async with TestClient(TestServer(app)) as client:
        yield client


async def test_a_method_a_page_does_not_take_is_a_translated_405_page_that_says_what_is_allowed(client):
    response = await client.post("/healthz", headers={"Accept-Language": "es"})

    assert response.status == 405 and response.content_type == "text/html"
    assert "GET" in response.headers["Allow"]


async def test_a_domain_refusal_is_a_page_off_the_api_and_a_problem_under_it(client):
    page = await client.get("/gone", headers={"Accept-Language": "es"})
    problem = await client.get("/api/v1/gone", headers={"Accept-Language": "es"})

    assert page.status == 404 and "No encontramos esa página." in await page.text()
    assert problem.status == 404 and (await problem.json())["detail"] == "Ese producto ya no está en oferta."


async def test_a_refusals_page_says_it_in_words_below_the_title(client):
    page = await client.get("/gone", headers={"Accept-Language": "pt-BR"})

    text = await page.text()
    assert text.index("Não encontramos essa página.") < text.index("Esse produto não está mais à venda.")


async def test_a_crash_is_logged_on_one_line_whatever_newlines_its_address_holds(client, caplog):
    with caplog.at_level(logging.ERROR, logger="market.web.middlewares"):
        response = await client.get("/crash/x%0A2026-12-06 INFO feria: forged%0D%0Aline")

    assert response.status == 500
    logged = [record.getMessage() for record in caplog.records if "unhandled error" in record.getMessage()]
    assert len(logged) == 1 and "\n" not in logged[0] and "\r" not in logged[0]
    assert "forged" in logged[0]
