"""Schemathesis runs the API against its own OpenAPI document: no 500, no answer that breaks it.

Each operation gets generated requests, valid ones and (for query parameters) invalid ones,
checked by schemathesis' own checks: no server error, status codes, content types and bodies
as documented, invalid input refused, valid input accepted. The app runs in a thread of its
own on a free port over the session's demo database, because schemathesis calls it over HTTP
from synchronous code.
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
