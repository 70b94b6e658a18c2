"""Schemathesis runs the API against its own OpenAPI document: no 500, no answer that breaks it.

Each operation gets generated requests, valid ones and (for query parameters) invalid ones,
checked by schemathesis' own checks: no server error, status codes, content types and bodies
as documented, invalid input refused, valid input accepted. The app runs in a thread of its
own on a free port over the session's demo database, because schemathesis calls it over HTTP
from synchronous code.

`call_and_validate` runs every check schemathesis 4 enables by default: not_a_server_error,
status_code_conformance, content_type_conformance, response_headers_conformance,
response_schema_conformance, negative_data_rejection, positive_data_acceptance,
missing_required_header, unsupported_method, allow_header_conformance, and its stateful ones.
Ten operations, 30 examples in each of the two modes. EDGES below adds requests a generator
rarely makes (4,000-digit ids and cursors, 4,000-character codes, NUL in a search, "1e30" as a limit).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
import schemathesis
from aiohttp import web
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from market.web.api.openapi import document
from tests.market.web.api.conftest import demo_app

schema = schemathesis.openapi.from_dict(document())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=30,
    # The same examples on every run: a failure in CI is one a developer can replay.
    deterministic=True,
    database="none",
)


class ServedApp:
    """The demo app on 127.0.0.1 in a background thread with its own event loop, until `stop()`."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.base_url = ""

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)

    async def _start(self) -> None:
        self._runner = web.AppRunner(demo_app(self._database_url))
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/api/v1"

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@pytest.fixture(scope="module")
def served(demo_database_url) -> Iterator[str]:
    app = ServedApp(demo_database_url)
    app.start()
    yield app.base_url
    app.stop()


@schema.parametrize()
def test_the_api_keeps_its_openapi_document(case, served):
    excluded = []
    if case.operation.path == "/products" and {"after", "before"} & set(case.query or {}):
        # A cursor must be a product that exists, which no schema can say: an unknown one is a 400.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(base_url=served, excluded_checks=excluded)


# Requests no generator is likely to make, sent as they are: each must be answered as the document says
# (a 400 or 404 problem naming the parameter), never a 500. URLs stay under aiohttp's 8 KB request line.
EDGES = [
    ("/products/{id}", {"path_parameters": {"id": "9" * 20}}),
    ("/products/{id}", {"path_parameters": {"id": "9" * 4000}}),
    ("/products/{id}", {"path_parameters": {"id": 0}}),
    ("/products/{id}", {"path_parameters": {"id": "1e30"}}),
    ("/products/{id}", {"path_parameters": {"id": "-3"}}),
    ("/seals/{code}", {"path_parameters": {"code": "A" * 4000}}),
    ("/seals/{code}", {"path_parameters": {"code": "🍅\u202e"}}),
    ("/organizations/{slug}", {"path_parameters": {"slug": "é" * 300}}),
    ("/organizations/{slug}", {"path_parameters": {"slug": "x" * 65}}),
    ("/prices/{search_key}", {"path_parameters": {"search_key": "x" * 4000}, "query": {"territory": "bo"}}),
    ("/prices/{search_key}", {"path_parameters": {"search_key": "tomate"}, "query": {"territory": "x" * 4000}}),
    ("/products", {"query": {"limit": "1e30"}}),
    ("/products", {"query": {"limit": "0"}}),
    ("/products", {"query": {"limit": "-3"}}),
    ("/products", {"query": {"after": "9" * 4000}}),
    ("/products", {"query": {"before": "99999999999999999999"}}),
    ("/products", {"query": {"q": "x" * 4000}}),
    ("/products", {"query": {"q": "caf\x00e"}}),
    ("/products", {"query": {"q": "🍅🍅🍅", "lang": "xx"}}),
    ("/organizations", {"query": {"after": "é" * 100, "limit": "NaN"}}),
    ("/territories", {"query": {"country": "bo", "lang": "zh-Hant"}, "headers": {"Accept-Language": "*;q=abc, xx-!!"}}),
    ("/networks", {"headers": {"Accept-Language": "," * 2000}}),
]


@pytest.mark.parametrize("path, parts", EDGES, ids=[f"{path} {sorted(parts)}" for path, parts in EDGES])
def test_oversized_and_malformed_requests_get_a_documented_answer(path, parts, served):
    case = schema[path]["GET"].Case(**parts)

    case.call_and_validate(base_url=served)
