"""Languages and formats: pick a person's locale, load its catalog, format money and dates.

Text shown to people lives in the adapters; this module gives them the gettext catalogs
(locales/<locale>/LC_MESSAGES/messages.po) and babel's formatting for a locale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError, localedata
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import format_interval, format_skeleton, format_time, get_date_format
from babel.dates import parse_date as _parse_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from babel.support import NullTranslations, Translations

from market.enums import SUPPORTED_LOCALES
from market.presentation.labels import category_name

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
# A language we serve under a neighbouring catalog: Portuguese is served as pt_BR.
_LANGUAGE_FALLBACK = {"es": "es", "pt": "pt_BR", "en": "en"}


@lru_cache(maxsize=512)  # every request and update asks; babel parses slowly; bounded against made-up codes
def supported_locale(code: str | None) -> str | None:
    """The catalog we serve for a locale code from anywhere (Telegram, a browser, the database).

    | code     | catalog |
    |----------|---------|
    | "es-MX"  | "es"    |
    | "pt-br"  | "pt_BR" |
    | "pt_PT"  | "pt_BR" |
    | "en"     | "en"    |
    | "fr"     | None    |
    | "xx-!!"  | None    |
    """
    if not code:
        return None
    try:
        locale = Locale.parse(code.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    if str(locale) in SUPPORTED_LOCALES:
        return str(locale)
    return _LANGUAGE_FALLBACK.get(locale.language)


def pick_locale(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The person's stored choice, else Telegram's language_code, else the default.

    | stored  | telegram | default | locale  |
    |---------|----------|---------|---------|
    | "en"    | "pt-br"  | "es"    | "en"    |
    | None    | "pt-br"  | "es"    | "pt_BR" |
    | None    | "de"     | "es"    | "es"    |
    | None    | None     | "pt_BR" | "pt_BR" |
    """
    return supported_locale(stored) or supported_locale(telegram_code) or supported_locale(default) or "es"


def compile_catalogs(directory: Path = LOCALES_DIR) -> list[Path]:
    """Compile every .po under `directory` whose .mo is missing or older; returns the .mo written."""
    written = []
    for po_path in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


@cache
def translations(locale: str) -> NullTranslations:
    """The catalog for a supported locale, cached: one load per process and locale."""
    compile_catalogs()
    return Translations.load(str(LOCALES_DIR), [locale], DOMAIN)


def formatting_locale(locale: str, country_code: str | None = None) -> str:
    """The CLDR locale that formats for a person: their language in the territory's country.

    | locale  | country | formats as |
    |---------|---------|------------|
    | "es"    | "BO"    | "es_BO"    |
    | "es"    | None    | "es"       |
    | "pt_BR" | "BO"    | "pt_BR"    |
    | "en"    | "MX"    | "en"       |
    """
    if country_code and "_" not in locale:
        candidate = f"{locale}_{country_code.upper()}"
        if localedata.exists(candidate):
            return candidate
    return locale


def currency_country(currency: str) -> str:
    """The country whose money it is: ISO 4217 codes start with the country's ISO 3166 code (BOB → BO)."""
    return currency[:2].upper()


def _home_locale(currency: str) -> str:
    """The locale of the currency's own country, for its symbol and where it stands: pt_BR for BRL, es_MX for MXN."""
    country = currency_country(currency)
    for language in ("pt", "es", "en") if country in ("BR", "PT") else ("es", "en", "pt"):
        if localedata.exists(f"{language}_{country}"):
            return f"{language}_{country}"
    return "en"


def unambiguous_money(amount: Decimal, currency: str, locale: str) -> str:
    """Money in the currency's own symbol and placing, with the reader's digits; a bare "$" says whose it is.

    | amount | currency | reader's locale | text          |
    |--------|----------|-----------------|---------------|
    | 320    | MXN      | es_BO           | "MX$320,00"   |
    | 9      | BRL      | es_BO           | "R$\xa09,00"  |
    | 8.5    | BOB      | pt_BR           | "Bs8,50"      |
    | 12     | USD      | es_BO           | "US$12,00"    |
    | 9000   | PYG      | es_BO           | "Gs.\xa09.000"|
    | 320    | MXN      | en              | "MX$320.00"   |
    """
    home = _home_locale(currency)
    symbol = get_currency_symbol(currency, home)
    if symbol == "$":
        symbol = f"{currency_country(currency)}$"
    pattern = Locale.parse(home).currency_formats["standard"].pattern.split(";")[0]
    quoted = symbol.replace("'", "''")
    return format_currency(amount, currency, format=pattern.replace("¤", f"'{quoted}'"), locale=locale)


