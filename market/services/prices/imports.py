"""Importing an official or survey price series from CSV: every good row in one transaction, each bad one named.

Columns by header name, in any order: date, product, territory (its code), market_level, price, unit,
currency, source (official or survey); an optional source_detail says which series ("INE, IPC").
Comma or semicolon separated, UTF-8 with or without a BOM. A row already imported, or repeated in
the file, is refused as a duplicate, so importing the same file twice counts nothing twice.
A file that cannot be read at all raises Invalid("unreadable_file") and imports nothing. With
`all_or_nothing` (the desk's upload) a single bad row imports nothing either: the report names every bad row
and `held_back` says the good ones wait for the corrected file; rows already imported are skipped, not bad.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from market import clock
from market.enums import MarketLevel, PriceSource
from market.errors import Invalid
from market.models import PriceObservation, Territory, UnitConversion
from market.services.prices.recording import MAX_PRICE, known_units
from market.services.prices.summaries import MAX_NAME
from market.spreadsheet import starts_like_formula
from market.text import search_key

REQUIRED = ("date", "product", "territory", "market_level", "price", "unit", "currency", "source")
SOURCES = (PriceSource.OFFICIAL, PriceSource.SURVEY)
# A day's prices are recorded at noon where the market is: the date reads the same in its time zone.
RECORDED_AT = time(12)
PLACES = 4
# What makes two rows the same observation: search key, territory, level, moment, unit and source.
Identity = tuple[str, int, MarketLevel, datetime, str, PriceSource]


@dataclass(frozen=True)
class RefusedRow:
    row: int            # the line of the file, the header being line 1
    reason_code: str
    detail: str


@dataclass(frozen=True)
class ImportReport:
    accepted: int
    refused: tuple[RefusedRow, ...]
    held_back: bool = False  # all or nothing, and a bad row kept the good ones out


class _Refused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


async def import_price_csv(text: str | bytes, *, all_or_nothing: bool = False) -> ImportReport:
    """Import the good rows of the file at once, and name each refused row with its line and reason."""
    rows = _read(text)
    territories = await _territories({(r.get("territory") or "").strip().lower() for _, r in rows})
    refused, observations, seen = [], [], set()
    for line, row in rows:
        try:
            observation = _observation(row, territories)
            identity = _identity(observation)
            if identity in seen:
                raise _Refused("duplicate_row", "repeated in the file")
            seen.add(identity)
            observations.append((line, observation))
        except _Refused as refusal:
            refused.append(RefusedRow(line, refusal.code, refusal.detail))
    existing = await _already_imported([o for _, o in observations])
    accepted = []
    for line, observation in observations:
        if _identity(observation) in existing:
            refused.append(RefusedRow(line, "already_imported", observation.product_name))
        else:
            accepted.append(observation)
    refused.sort(key=lambda r: r.row)
    if all_or_nothing and any(r.reason_code != "already_imported" for r in refused):
        return ImportReport(0, tuple(refused), held_back=True)
    async with in_transaction():
        await PriceObservation.bulk_create(accepted, batch_size=1000)
    return ImportReport(len(accepted), tuple(refused))


def _read(text: str | bytes) -> list[tuple[int, dict[str, str]]]:
    """(line, row by column name) of every row with something in it; Invalid("unreadable_file") if none can be."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise Invalid("unreadable_file", detail="not UTF-8") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise Invalid("unreadable_file", detail="empty")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise Invalid("unreadable_file", detail="missing columns: " + ", ".join(missing))
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if any((v or "").strip() for k, v in row.items() if k is not None):
                rows.append((reader.line_num, row))
    except csv.Error as error:
        raise Invalid("unreadable_file", detail=str(error)) from None
    return rows


async def _territories(codes: set[str]) -> dict[str, dict[str, Any]]:
    """Each territory named in the file, with its currency, time zone and units (its own and its ancestors')."""
    found = await Territory.filter(code__in=codes).values("id", "code", "currency", "time_zone", "country_code")
    if not found:
        return {}
    everything = dict(await Territory.filter(country_code__in={t["country_code"] for t in found}).values_list(
        "id", "parent_id"))
    conversions = await UnitConversion.filter(territory_id__in=list(everything)).values_list(
        "territory_id", "unit", "base_unit", "factor")
    by_place: dict[int, dict[str, tuple[str, Decimal]]] = {}
    for territory_id, unit, base, factor in conversions:
        by_place.setdefault(territory_id, {})[unit] = (base, Decimal(factor))
    result = {}
    for t in found:
        chain, current = [], t["id"]
        while current is not None and current not in chain:
            chain.append(current)
            current = everything.get(current)
        local = {}
        for place in reversed(chain):  # the nearest place's weight wins
            local.update(by_place.get(place, {}))
        result[t["code"].lower()] = {**t, "units": known_units(local)}
    return result


