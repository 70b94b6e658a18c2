"""Choosing a place down the tree (country → subdivision → municipality → community) or by its name.

A place is named by a key the chooser's buttons carry: a country's ISO code ("BO"), a subdivision's ("BO-S"),
or a territory row's id ("12"). Countries and subdivisions come from pycountry (names.py); their rows are
created when first chosen (get or create by iso_code, the currency from babel, the time zone asked when the
country has several). Below them are the rows of the table: imported from a CSV (imports.py) or proposed
by a person (proposals.py), a proposal shown only to its proposer until an operator approves it.

| key       | what it names                                | below it (places_below)                    |
|-----------|----------------------------------------------|--------------------------------------------|
| "BO"      | Bolivia (a row once chosen)                  | its departments, from pycountry            |
| "BO-S"    | Santa Cruz (the demo's bo-scz row)           | the rows under that row                    |
| "12"      | the territory row 12                         | the rows under it                          |
| "ZZ", "x" | nothing                                      | NotFound("territory_not_found")            |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from market.enums import TerritoryLevel, TerritoryStatus
from market.errors import Invalid, NotFound
from market.models import Territory
from market.services.territories.names import (
    IsoPlace,
    countries,
    currency_of,
    find_iso_place,
    iso_name,
    sorted_by_name,
    subdivisions,
    time_zones_of,
)
from market.text import search_key

PAGE = 8
TOP = "-"  # the chooser's first page, the countries, as a key
MATCH_LIMIT = 8
QUERY_LENGTH = (2, 64)
BELOW = {TerritoryLevel.COUNTRY: TerritoryLevel.REGION, TerritoryLevel.REGION: TerritoryLevel.MUNICIPALITY,
         TerritoryLevel.MUNICIPALITY: TerritoryLevel.COMMUNITY}


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    pending: bool = False  # proposed by the person and waiting for an operator


@dataclass(frozen=True)
class PlacePage:
    parent: Place | None  # None: the countries
    items: tuple[Place, ...]
    offset: int
    next_offset: int | None
    can_propose: bool  # a place may be proposed under the parent: a subdivision, a row, a country without any
    up: str | None = None  # the key of the place above the parent ("-": the countries); None at the countries


def visible_to(person_id: int) -> Q:
    return Q(status=TerritoryStatus.APPROVED) | Q(status=TerritoryStatus.PENDING, proposed_by_id=person_id)


def _row_place(row: dict[str, Any], locale: str) -> Place:
    iso = find_iso_place(row["iso_code"]) if row.get("iso_code") else None
    name = iso_name(iso, locale) if iso else row["name"]
    return Place(row["iso_code"] or str(row["id"]), name, row["status"] == TerritoryStatus.PENDING)


def _page(parent: Place | None, places: list[Place], offset: int, can_propose: bool,
          up: str | None = None) -> PlacePage:
    offset = max(offset, 0)
    chunk = places[offset:offset + PAGE]
    more = offset + PAGE if len(places) > offset + PAGE else None
    return PlacePage(parent, tuple(chunk), offset, more, can_propose, up)


async def _up(key: str) -> str:
    """The key of the place above `key`'s: a subdivision's country, a row's parent, the countries ("-")."""
    if not key.isdecimal():
        return key.split("-")[0].upper() if "-" in key else TOP
    row = await Territory.filter(id=int(key)).first().values("parent_id", "parent__iso_code")
    if row is None or row["parent_id"] is None:
        return TOP
    return str(row["parent__iso_code"] or row["parent_id"])


async def place_name(key: str, locale: str, person_id: int) -> Place:
    """The place a key names, in the locale (NotFound when none, or a proposal of someone else's)."""
    if key.isdecimal():
        row = await Territory.filter(visible_to(person_id), id=int(key)).first().values(
            "id", "iso_code", "name", "status") if len(key) < 10 else None
        if row is None:
            raise NotFound("territory_not_found")
        return _row_place(row, locale)
    iso = find_iso_place(key)
    if iso is None:
        raise NotFound("territory_not_found")
    return Place(iso.iso_code, iso_name(iso, locale))


