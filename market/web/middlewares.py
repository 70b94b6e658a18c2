"""The one place where the web adapter turns domain errors and crashes into answers.

Under /api/ the answer is application/problem+json (see market.web.api.problems); elsewhere
a translated error page, saying the refusal in words below its title. A refusal's status is its
code's (market.refusals); a 401 says how to authenticate (RFC 6750). Either way a crash shows no trace,
and a 405 keeps its Allow header. The database out of reach is a 503 with Retry-After (code `database_unavailable` in the API),
not a crash.
"""

from __future__ import annotations

import logging

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

from market.db import database_unreachable
from market.errors import FeriaError, Unavailable
from market.presentation.i18n import Translator
from market.refusals import declared
from market.web.api.problems import TITLES, Gettext, detail, problem_response
from market.web.keys import SETTINGS
from market.web.locale import request_locale

log = logging.getLogger(__name__)

# Headers of an HTTP error that the answer must keep: what a 405 allows, how long to wait after a 429.
_KEPT_HEADERS = ("Allow", "Retry-After")
# While the database is away every request fails alike; the pool reconnects on its own once it is back.
DATABASE_UNAVAILABLE = "database_unavailable"
RETRY_AFTER_OUTAGE = "5"  # seconds


def _title(status: int, _: Gettext) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("A valid API token of the organization is needed."),
        403: _("You may not do that."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        409: _("That changed in the meantime. Please try again."),
        413: _("The request is too large."),
        429: _("Too many requests from your address. Please wait a minute and try again."),
    }.get(status, _("Something went wrong on our side. Nothing was lost; please try again."))


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer with a translated page (or problem+json under /api) instead of a trace."""
    error: FeriaError | None = None
    headers: dict[str, str] = {}
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        status = exc.status
        headers = {name: exc.headers[name] for name in _KEPT_HEADERS if name in exc.headers}
    except FeriaError as exc:
        status, error = declared(exc.code).status, exc
        if status == 401:  # without a token, the scheme to use; with one, that the token was the trouble
            invalid = "" if exc.code == "token_missing" else ', error="invalid_token"'
            headers = {"WWW-Authenticate": f'Bearer realm="feria"{invalid}'}
    except Exception as exc:
        if database_unreachable(exc):
            # The transaction, if any, was rolled back with the connection: nothing is half-written.
            log.warning("database unreachable on %s %r: %r", request.method, request.path, exc)
            status, error = 503, Unavailable(DATABASE_UNAVAILABLE)
            headers = {"Retry-After": RETRY_AFTER_OUTAGE}
        else:
            # %r: a decoded path may hold a newline (%0A) that would forge a line of the log.
            log.exception("unhandled error on %s %r", request.method, request.path)
            status = 500
    translator = Translator(request_locale(request, request.app[SETTINGS].default_locale))
    _ = translator.gettext
    title = _(TITLES[error.code]) if error is not None and error.code in TITLES else _title(status, _)
    if request.path.startswith("/api/"):
        return problem_response(status, title, translator, error, headers)
    context = {"title": title, "status": status, "detail": detail(error, _) if error is not None else None}
    response = aiohttp_jinja2.render_template("error.html", request, context, status=status)
    response.headers.update(headers)
    return response
