"""The aiohttp application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web

from config import Settings
from market.db import close_database, open_database
from market.presentation.i18n import Translator
from market.web import api, desk, pages
from market.web.headers import hide_server_version, protective_headers
from market.web.keys import DATABASE, SETTINGS
from market.web.locale import request_locale
from market.web.middlewares import error_middleware
from market.web.pages.chart_cache import CHART_CACHE, ChartCache
from market.web.pages.photos import PHOTOS, Photos
from market.web.rate_limits import RATE_LIMITS, RateLimits, rate_limit_middleware
from market.web.views import routes

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

CleanupContext = Callable[[web.Application], AsyncIterator[None]]


async def database_context(app: web.Application) -> AsyncIterator[None]:
    """Open the ORM for the app's lifetime; it must be up before anything that uses it."""
    app[DATABASE] = await open_database(app[SETTINGS].database_url)
    yield
    await close_database(app[DATABASE])


async def _template_context(request: web.Request) -> dict[str, Any]:
    """Every page gets the request's language and its translator as `_`.

    aiohttp-jinja2 runs this for every request; the JSON API renders no template, so it skips the
    work (it was half of a cached API answer's time, bench/catalog.py).
    """
    if request.path.startswith("/api/"):
        return {}
    settings = request.app[SETTINGS]
    locale = request_locale(request, settings.default_locale)
    translator = Translator(locale)
    return {
        "_": translator.gettext,
        "ngettext": translator.ngettext,
        "t": translator,
        "locale": locale,
        "lang_attr": locale.replace("_", "-"),
        "category_label": translator.category,
        "settings": settings,
    }


def create_app(settings: Settings, *, contexts: Iterable[CleanupContext] = ()) -> web.Application:
    """Build the web application; `contexts` run after the database opens (the bot, the dispatcher)."""
    app = web.Application(middlewares=[error_middleware])
    app[SETTINGS] = settings
    app[RATE_LIMITS] = RateLimits(settings.rate_limit_api, settings.rate_limit_pages)
    app.on_response_prepare.append(protective_headers)
    hide_server_version()
    app[CHART_CACHE] = ChartCache()
    app[PHOTOS] = Photos()  # serve.py gives it the bot's fetch where the bot runs
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        context_processors=[_template_context],
        autoescape=jinja2.select_autoescape(["html"]),
    )
    # Inside the error middleware and aiohttp-jinja2's own: the 429 is worded like every error, in the
    # visitor's language.
    app.middlewares.append(rate_limit_middleware)
    app.cleanup_ctx.append(database_context)
    app.cleanup_ctx.extend(contexts)
    app.add_routes(routes)
    app.add_routes(pages.routes)
    app.add_routes(api.routes)
    app.add_routes(desk.routes)
    desk.install_sessions(app, settings.session_key)
    app.router.add_static("/static", STATIC, name="static")
    return app