def _observation(row: dict[str, str], territories: dict[str, dict[str, Any]]) -> PriceObservation:
    values = {name: (row.get(name) or "").strip() for name in (*REQUIRED, "source_detail")}
    for name in REQUIRED:
        if not values[name]:
            raise _Refused("missing_field", name)
    territory = territories.get(values["territory"].lower())
    if territory is None:
        raise _Refused("unknown_territory", values["territory"])
    try:
        level = MarketLevel(values["market_level"].lower())
    except ValueError:
        raise _Refused("bad_level", values["market_level"]) from None
    try:
        source = PriceSource(values["source"].lower())
    except ValueError:
        source = None
    if source not in SOURCES:
        raise _Refused("bad_source", values["source"])
    # A name like "=HYPERLINK(...)" would be a formula in any sheet the series is read into again.
    if len(values["product"]) > MAX_NAME or not search_key(values["product"]) or starts_like_formula(values["product"]):
        raise _Refused("bad_product", values["product"][:40])
    price = read_price(values["price"])
    if price is None or not 0 < price <= MAX_PRICE or price != price.quantize(Decimal(1).scaleb(-PLACES)):
        raise _Refused("bad_price", values["price"])
    unit = values["unit"].lower()
    if unit not in territory["units"]:
        raise _Refused("unknown_unit", values["unit"])
    if values["currency"].upper() != territory["currency"]:
        raise _Refused("currency_mismatch", f"{values['currency']} (the territory's is {territory['currency']})")
    return PriceObservation(
        search_key=search_key(values["product"]), product_name=" ".join(values["product"].split()),
        territory_id=territory["id"], market_level=level, price=price, currency=territory["currency"], unit=unit,
        source=source, source_detail=values["source_detail"][:160],
        observed_at=_moment(values["date"], territory["time_zone"]),
    )


def _moment(text: str, time_zone: str) -> datetime:
    """Noon of an ISO date where the territory is, in UTC; a date to come is refused."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _Refused("bad_date", text) from None
    # A day ahead of UTC is still today somewhere.
    if day > clock.today() + timedelta(days=1):
        raise _Refused("bad_date", text)
    return datetime.combine(day, RECORDED_AT, ZoneInfo(time_zone)).astimezone(timezone.utc)


def read_price(text: str) -> Decimal | None:
    """A price as a series writes it; a lone separator is the decimal mark, a repeated or first one groups.

    | text       | price   |
    |------------|---------|
    | 6.50       | 6.5     |
    | 6,50       | 6.5     |
    | 1.250      | 1.25    |
    | 1.250,50   | 1250.5  |
    | 1,250.50   | 1250.5  |
    | 1.250.000  | 1250000 |
    | 6,5,0      | None    |
    | abc        | None    |
    """
    if not re.fullmatch(r"[0-9]+(?:[.,][0-9]+)*|[0-9]*[.,][0-9]+", text):
        return None
    marks = re.findall(r"[.,]", text)
    if len(set(marks)) == 2:
        if marks.count(marks[-1]) != 1:
            return None
        grouping, decimal = marks[0], marks[-1]
        text = text.replace(grouping, "").replace(decimal, ".")
    elif len(marks) > 1:
        if not re.fullmatch(r"[0-9]{1,3}(?:[.,][0-9]{3})+", text):
            return None
        text = re.sub(r"[.,]", "", text)
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _identity(observation: PriceObservation) -> Identity:
    return (observation.search_key, observation.territory_id, MarketLevel(observation.market_level),
            observation.observed_at, observation.unit, PriceSource(observation.source))


async def _already_imported(observations: list[PriceObservation]) -> set[Identity]:
    """The identities of the file's rows already in the database, from one query."""
    if not observations:
        return set()
    moments = [o.observed_at for o in observations]
    rows = await PriceObservation.filter(
        territory_id__in={o.territory_id for o in observations}, source__in=list(SOURCES),
        observed_at__gte=min(moments), observed_at__lte=max(moments),
        search_key__in={o.search_key for o in observations},
    ).values_list("search_key", "territory_id", "market_level", "observed_at", "unit", "source")
    return {(k, t, MarketLevel(lv), at.astimezone(timezone.utc), u, PriceSource(s)) for k, t, lv, at, u, s in rows}
