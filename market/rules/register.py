"""The member register's rules: reading what a producer produces, when an entry is stale, when a reminder is due,
and the shares of women the register and the board show (only ever as totals).

A producer writes what they produce one product a line: the product, about how much with its unit, and after a
comma the season ("papa 20 qq, mayo a julio"). The quantity is read as a stock message reads it
(market.stock_messages), so "20 qq", "5 quintales", "30 kg" and "1/2 arroba" all work; a price written on the
line is ignored (the register asks for amounts, not prices). The comma that starts the season is one followed by
a space: "queso 0,5 kg" keeps its decimal comma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from market.enums import Gender
from market.rules.board import add_months
from market.stock_messages import StockLine, parse_stock_message

STALE_MONTHS = 12  # an entry not updated for this long is stale: the admins see it, the producer is reminded
FIRST_REMINDER_MONTHS = 1  # a member with no entry is first reminded this long after being approved
UPDATED_SHARE = Decimal("0.8")  # the register is "updated" when this share of its members' entries are current
MAX_LINES = 20
MAX_PRODUCT, MAX_SEASON = 60, 60
MIN_FAMILY, MAX_FAMILY = 1, 40
SHARE_PLACES = Decimal("0.0001")

_SEASON = re.compile(r"[,;]\s+|;")


class EntryState(StrEnum):
    CURRENT = "current"  # updated within STALE_MONTHS
    STALE = "stale"  # updated before that
    MISSING = "missing"  # never written


@dataclass(frozen=True)
class ProductionLine:
    product: str
    quantity: Decimal
    unit: str
    season: str = ""


@dataclass(frozen=True)
class UnreadableLine:
    line: int  # 1-based, as the producer counts the lines they wrote
    reason: str  # a stock message's error code, or "product_too_long" / "season_too_long"


def parse_production(text: str, locale: str = "es") -> list[ProductionLine | UnreadableLine]:
    """Every non-blank line of what a producer wrote, read, or why it could not be.

    | line                         | product     | quantity | unit    | season       |
    |------------------------------|-------------|----------|---------|--------------|
    | papa 20 qq, mayo a julio     | papa        | 20       | quintal | mayo a julio |
    | café 5 quintales; cosecha    | café        | 5        | quintal | cosecha      |
    | miel 30 kg                   | miel        | 30       | kg      |              |
    | queso 0,5 kg, todo el año    | queso       | 0.5      | kg      | todo el año  |
    | tomate 20 kg a 8,50, verano  | tomate      | 20       | kg      | verano       |
    | tomate, verano               | no_quantity |          |         |              |
    | tomate -5 kg                 | bad_quantity|          |         |              |
    """
    read: list[ProductionLine | UnreadableLine] = []
    number = 0
    for raw in text.splitlines():
        if not raw.strip():
            continue
        number += 1
        parts = _SEASON.split(raw, maxsplit=1)
        head, season = parts[0], parts[1].strip() if len(parts) > 1 else ""
        lines = parse_stock_message(head, locale) if head.strip() else []
        first = lines[0] if lines else None
        if not isinstance(first, StockLine):
            read.append(UnreadableLine(number, first.code if first is not None else "no_quantity"))
        elif first.mode == "take":  # "tomate -5 kg" takes stock away: no amount anyone produces
            read.append(UnreadableLine(number, "bad_quantity"))
        elif not first.product:
            read.append(UnreadableLine(number, "no_product"))
        elif len(first.product) > MAX_PRODUCT:
            read.append(UnreadableLine(number, "product_too_long"))
        elif len(season) > MAX_SEASON:
            read.append(UnreadableLine(number, "season_too_long"))
        else:
            read.append(ProductionLine(first.product, first.quantity, first.unit, season))
    return read


def entry_state(updated_on: date | None, today: date) -> EntryState:
    """Whether an entry is current: updated less than STALE_MONTHS ago.

    | updated on  | today       | state   |
    |-------------|-------------|---------|
    | -           | 2026-11-21  | missing |
    | 2026-01-10  | 2026-11-21  | current |
    | 2025-11-22  | 2026-11-21  | current |
    | 2025-11-21  | 2026-11-21  | stale   |
    | 2024-03-01  | 2026-11-21  | stale   |
    """
    if updated_on is None:
        return EntryState.MISSING
    return EntryState.CURRENT if add_months(updated_on, STALE_MONTHS) > today else EntryState.STALE


def reminder_due_on(updated_on: date | None, approved_on: date, today: date) -> date | None:
    """The day of the reminder owed now, if any: a year after the last update and every year after while it is not
    updated; with no entry, a month after approval and every year after. A reminder is keyed by this day, so each
    is sent once.

    | updated on | approved on | today      | due on     |
    |------------|-------------|------------|------------|
    | 2026-01-10 | 2025-01-01  | 2026-11-21 | -          |
    | 2025-11-21 | 2025-01-01  | 2026-11-21 | 2026-11-21 |
    | 2025-10-01 | 2025-01-01  | 2026-11-21 | 2026-10-01 |
    | 2024-10-01 | 2024-01-01  | 2026-11-21 | 2026-10-01 |
    | -          | 2026-11-01  | 2026-11-21 | -          |
    | -          | 2026-10-01  | 2026-11-21 | 2026-11-01 |
    | -          | 2025-09-15  | 2026-11-21 | 2026-10-15 |
    """
    first = add_months(updated_on, STALE_MONTHS) if updated_on is not None else add_months(approved_on,
                                                                                         FIRST_REMINDER_MONTHS)
    if first > today:
        return None
    years = 0
    while add_months(first, (years + 1) * 12) <= today:
        years += 1
    return add_months(first, years * 12)


def women_share(genders: list[Gender | None]) -> Decimal | None:
    """The share of women among those who declared a gender (woman, man or another); None when nobody did.

    | genders                          | share  |
    |----------------------------------|--------|
    | (none)                           | None   |
    | undisclosed, None                | None   |
    | woman, man, undisclosed          | 0.5000 |
    | woman, woman, another            | 0.6667 |
    | man                              | 0.0000 |
    """
    declared = [g for g in genders if g is not None and g != Gender.UNDISCLOSED]
    if not declared:
        return None
    women = sum(1 for g in declared if g == Gender.WOMAN)
    return (Decimal(women) / Decimal(len(declared))).quantize(SHARE_PLACES, ROUND_HALF_UP)


def register_updated(members: int, current: int) -> bool:
    """The register counts as updated when at least UPDATED_SHARE (80 %) of the approved members' entries are
    current: seed 002 asks for an up-to-date member list, and one absent member should not hold the whole
    organization back. An organization with no member has no register to speak of.

    | members | current | updated |
    |---------|---------|---------|
    | 0       | 0       | False   |
    | 5       | 4       | True    |
    | 5       | 3       | False   |
    | 10      | 8       | True    |
    | 1       | 1       | True    |
    """
    return members > 0 and Decimal(current) >= UPDATED_SHARE * members


@dataclass(frozen=True)
class Season:
    """What a producer brought of a product in one run of months, from their lots' history (market.models.lots)."""

    product: str
    unit: str
    quantity: Decimal
    first: date  # the first day of the first month
    last: date  # the first day of the last month


