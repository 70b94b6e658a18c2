"""Importing municipalities and communities from a CSV file: all of it in one transaction, or nothing.

Columns by header name: code, name, level, parent (or "parent code", "parent_code"); `;` or `,` between
cells; UTF-8 with or without a BOM. A parent is a row earlier or later in the same file, a code already stored
("bo-scz"), or an ISO 3166 code ("BO-S", "BR-SP"), whose row is created from pycountry as the chooser does
(with `time_zone` when its country has several). Each row takes its parent's country, currency and time zone.

| a line                                              | problem (with its detail)                  |
|-----------------------------------------------------|--------------------------------------------|
| 070101;Santa Cruz de la Sierra;municipality;BO-S    | (none: imported)                           |
| a level other than region/municipality/community    | level_unknown (the level)                  |
| a level not below its parent's                      | level_not_below (the parent's level)       |
| no parent, or one found nowhere                     | parent_missing / parent_unknown (the code) |
| a code repeated in the file / already stored        | code_repeated / code_taken (the code)      |
| a code empty, with spaces or symbols, or an ISO one | code_invalid (the code)                    |
| a name empty or longer than NAME_LENGTH             | name_length (the name)                     |
| a name a spreadsheet runs (=, +, -, @) or with a    | name_unsafe (the name)                     |
| control character                                   |                                            |
| a name twice under the same parent                  | name_repeated (the name)                   |
| rows that are each other's parents                  | parent_cycle (the codes)                   |
| an ISO parent whose country has several time zones  | time_zone_needed (the zones)               |

A file with any problem stores nothing (ImportReport.added 0, each problem with its line); a file that cannot be
read at all raises Invalid("unreadable_file").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from market.enums import TerritoryLevel, TerritoryStatus
from market.errors import Invalid
from market.models import Territory
from market.services.territories.names import find_iso_place, time_zones_of
from market.services.territories.places import choose_place
from market.services.territories.proposals import NAME_LENGTH
from market.spreadsheet import starts_like_formula
from market.text import search_key

# The words a spreadsheet in Spanish or Portuguese may use for a level, besides Feria's own.
LEVELS = {
    "region": TerritoryLevel.REGION, "región": TerritoryLevel.REGION, "região": TerritoryLevel.REGION,
    "departamento": TerritoryLevel.REGION, "estado": TerritoryLevel.REGION,
    "municipality": TerritoryLevel.MUNICIPALITY, "municipio": TerritoryLevel.MUNICIPALITY,
    "município": TerritoryLevel.MUNICIPALITY,
    "community": TerritoryLevel.COMMUNITY, "comunidad": TerritoryLevel.COMMUNITY,
    "comunidade": TerritoryLevel.COMMUNITY,
}
RANK = {TerritoryLevel.COMMUNITY: 0, TerritoryLevel.MUNICIPALITY: 1, TerritoryLevel.REGION: 2,
        TerritoryLevel.COUNTRY: 3}
IMPORTED = (TerritoryLevel.REGION, TerritoryLevel.MUNICIPALITY, TerritoryLevel.COMMUNITY)
PARENT_COLUMNS = ("parent", "parent code", "parent_code")
CODE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
CHUNK = 500  # codes per IN (...) query


@dataclass(frozen=True)
class Problem:
    line: int  # of the file, the header being line 1
    code: str
    detail: str


@dataclass(frozen=True)
class ImportReport:
    added: int  # 0 when there is any problem: nothing is stored
    problems: tuple[Problem, ...]
    by_level: tuple[tuple[TerritoryLevel, int], ...] = ()


@dataclass(frozen=True)
class _Row:
    line: int
    code: str
    name: str
    level: TerritoryLevel
    parent: str  # as written


@dataclass(frozen=True)
class _Parent:
    """Where a parent already is (a stored row) or will be (an ISO place not stored yet, `row_id` None)."""

    row_id: int | None
    iso_code: str | None
    level: TerritoryLevel


async def import_territories(content: str | bytes, time_zone: str | None = None) -> ImportReport:
    """Check every line, then store them all at once (see the table above)."""
    lines = _read(content)
    problems: list[Problem] = []
    rows = [row for row in (_row(line, cells, problems) for line, cells in lines) if row is not None]
    # A line naming as parent a line with its own problem is not named again for it.
    written = {(cells.get("code") or "").strip().lower() for _, cells in lines}
    by_code = _unique_codes(rows, problems)
    taken = await _existing({r.code for r in rows}, "code")
    problems += [Problem(r.line, "code_taken", r.code) for r in rows if r.code in taken]
    outside = await _outside_parents({r.parent for r in rows if r.parent.lower() not in written})
    for row in rows:
        if row.parent.lower() in by_code or row.parent.lower() not in written:
            _check_parent(row, by_code, outside, problems, time_zone)
    _check_cycles(by_code, problems)
    await _check_names(rows, outside, problems)
    if problems:
        return ImportReport(0, tuple(sorted(set(problems), key=lambda p: (p.line, p.code))))
    async with in_transaction():
        await _store(rows, outside, time_zone)
    counts = {level: sum(1 for r in rows if r.level == level) for level in IMPORTED}
    return ImportReport(len(rows), (), tuple((level, n) for level, n in counts.items() if n))


def _read(content: str | bytes) -> list[tuple[int, dict[str, str]]]:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            raise Invalid("unreadable_file", detail="not UTF-8 (save it as CSV UTF-8)") from None
    content = content.removeprefix("\ufeff")
    if not content.strip():
        raise Invalid("unreadable_file", detail="empty")
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter)
    header = [" ".join((name or "").split()).lower() for name in reader.fieldnames or []]
    parent = next((name for name in PARENT_COLUMNS if name in header), None)
    missing = [name for name in ("code", "name", "level") if name not in header] + ([] if parent else ["parent"])
    if missing:
        raise Invalid("unreadable_file", detail="missing columns: " + ", ".join(missing))
    reader.fieldnames = ["parent" if name == parent else name for name in header]
    found = []
    try:
        for cells in reader:
            if any((v or "").strip() for k, v in cells.items() if isinstance(v, str)):
                found.append((reader.line_num, cells))
    except csv.Error as error:
        raise Invalid("unreadable_file", detail=str(error)) from None
    return found


def _row(line: int, cells: dict[str, str], problems: list[Problem]) -> _Row | None:
    value = {name: (cells.get(name) or "") for name in ("code", "name", "level", "parent")}
    code, parent = value["code"].strip().lower(), value["parent"].strip()
    name, level = " ".join(value["name"].split()), LEVELS.get(value["level"].strip().lower())
    before = len(problems)
    if not CODE.fullmatch(code) or find_iso_place(code) is not None:
        problems.append(Problem(line, "code_invalid", code))
    if level is None:
        problems.append(Problem(line, "level_unknown", value["level"].strip()))
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        problems.append(Problem(line, "name_length", name[:40]))
    elif starts_like_formula(value["name"].strip()) or any(
            unicodedata.category(c) in ("Cc", "Cf") for c in value["name"]):
        problems.append(Problem(line, "name_unsafe", repr(value["name"].strip()[:40])))
    if not parent:
        problems.append(Problem(line, "parent_missing", ""))
    if len(problems) > before or level is None:
        return None
    return _Row(line, code, name, level, parent)


def _unique_codes(rows: list[_Row], problems: list[Problem]) -> dict[str, _Row]:
    by_code: dict[str, _Row] = {}
    for row in rows:
        if row.code in by_code:
            problems.append(Problem(row.line, "code_repeated", f"{row.code} (line {by_code[row.code].line})"))
        else:
            by_code[row.code] = row
    return by_code


def _chunks(values: Iterable[str]) -> list[list[str]]:
    ordered = sorted(values)
    return [ordered[i:i + CHUNK] for i in range(0, len(ordered), CHUNK)]


async def _existing(values: set[str], field: str) -> dict[str, dict[str, object]]:
    """The stored rows whose `field` is one of the values, by that value."""
    found: dict[str, dict[str, object]] = {}
    for chunk in _chunks(values):
        for row in await Territory.filter(**{f"{field}__in": chunk}).values("id", "code", "iso_code", "level",
                                                                             "status"):
            found[str(row[field])] = row
    return found


async def _outside_parents(written: set[str]) -> dict[str, _Parent]:
    """The parents not in the file, by code as written: a stored code first, then an ISO code."""
    stored = await _existing({w.lower() for w in written}, "code")
    by_iso = await _existing({w.upper() for w in written}, "iso_code")
    found: dict[str, _Parent] = {}
    for text in written:
        row = stored.get(text.lower()) or by_iso.get(text.upper())
        if row is not None and row["status"] == TerritoryStatus.APPROVED:
            found[text] = _Parent(int(str(row["id"])), None, TerritoryLevel(str(row["level"])))
            continue
        iso = find_iso_place(text) if row is None else None
        if iso is not None:
            level = TerritoryLevel.REGION if "-" in iso.iso_code else TerritoryLevel.COUNTRY
            found[text] = _Parent(None, iso.iso_code, level)
    return found


def _check_parent(row: _Row, by_code: dict[str, _Row], outside: dict[str, _Parent], problems: list[Problem],
                  time_zone: str | None) -> None:
    inside = by_code.get(row.parent.lower())
    parent = outside.get(row.parent)
    if inside is None and parent is None:
        problems.append(Problem(row.line, "parent_unknown", row.parent))
        return
    level = inside.level if inside else parent.level if parent else None
    if level is not None and RANK[row.level] >= RANK[level]:
        problems.append(Problem(row.line, "level_not_below", f"{row.parent}: {level.value}"))
    if parent is not None and parent.iso_code is not None:
        zones = time_zones_of(parent.iso_code.split("-")[0])
        if len(zones) > 1 and time_zone not in zones:
            problems.append(Problem(row.line, "time_zone_needed", ", ".join(zones)))


def _check_cycles(by_code: dict[str, _Row], problems: list[Problem]) -> None:
    """Rows of the file that are, through their parents, their own ancestors."""
    for row in by_code.values():
        seen = [row.code]
        current = by_code.get(row.parent.lower())
        while current is not None:
            if current.code == row.code:
                problems.append(Problem(row.line, "parent_cycle", " → ".join([*seen, row.code])))
                break
            if current.code in seen:  # a loop above this row: named on its own lines
                break
            seen.append(current.code)
            current = by_code.get(current.parent.lower())


async def _check_names(rows: list[_Row], outside: dict[str, _Parent], problems: list[Problem]) -> None:
    """A name twice under the same parent, in the file or beside a stored sibling (accents and case aside)."""
    parent_ids = {p.row_id for p in outside.values() if p.row_id is not None}
    stored: set[tuple[object, str]] = set()
    for chunk in [sorted(parent_ids)[i:i + CHUNK] for i in range(0, len(parent_ids), CHUNK)]:
        siblings = await Territory.filter(parent_id__in=chunk).exclude(status=TerritoryStatus.REFUSED).values_list(
            "parent_id", "name")
        stored |= {(parent_id, search_key(str(name))) for parent_id, name in siblings}
    seen: set[tuple[object, str]] = set()
    for row in rows:
        parent = outside.get(row.parent)
        where: object = parent.row_id if parent and parent.row_id is not None else row.parent.lower()
        key = (where, search_key(row.name))
        if key in seen or key in stored:
            problems.append(Problem(row.line, "name_repeated", row.name))
        seen.add(key)


async def _store(rows: list[_Row], outside: dict[str, _Parent], time_zone: str | None) -> None:
    """Parents first, a level of the tree at a time, each level in bulk inserts; a row takes its parent's facts."""
    places: dict[str, dict[str, object]] = {}  # code as written → the stored row's id, country, currency, zone
    for written, parent in outside.items():
        row_id = parent.row_id
        if row_id is None:  # an ISO place first used here: created as the chooser creates it
            zones = time_zones_of(str(parent.iso_code).split("-")[0])
            row_id = await choose_place(str(parent.iso_code), 0, time_zone if len(zones) > 1 else None)
        places[written.lower()] = await Territory.get(id=row_id).values("id", "country_code", "currency", "time_zone")
    waiting = rows
    while waiting:
        ready = [r for r in waiting if r.parent.lower() in places]
        if not ready:
            raise AssertionError("a parent could not be placed")  # the checks found each one
        await Territory.bulk_create([_child(r, places[r.parent.lower()]) for r in ready], batch_size=CHUNK)
        ids = await _existing({r.code for r in ready}, "code")
        for r in ready:
            places[r.code] = {**places[r.parent.lower()], "id": ids[r.code]["id"]}
        waiting = [r for r in waiting if r.code not in places]


def _child(row: _Row, parent: dict[str, object]) -> Territory:
    return Territory(code=row.code, name=row.name, level=row.level, status=TerritoryStatus.APPROVED,
                     parent_id=parent["id"], country_code=parent["country_code"], currency=parent["currency"],
                     time_zone=parent["time_zone"])
