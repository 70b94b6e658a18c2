"""Hostile input in every route's path and query: NUL, control characters, lone surrogates, bidi and
zero-width marks, percent-encoded as a client can send them, get an answer (400 or 404), never a 5xx."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from urllib.parse import quote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from yarl import URL

from bot.sandbox.chatpage import add_chat_page
from config import load_settings
from market.web import create_app
from tests.bot.sandbox.tiny_bot import sandbox_without_limits, tiny_bot
from tests.market.web.api.conftest import demo_database_url  # noqa: F401 (a fixture)
from tests.support.settings import NO_RATE_LIMITS

# What a person never types but a hostile client sends: C0 and C1 controls, NUL, a lone surrogate,
# right-to-left and zero-width marks, a byte-order mark, the replacement character, a non-character.
ODD = "\x00\x01\x08\t\n\r\x1b\x7f\x85\x9f\ud800\udfff\u200b\u200d\u202e\u2066\ufeff\ufffd\uffff"
hostile = st.text(
    alphabet=st.sampled_from(ODD)
    | st.characters(codec="utf-8", exclude_categories=["Cs"]),
    min_size=1,
    max_size=12,
).map(lambda s: s + "\x00" if not any(c in ODD for c in s) else s)
# Every query parameter some route reads (pages in Spanish, the API in English, the sandbox's).
PARAMETERS = (
    "q",
    "territorio",
    "territory",
    "categoria",
    "category",
    "organizacion",
    "organization",
    "forma",
    "legal_form",
    "sello",
    "sealed",
    "stock",
    "in_stock",
    "despues",
    "antes",
    "after",
    "before",
    "limit",
    "codigo",
    "lang",
    "since",
    "wait",
    "bot_id",
    "person",
    "name",
    "language_code",
)
_PLACEHOLDER = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def encoded(value: str) -> str:
    """Percent-encoded UTF-8, a lone surrogate as the three bytes a careless encoder writes for it."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def templates(app: web.Application) -> list[tuple[str, str]]:
    """(method, path template) of every route, e.g. ("GET", "/precios/{key}/grafico.png")."""
    found = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None and route.method != "HEAD"
    }
    return sorted(found)


def served_app(database_url: str) -> web.Application:
    """The app as serve.py builds it when there is no token: the catalog, the API, and the /sandbox page
    with a sandbox and a bot behind it (so that its routes read what they are sent)."""
    settings = load_settings({"DATABASE_URL": database_url, **NO_RATE_LIMITS})
    app = create_app(settings, contexts=[sandbox_without_limits, tiny_bot])
    add_chat_page(app)
    return app


@pytest.fixture
async def client(demo_database_url) -> AsyncIterator[TestClient]:  # noqa: F811 (the fixture above)
    async with TestClient(TestServer(served_app(demo_database_url))) as client:
        yield client


ROUTES = templates(served_app("sqlite://:memory:"))


def test_the_routes_walked_are_the_app_s_routes():
    assert ("GET", "/precios/{key}/grafico.png") in ROUTES and (
        "GET",
        "/api/v1/prices/{search_key}",
    ) in ROUTES
    assert ("POST", "/api/v1/organizations/{slug}/stock") in ROUTES and (
        "POST",
        "/sandbox/api/messages",
    ) in ROUTES


@pytest.mark.parametrize(
    ("method", "template"), ROUTES, ids=[f"{m} {t}" for m, t in ROUTES]
)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    segment=hostile,
    value=hostile,
    names=st.lists(st.sampled_from(PARAMETERS), min_size=1, max_size=3),
)
@example(segment="caf\x00e", value="b\x00o", names=["territorio", "territory", "q"])
@example(segment="caf\ud800e", value="b\udfffo", names=["territorio", "territory", "q"])
@example(segment="caf\x00e", value="bo", names=["territorio", "territory"])
async def test_no_hostile_path_or_query_gets_a_server_error(
    client, method, template, segment, value, names
):
    path = _PLACEHOLDER.sub(lambda _: encoded(segment), template)
    query = "&".join(f"{name}={encoded(value)}" for name in names)

    # A write gets the hostile text in its JSON body too, in the fields the routes read.
    body = {
        "message": value,
        "text": value,
        "user": {"id": 1, "first_name": value},
        "callback_data": value,
    }
    response = await client.session.request(
        method,
        client.make_url(URL(f"{path}?{query}", encoded=True)),
        allow_redirects=False,
        data=json.dumps(body) if method == "POST" else None,
        headers={"Content-Type": "application/json"} if method == "POST" else None,
    )
    await response.read()

    assert response.status < 500, (method, path, query, response.status)
    if response.status >= 400 and path.startswith("/api/"):
        assert response.content_type == "application/problem+json", (path, query)


@pytest.mark.parametrize(
    ("address", "status", "content_type"),
    [
        ("/precios/caf%00e?territorio=bo-scz-comarapa", 404, "text/html"),
        ("/precios/tomate?territorio=b%00o", 404, "text/html"),
        ("/precios/caf%00e/grafico.png?territorio=bo", 404, "text/html"),
        ("/precios/tomate/grafico.png?territorio=b%00o", 404, "text/html"),
        ("/precios/caf%ED%A0%80e?territorio=bo", 404, "text/html"),
        ("/api/v1/prices/caf%00e?territory=bo", 404, "application/problem+json"),
        ("/api/v1/prices/tomate?territory=b%00o", 400, "application/problem+json"),
        ("/organizaciones/caf%00e", 404, "text/html"),
        ("/buscar?territorio=b%00o", 400, "text/html"),
        ("/api/v1/products?q=caf%00e", 400, "application/problem+json"),
    ],
)
async def test_the_issue_s_addresses_are_refused_in_words_a_person_reads(
    client, address, status, content_type
):
    response = await client.session.get(client.make_url(URL(address, encoded=True)))

    assert (response.status, response.content_type) == (status, content_type)
    assert "Traceback" not in await response.text()
