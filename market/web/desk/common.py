"""What every desk page shares: who is signed in, their language, the CSRF check, private answers.

A desk view is `@desk_view`: a browser signed in to nobody is sent to /entrar (and back after), a POST
whose CSRF token is missing or wrong changes nothing (403), and the answer is never cached. Which
organization, group, network or installation the person may act for is asked of the same services the bot
asks (`allowed`), and a page of one they may not act for is a 403.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import BodyPartReader, web
from multidict import MultiDict, MultiDictProxy

from market.errors import FeriaError
from market.presentation.devices import device_name
from market.presentation.i18n import supported_locale
from market.presentation.labels import N_
from market.services.people.web_sessions import SignedIn
from market.web.api.problems import DETAILS, _Blanks
from market.web.desk.session import CSRF_FIELD, csrf, csrf_ok, current_person
from market.web.keys import SETTINGS
from market.web.locale import request_locale
from market.web.pages.common import Formats, link_maker, translator

DeskHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PERSON = web.RequestKey("desk_person", SignedIn)
FORM = web.RequestKey("desk_form", MultiDictProxy)
# The largest file a desk form takes (an import); a bigger one imports nothing and says so.
MAX_UPLOAD = 2 * 1024 * 1024
TOO_LARGE = "__too_large__"  # the form field set when an uploaded file was over MAX_UPLOAD
CANNOT = N_("That cannot be done: check the form.")
# A form that records money carries a key drawn when it was shown (`clave`): posted again, it records nothing more.
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,40}")


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


def posted_key(value: str | None) -> str:
    """The form's key as posted, if it is one a page drew; else ""."""
    return value if value and FORM_KEY.fullmatch(value) else ""


def desk_view(handler: DeskHandler) -> DeskHandler:
    """Sign-in, CSRF and privacy around a desk page (see the module's docstring)."""

    @wraps(handler)
    async def view(request: web.Request) -> web.StreamResponse:
        person = await current_person(request)
        if person is None:
            target = request.path_qs if request.method == "GET" else request.path
            raise web.HTTPSeeOther(f"/entrar?{urlencode({'next': target, 'lang': desk_locale(request)})}")
        request[PERSON] = person
        if request.method == "POST":
            form = await read_form(request)
            if not await csrf_ok(request, form.get(CSRF_FIELD) if isinstance(form.get(CSRF_FIELD), str) else None):
                raise web.HTTPForbidden()
            request[FORM] = form
        response = await handler(request)
        response.headers["Cache-Control"] = "private, no-store"
        return response

    return view


async def read_form(request: web.Request) -> MultiDictProxy[Any]:
    """The posted fields; an uploaded file as (filename, bytes), or TOO_LARGE set when one was over MAX_UPLOAD."""
    if not request.content_type.startswith("multipart/"):
        return await request.post()
    fields: MultiDict[Any] = MultiDict()
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue  # a nested multipart: no desk form sends one
        if part.filename is None:
            fields.add(part.name, (await part.read(decode=True)).decode("utf-8", "replace")[:10_000])
            continue
        data = bytearray()
        while chunk := await part.read_chunk():
            data += chunk
            if len(data) > MAX_UPLOAD:
                fields[TOO_LARGE] = "1"
                return MultiDictProxy(fields)
        fields.add(part.name, (part.filename, bytes(data)))
    return MultiDictProxy(fields)


def desk_locale(request: web.Request) -> str:
    """?lang=, else the language the person chose in the bot, else the browser's."""
    if supported_locale(request.query.get("lang")):
        return request_locale(request, "es")
    person = request.get(PERSON)
    if person is not None and (chosen := supported_locale(person.locale)):
        return chosen
    return request_locale(request, request.app[SETTINGS].default_locale)


async def render(template: str, request: web.Request, context: dict[str, Any], *, status: int = 200) -> web.Response:
    """A desk page in the person's language, with its CSRF token and the helpers of the catalog's pages."""
    locale = desk_locale(request)
    words = translator(locale)
    helpers = {
        "_": words.gettext, "ngettext": words.ngettext, "t": words, "locale": locale,
        "lang_attr": locale.replace("_", "-"), "f": Formats(locale), "link": link_maker(locale),
        "here": {name: value for name, value in request.query.items() if name != "lang"},
        "csrf_field": CSRF_FIELD, "csrf": await csrf(request), "person": request.get(PERSON),
        "device_name": device_name,
    }
    response = aiohttp_jinja2.render_template(template, request, {**helpers, **context}, status=status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def refusal_words(request: web.Request, error: FeriaError, **shown: str) -> str:
    """A refusal in the person's language, in the web door's words (market.web.api.problems.DETAILS), its days
    written as the person reads days; `shown` puts the caller's words in place of parameters (an order's status
    named as the desk names it)."""
    words = translator(desk_locale(request))
    params = {name: words.date(value) if isinstance(value, date) else value for name, value in error.params.items()}
    text = DETAILS.get(error.code, CANNOT)
    return words.gettext(text).format_map(_Blanks({**params, **shown}))


def forbidden_unless(allowed: bool) -> None:
    """A 403 for a page of an organization, group, network or installation the person may not act for."""
    if not allowed:
        raise web.HTTPForbidden()


def see_other(request: web.Request, path: str) -> web.HTTPSeeOther:
    """The redirect after a form (POST, then GET), keeping the person's language."""
    if "lang=" in path:
        return web.HTTPSeeOther(path)
    joiner = "&" if "?" in path else "?"
    return web.HTTPSeeOther(f"{path}{joiner}{urlencode({'lang': desk_locale(request)})}")