async def places_below(key: str | None, locale: str, person_id: int, offset: int = 0) -> PlacePage:
    """A page of the places below `key` (None: the countries), in alphabetical order."""
    if key is None:
        return _page(None, [Place(p.iso_code, n) for p, n in sorted_by_name(countries(), locale)], offset, False)
    parent = await place_name(key, locale, person_id)
    key = parent.key
    row_id = await row_id_of(key)
    places: list[Place] = []
    country = not key.isdecimal() and "-" not in key
    if country:
        places = [Place(p.iso_code, n) for p, n in sorted_by_name(subdivisions(key), locale)]
    if row_id is not None:
        rows = await Territory.filter(visible_to(person_id), parent_id=row_id, iso_code__isnull=True).values(
            "id", "iso_code", "name", "status")
        places += sorted((_row_place(r, locale) for r in rows), key=lambda p: search_key(p.name))
    can_propose = not country or not subdivisions(key)  # a country's regions come from the ISO lists
    return _page(parent, places, offset, can_propose and not parent.pending, await _up(key))


async def row_id_of(key: str) -> int | None:
    if key.isdecimal():
        return int(key)
    return await Territory.filter(iso_code=key.upper()).first().values_list("id", flat=True)  # type: ignore[return-value]


async def zones_to_ask(key: str) -> tuple[str, ...]:
    """The time zones to ask about before the place's row is created: none when it exists or has one."""
    if key.isdecimal() or await row_id_of(key) is not None:
        return ()
    zones = time_zones_of(key.split("-")[0].upper())
    return zones if len(zones) > 1 else ()


async def choose_place(key: str, person_id: int, time_zone: str | None = None) -> int:
    """The territory row of the chosen place, created for a country or subdivision chosen first (get or create)."""
    if key.isdecimal():
        place = await place_name(key, "en", person_id)
        return int(place.key) if place.key.isdecimal() else await row_id_of(place.key) or 0
    iso = find_iso_place(key)
    if iso is None:
        raise NotFound("territory_not_found")
    existing = await row_id_of(iso.iso_code)
    if existing is not None:
        return existing
    zones = time_zones_of(iso.country_code)
    if time_zone is None and len(zones) == 1:
        time_zone = zones[0]
    if time_zone not in zones:
        raise Invalid("time_zone_unknown")
    return await _create_iso_row(iso, time_zone)


async def _create_iso_row(iso: IsoPlace, time_zone: str) -> int:
    parent_id = None
    if "-" in iso.iso_code:
        parent_id = await row_id_of(iso.country_code)
        if parent_id is None:
            country = find_iso_place(iso.country_code)
            assert country is not None  # a subdivision's country is on the list
            parent_id = await _create_iso_row(country, time_zone)
    level = TerritoryLevel.REGION if parent_id is not None else TerritoryLevel.COUNTRY
    try:
        row = await Territory.create(code=iso.iso_code.lower(), iso_code=iso.iso_code, name=iso.english_name,
                                     level=level, parent_id=parent_id, country_code=iso.country_code,
                                     currency=currency_of(iso.country_code), time_zone=time_zone)
    except IntegrityError:  # chosen by someone else at the same moment (or its code taken): theirs stands
        found = await row_id_of(iso.iso_code)
        if found is None:
            raise
        return found
    return row.id


async def search_places(text: str, locale: str, person_id: int) -> tuple[Place, ...]:
    """Places whose name holds the words typed, accents and case aside: countries, subdivisions, rows."""
    low, high = QUERY_LENGTH
    query = search_key(text)
    if not low <= len(query) <= high:
        raise Invalid("place_query_length", min=low, max=high)
    found: list[Place] = []
    for country, name in sorted_by_name(countries(), locale):
        if query in search_key(name) or query in search_key(country.english_name):
            found.append(Place(country.iso_code, name))
    rows = await Territory.filter(visible_to(person_id), iso_code__isnull=True).values(
        "id", "iso_code", "name", "status", "country_code")
    found += [_row_place(r, locale) for r in rows if query in search_key(r["name"])]
    if len(found) < MATCH_LIMIT:
        for country in countries():
            for sub, name in sorted_by_name(subdivisions(country.iso_code), locale):
                if query in search_key(name):
                    found.append(Place(sub.iso_code, f"{name} ({iso_name(country, locale)})"))
    return tuple(found[:MATCH_LIMIT])


@dataclass(frozen=True)
class PlaceFacts:
    territory_id: int
    name: str
    country_code: str
    currency: str
    time_zone: str


async def place_facts(territory_id: int, locale: str) -> PlaceFacts:
    """A chosen row's name in the locale, country, currency and time zone."""
    row = await Territory.filter(id=territory_id).first().values(
        "id", "iso_code", "name", "status", "country_code", "currency", "time_zone")
    if row is None:
        raise NotFound("territory_not_found")
    return PlaceFacts(row["id"], _row_place(row, locale).name, row["country_code"], row["currency"], row["time_zone"])
