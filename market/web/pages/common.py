"""What every catalog page shares: today's date, the visitor's formats, links that keep the language."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp_jinja2
from aiohttp import web
from babel.numbers import format_percent

from market.presentation.i18n import Translator
from market.presentation.labels import BOARD_ROLES, LEGAL_FORMS, MATURITY, MATURITY_CRITERIA, SEAL_STATUS, unit_name
from market.web.keys import CHAT_PAGE, SETTINGS
from market.web.locale import request_locale

# Telegram's limit for a /start payload: 1-64 characters of A-Z, a-z, 0-9, _ and -.
_START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@lru_cache(maxsize=64)
def translator(locale: str, country_code: str | None = None) -> Translator:
    """One Translator per language and country, reused across requests."""
    return Translator(locale, country_code)


class Formats:
    """Money, quantities, percentages and dates in the visitor's language.

    Money takes the territory's country too: Spanish in Bolivia writes Bs95,00, where plain
    Spanish would write 95,00 BOB.
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._ = translator(locale).gettext

    def money(self, amount: Decimal, currency: str, country_code: str | None = None) -> str:
        return translator(self.locale, country_code).money(amount, currency)

    def per_unit(self, amount: Decimal, currency: str, unit: str, country_code: str | None = None) -> str:
        return self._("{price} per {unit}").format(
            price=self.money(amount, currency, country_code), unit=unit_name(translator(self.locale).ngettext, unit)
        )

    def quantity(self, value: Decimal, unit: str) -> str:
        """"2,5 kg", "3 bolsas": the number in the visitor's format and the unit's short name."""
        return f"{translator(self.locale).number(value)} {unit_name(translator(self.locale).ngettext, unit, value)}"

    def number(self, value: Decimal | int) -> str:
        return translator(self.locale).number(value)

    def percent(self, rate: Decimal) -> str:
        """A share such as Decimal("0.05") as "5 %" (Spanish) or "5%" (English)."""
        return format_percent(rate, locale=translator(self.locale).format_locale, decimal_quantization=False)

    def date(self, value: date) -> str:
        return translator(self.locale).date(value)


def visitor_locale(request: web.Request) -> str:
    return request_locale(request, request.app[SETTINGS].default_locale)


def link_maker(locale: str) -> Callable[..., str]:
    """`link("/buscar", categoria="fruits")` → "/buscar?categoria=fruits&lang=es": links keep the language.

    Parameters that are None or empty are left out; path segments are quoted by the caller's `path`.
    """

    def link(path: str, **params: Any) -> str:
        kept = [(name, str(value)) for name, value in params.items() if value not in (None, "", False)]
        return f"{path}?{urlencode(kept + [('lang', locale)])}"

    return link


def path_segment(value: str) -> str:
    """A value made safe to stand between two slashes of a path."""
    return quote(value, safe="")


def telegram_link(request: web.Request, payload: str) -> str | None:
    """The deep link that opens the bot on `payload` (e.g. "p_12"); None when Telegram would refuse it.

    Offline it opens the sandbox's chat page instead, which asks who you are and then starts the bot the same way.
    """
    if not _START_PAYLOAD.match(payload):
        return None
    if chat_page := request.app.get(CHAT_PAGE):
        return f"{chat_page}?{urlencode({'start': payload, 'lang': visitor_locale(request)})}"
    return f"https://t.me/{request.app[SETTINGS].bot_username}?start={payload}"


def render(template: str, request: web.Request, context: dict[str, Any], *, status: int = 200) -> web.Response:
    """Render a catalog page with the helpers every page uses: `f` (formats), `link`, `here`, labels.

    `here` is the page's own query without the language, so the language switch keeps the search.
    """
    locale = visitor_locale(request)
    _ = translator(locale).gettext
    helpers = {
        "f": Formats(locale),
        "link": link_maker(locale),
        "here": {name: value for name, value in request.query.items() if name != "lang"},
        "legal_form_label": _labeller(LEGAL_FORMS, _),
        "maturity_label": _labeller(MATURITY, _),
        "seal_status_label": _labeller(SEAL_STATUS, _),
        "board_role_label": _labeller(BOARD_ROLES, _),
        "criterion_label": _labeller(MATURITY_CRITERIA, _),
    }
    response = aiohttp_jinja2.render_template(template, request, {**helpers, **context}, status=status)
    # Public, read-only pages: a phone on a slow network may keep one for a minute, per language.
    response.headers["Cache-Control"] = "public, max-age=60"
    response.headers["Vary"] = "Accept-Language"
    return response


def _labeller(names: Mapping[Any, str], _: Callable[[str], str]) -> Callable[[str], str]:
    """A code's label for the templates (an enum value's words), the code itself when it has none."""
    return lambda code: _(names.get(code, code))


def not_found(request: web.Request, message: str) -> web.Response:
    """A translated 404 page saying what was not found (the message id is translated here)."""
    title = translator(visitor_locale(request)).gettext(message)
    return render("error.html", request, {"title": title, "status": 404}, status=404)
