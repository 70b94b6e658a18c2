"""Countries and their first-level subdivisions from pycountry, named in es/pt/en from its gettext catalogs,
with their currency (babel's territory data) and time zones (the IANA database, through babel's CLDR)."""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass

import pycountry
from babel.core import get_global
from babel.numbers import get_territory_currencies

from market import clock
from market.text import search_key

# Feria's locales and the pycountry catalogs that name places in each (English is the msgid itself).
CATALOG_LANGUAGES = {"es": ["es"], "pt_BR": ["pt_BR", "pt"], "en": []}


@dataclass(frozen=True)
class IsoPlace:
    """A country ("BO") or a first-level subdivision ("BO-S") of the ISO 3166 lists."""

    iso_code: str
    country_code: str
    english_name: str


@functools.lru_cache(maxsize=8)
def _catalog(domain: str, locale: str) -> gettext.NullTranslations:
    languages = CATALOG_LANGUAGES.get(locale, CATALOG_LANGUAGES.get(locale.split("_")[0], []))
    if not languages:
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=languages, fallback=True)


@functools.lru_cache(maxsize=1)
def countries() -> tuple[IsoPlace, ...]:
    return tuple(IsoPlace(c.alpha_2, c.alpha_2, getattr(c, "common_name", None) or c.name)
                 for c in pycountry.countries)


@functools.lru_cache(maxsize=256)
def subdivisions(country_code: str) -> tuple[IsoPlace, ...]:
    """The country's first-level subdivisions (Bolivia's departments, Brazil's states): those without a parent."""
    found = pycountry.subdivisions.get(country_code=country_code) or []  # type: ignore[no-untyped-call]
    return tuple(IsoPlace(s.code, country_code, s.name) for s in found if s.parent_code is None)


def find_iso_place(iso_code: str) -> IsoPlace | None:
    """The country or subdivision with this ISO code, None when the lists have none."""
    country = iso_code.split("-")[0].upper()
    if "-" not in iso_code:
        return next((c for c in countries() if c.iso_code == country), None)
    return next((s for s in subdivisions(country) if s.iso_code == iso_code.upper()), None)


def iso_name(place: IsoPlace, locale: str) -> str:
    """"São Paulo", "Bolívia": the place's name in the locale, English where its catalog has none."""
    domain = "iso3166-2" if "-" in place.iso_code else "iso3166-1"
    return _catalog(domain, locale).gettext(place.english_name)


def sorted_by_name(places: tuple[IsoPlace, ...], locale: str) -> list[tuple[IsoPlace, str]]:
    """The places with their names in the locale, in alphabetical order of those names (accents aside)."""
    named = [(p, iso_name(p, locale)) for p in places]
    return sorted(named, key=lambda pair: search_key(pair[1]))


def currency_of(country_code: str) -> str:
    """The country's legal tender today (babel's territory data), USD where it knows none."""
    current = get_territory_currencies(country_code, clock.today())
    return current[0] if current else "USD"


@functools.lru_cache(maxsize=1)
def _zones() -> dict[str, tuple[str, ...]]:
    by_country: dict[str, list[str]] = {}
    for zone, country in get_global("zone_territories").items():
        by_country.setdefault(country, []).append(zone)
    return {country: tuple(sorted(zones)) for country, zones in by_country.items()}


def time_zones_of(country_code: str) -> tuple[str, ...]:
    """The country's IANA time zones, alphabetically (UTC where babel knows none)."""
    return _zones().get(country_code, ("UTC",))
