"""The member register's rules: the example tables of market.rules.register."""

from datetime import date
from decimal import Decimal

import pytest

from market.enums import Gender
from market.rules.register import (
    EntryState,
    ProductionLine,
    Season,
    UnreadableLine,
    entry_state,
    parse_production,
    register_updated,
    reminder_due_on,
    seasons,
    women_share,
)


def day(text: str) -> date | None:
    return None if text == "-" else date.fromisoformat(text)


@pytest.mark.parametrize(("line", "read"), [
    ("papa 20 qq, mayo a julio", ProductionLine("papa", Decimal(20), "quintal", "mayo a julio")),
    ("café 5 quintales; cosecha", ProductionLine("café", Decimal(5), "quintal", "cosecha")),
    ("miel 30 kg", ProductionLine("miel", Decimal(30), "kg", "")),
    ("queso 0,5 kg, todo el año", ProductionLine("queso", Decimal("0.5"), "kg", "todo el año")),
    ("tomate 20 kg a 8,50, verano", ProductionLine("tomate", Decimal(20), "kg", "verano")),
    ("tomate, verano", UnreadableLine(1, "no_quantity")),
    ("tomate -5 kg", UnreadableLine(1, "bad_quantity")),
])
def test_a_production_line_is_read_as_the_table_says(line, read):
    assert parse_production(line) == [read]


def test_lines_are_counted_as_the_producer_wrote_them_blank_lines_aside():
    assert parse_production("papa 20 qq\n\nmaíz, invierno") == [ProductionLine("papa", Decimal(20), "quintal"),
                                                                 UnreadableLine(2, "no_quantity")]


@pytest.mark.parametrize(("updated", "today", "state"), [
    ("-", "2026-11-21", EntryState.MISSING),
    ("2026-01-10", "2026-11-21", EntryState.CURRENT),
    ("2025-11-22", "2026-11-21", EntryState.CURRENT),
    ("2025-11-21", "2026-11-21", EntryState.STALE),
    ("2024-03-01", "2026-11-21", EntryState.STALE),
])
def test_an_entry_is_stale_twelve_months_after_its_update(updated, today, state):
    assert entry_state(day(updated), day(today)) == state


@pytest.mark.parametrize(("updated", "approved", "today", "due"), [
    ("2026-01-10", "2025-01-01", "2026-11-21", "-"),
    ("2025-11-21", "2025-01-01", "2026-11-21", "2026-11-21"),
    ("2025-10-01", "2025-01-01", "2026-11-21", "2026-10-01"),
    ("2024-10-01", "2024-01-01", "2026-11-21", "2026-10-01"),
    ("-", "2026-11-01", "2026-11-21", "-"),
    ("-", "2026-10-01", "2026-11-21", "2026-11-01"),
    ("-", "2025-09-15", "2026-11-21", "2026-10-15"),
])
def test_a_reminder_falls_due_a_year_after_the_update_or_a_month_after_approval_then_yearly(updated, approved,
                                                                                             today, due):
    assert reminder_due_on(day(updated), day(approved), day(today)) == day(due)


W, M, A, U = Gender.WOMAN, Gender.MAN, Gender.ANOTHER, Gender.UNDISCLOSED


@pytest.mark.parametrize(("genders", "share"), [
    ([], None),
    ([U, None], None),
    ([W, M, U], Decimal("0.5000")),
    ([W, W, A], Decimal("0.6667")),
    ([M], Decimal("0.0000")),
])
def test_the_share_of_women_counts_only_those_who_declared(genders, share):
    assert women_share(genders) == share


@pytest.mark.parametrize(("members", "current", "updated"), [
    (0, 0, False), (5, 4, True), (5, 3, False), (10, 8, True), (1, 1, True),
])
def test_the_register_is_updated_when_eighty_percent_of_entries_are_current(members, current, updated):
    assert register_updated(members, current) is updated


def change(product: str, day_text: str, quantity: str) -> tuple[str, str, date, Decimal]:
    return (product, "kg", date.fromisoformat(day_text), Decimal(quantity))


def season(product: str, quantity: str, first: str, last: str) -> Season:
    return Season(product, "kg", Decimal(quantity), date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(("changes", "found"), [
    ([change("cacao", "2026-09-03", "40"), change("cacao", "2026-10-20", "30"), change("cacao", "2026-11-02", "20")],
     [season("cacao", "90", "2026-09-01", "2026-11-01")]),
    ([change("cacao", "2026-05-10", "50"), change("cacao", "2026-09-03", "40")],
     [season("cacao", "40", "2026-09-01", "2026-09-01"), season("cacao", "50", "2026-05-01", "2026-05-01")]),
    ([change("cacao", "2026-09-03", "80"), change("cacao", "2026-09-03", "-70")],
     [season("cacao", "10", "2026-09-01", "2026-09-01")]),
    ([change("cacao", "2026-09-03", "5"), change("cacao", "2026-09-04", "-5")], []),
    ([change("café", "2026-06-01", "10"), change("cacao", "2026-09-03", "40")],
     [season("cacao", "40", "2026-09-01", "2026-09-01"), season("café", "10", "2026-06-01", "2026-06-01")]),
    ([change("cacao", "2025-12-20", "10"), change("cacao", "2026-01-05", "10")],  # a season may cross the year
     [season("cacao", "20", "2025-12-01", "2026-01-01")]),
])
def test_a_producers_seasons_are_runs_of_months_with_posts_netted_newest_first(changes, found):
    assert list(seasons(changes)) == found


def test_only_the_last_three_seasons_of_a_product_are_kept():
    months = [change("cacao", f"2026-{m:02d}-01", "1") for m in (1, 3, 5, 7, 9)]

    assert [s.first.month for s in seasons(months)] == [9, 7, 5]
