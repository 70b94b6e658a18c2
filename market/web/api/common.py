"""What every API view shares: today's date, the request's language, JSON answers and page links."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache, partial
from typing import Any

from aiohttp import web

from market.presentation.i18n import Translator
from market.web.keys import SETTINGS
from market.web.locale import request_locale

PREFIX = "/api/v1"


_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=16)
def translator(locale: str) -> Translator:
    return Translator(locale)


def request_translator(request: web.Request) -> Translator:
    """The translator for ?lang=, else Accept-Language, else the default locale."""
    return translator(request_locale(request, request.app[SETTINGS].default_locale))


def answer(data: Any, *, translated: Translator | None = None) -> web.Response:
    """A JSON answer; one holding translated names says in which language, and that it varies by it."""
    response = web.json_response(data, dumps=_dumps)
    if translated is not None:
        response.headers["Content-Language"] = translated.locale.replace("_", "-")
        response.headers["Vary"] = "Accept-Language"
    return response


def link(request: web.Request, route: str, query: Mapping[str, Any], **match: str) -> str:
    """A relative link to a named API route with `query` (None values left out, booleans as true/false).

    The request's ?lang= is kept, so that following a link keeps the language.
    """
    params = {name: _query_value(value) for name, value in query.items() if value is not None and value is not False}
    if "lang" in request.query:
        params["lang"] = request.query["lang"]
    return str(request.app.router[route].url_for(**match).with_query(params))


def _query_value(value: Any) -> str:
    return "true" if value is True else str(value)