# Three numbers, one of them a four-digit year, apart by any separator: "15/03/2025", "2025-03-15", "15.3.2025".
TYPED_DAY = re.compile(r"(\d{4}\D+\d{1,2}\D+\d{1,2}|\d{1,2}\D+\d{1,2}\D+\d{4})")


class Translator:
    """gettext and babel formatting bound to one person's locale (and their territory's country)."""

    def __init__(self, locale: str, country_code: str | None = None) -> None:
        self.locale = supported_locale(locale) or "es"
        self.format_locale = formatting_locale(self.locale, country_code)
        self._translations = translations(self.locale)

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def category(self, code: str, stored: Mapping[str, str] | None = None) -> str:
        """A category's name for this reader, from the names an operator stored or the catalogs (labels)."""
        return category_name(code, stored or {}, self.locale, self.gettext)

    def money(self, amount: Decimal, currency: str, reader_country: str | None = None) -> str:
        """Bs8,50 for es_BO, R$ 8,50 for pt_BR; amounts are Decimal, never float.

        Money in another currency than the reader's own (their country known), or that would read as a bare "$",
        is written so that nobody takes it for theirs (unambiguous_money): "MX$320,00", "R$ 9,00".
        """
        own = reader_country is not None and currency_country(currency) == reader_country.upper()
        if own:
            return format_currency(amount, currency, locale=formatting_locale(self.locale, reader_country))
        # Spanish "in Brazil" (es_BR) writes reais as R$9.00: a Spanish reader's digits, Brazil's symbol, instead.
        foreign_speech = (self.format_locale.endswith(f"_{currency_country(currency)}")
                          and self.format_locale != _home_locale(currency))
        if reader_country is not None or foreign_speech or get_currency_symbol(currency, self.format_locale) == "$":
            return unambiguous_money(amount, currency, formatting_locale(self.locale, reader_country))
        return format_currency(amount, currency, locale=self.format_locale)

    def number(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self.format_locale)

    def country(self, code: str) -> str:
        """A country's name in the reader's language: "Brasil" for "BR" in Spanish, the code for an unknown one."""
        return str(Locale.parse(self.locale).territories.get(code.upper(), code.upper()))

    def date(self, value: dt.date, format: str = "medium") -> str:
        return _format_date(value, format=format, locale=self.format_locale)

    def months(self, first: dt.date, last: dt.date) -> str:
        """A run of months as this locale writes it: "sept–nov 2026", "set. – nov. de 2026", "Nov 2026"."""
        return format_interval(first, last, "yMMM", locale=self.format_locale)

    def date_as_typed(self, value: dt.date) -> str:
        """A day as `parse_date` reads it back: the locale's short order with a four-digit year (15/3/2025)."""
        pattern = re.sub(r"y+", "yyyy", get_date_format("short", locale=self.format_locale).pattern)
        return _format_date(value, format=pattern, locale=self.format_locale)

    def parse_date(self, text: str) -> dt.date | None:
        """A day typed in this locale's order ("15/03/2025" in es and pt, "3/15/2025" in en; "2025-03-15"
        anywhere); None unless it has a day, a month and a year (four digits) that make a real day."""
        if not TYPED_DAY.fullmatch(text.strip()):
            return None
        try:
            return _parse_date(text.strip(), locale=self.format_locale)
        except (ValueError, IndexError):  # babel's ParseError is a ValueError
            return None

    def datetime(self, value: dt.datetime, time_zone: str, format: str = "medium") -> str:
        """A moment shown in the territory's time zone (closing times are local)."""
        return _format_datetime(value, format=format, tzinfo=ZoneInfo(time_zone), locale=self.format_locale)

    def moment(self, value: dt.datetime, time_zone: str) -> str:
        """A closing time as people say it, in the place's time zone: "sáb, 28 de noviembre, 20:00"."""
        local = value.astimezone(ZoneInfo(time_zone))
        # The weekday written out: a skeleton's match abbreviates it ("mar" for martes reads "the sea").
        weekday = _format_date(local, "EEEE", locale=self.format_locale)
        day = f"{weekday}, {format_skeleton('MMMMd', local, locale=self.format_locale)}"
        return f"{day}, {format_time(local, 'short', locale=self.format_locale)}"