def seasons(changes: list[tuple[str, str, date, Decimal]], *, per_product: int = 3) -> tuple[Season, ...]:
    """A producer's last seasons by product: (product, unit, day, change) of their own lot changes, read as runs of
    months with posts (a month with none ends a season), each the net of what they posted, added and took away.

    Sales and given-back stock are not passed in: a season says what the family brought, not what sold. A season
    whose net is not above zero (posted, then taken back) is left out. Newest first; products by their newest
    season, then by name.

    | changes (product, day, change)                                    | seasons                                  |
    |-------------------------------------------------------------------|------------------------------------------|
    | cacao 2026-09-03 +40, cacao 2026-10-20 +30, cacao 2026-11-02 +20 | cacao 90, sep–nov 2026                   |
    | cacao 2026-05-10 +50, cacao 2026-09-03 +40                       | cacao 40, sep 2026; cacao 50, may 2026   |
    | cacao 2026-09-03 +80, cacao 2026-09-03 -70                       | cacao 10, sep 2026                       |
    | cacao 2026-09-03 +5, cacao 2026-09-04 -5                         | (none)                                   |
    | café 2026-06-01 +10, cacao 2026-09-03 +40                        | cacao 40, sep 2026; café 10, jun 2026    |
    """
    by_product: dict[tuple[str, str], list[tuple[date, Decimal]]] = {}
    for product, unit, day, change in changes:
        by_product.setdefault((product, unit), []).append((day.replace(day=1), change))
    found: list[Season] = []
    for (product, unit), moves in by_product.items():
        runs: list[list[tuple[date, Decimal]]] = []
        for month, change in sorted(moves, key=lambda m: m[0]):
            if runs and _months_between(runs[-1][-1][0], month) <= 1:
                runs[-1].append((month, change))
            else:
                runs.append([(month, change)])
        made = [Season(product, unit, sum((c for _, c in run), Decimal(0)), run[0][0], run[-1][0]) for run in runs]
        found += [s for s in made if s.quantity > 0][::-1][:per_product]
    newest: dict[str, date] = {}
    for season in found:
        newest[season.product] = max(newest.get(season.product, season.last), season.last)
    return tuple(sorted(found, key=lambda s: (-newest[s.product].toordinal(), s.product, -s.last.toordinal())))


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
