"""Importing a price series from CSV: the good rows at once, each bad one named, an unreadable file not at all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from tortoise.exceptions import IntegrityError

from market.enums import MarketLevel, PriceSource, TerritoryLevel
from market.errors import Invalid
from market.models import PriceObservation, Territory, UnitConversion
from market.services.prices.imports import import_price_csv, read_price
from market.services.prices.summaries import price_summary
from tests.support.clock import TODAY

DAY = (TODAY - dt.timedelta(days=2)).isoformat()
HEADER = "date,product,territory,market_level,price,unit,currency,source,source_detail\n"


@pytest.fixture
async def places(db) -> dict[str, int]:
    bolivia = await Territory.create(code="bo", name="Bolivia", level=TerritoryLevel.COUNTRY, country_code="BO",
                                     currency="BOB", time_zone="America/La_Paz")
    region = await Territory.create(code="bo-scz", name="Santa Cruz", level=TerritoryLevel.REGION, parent=bolivia,
                                    country_code="BO", currency="BOB", time_zone="America/La_Paz")
    await UnitConversion.create(territory=bolivia, unit="quintal", base_unit="kg", factor=D(46))
    return {"bo": bolivia.id, "bo-scz": region.id}


GOOD_AND_BAD = HEADER + "\n".join([
    f"{DAY},Tomate,bo-scz,regional,6.50,kg,BOB,official,Mercado Abasto",        # line 2
    f"{DAY},Papa,bo-scz,regional,\"230,00\",quintal,BOB,official,",              # line 3
    f"{DAY},Cebolla,bo-xyz,regional,5,kg,BOB,official,",                         # line 4
    "2026-02-30,Cebolla,bo-scz,regional,5,kg,BOB,official,",                    # line 5
    f"{DAY},Cebolla,bo-scz,wholesale,5,kg,BOB,official,",                        # line 6
    f"{DAY},Cebolla,bo-scz,regional,-5,kg,BOB,official,",                        # line 7
    f"{DAY},Cebolla,bo-scz,regional,5,furlong,BOB,official,",                    # line 8
    f"{DAY},Cebolla,bo-scz,regional,5,kg,USD,official,",                         # line 9
    f"{DAY},,bo-scz,regional,5,kg,BOB,official,",                                # line 10
    f"{DAY},Cebolla,bo-scz,regional,5,kg,BOB,rumour,",                           # line 11
    f"{DAY},tomate,bo-scz,regional,6.60,kg,BOB,official,",                       # line 12: line 2 again
    f"{DAY},Maíz,bo,national,\"3,20\",kg,BOB,survey,Encuesta",                   # line 13
])


async def test_good_rows_are_imported_and_each_bad_one_is_named_with_its_line_and_reason(places):
    report = await import_price_csv(GOOD_AND_BAD)

    assert report.accepted == 3
    assert [(r.row, r.reason_code) for r in report.refused] == [
        (4, "unknown_territory"), (5, "bad_date"), (6, "bad_level"), (7, "bad_price"), (8, "unknown_unit"),
        (9, "currency_mismatch"), (10, "missing_field"), (11, "bad_source"), (12, "duplicate_row"),
    ]
    assert report.refused[0].detail == "bo-xyz" and report.refused[6].detail == "product"
    rows = await PriceObservation.all().order_by("id").values_list("product_name", "price", "unit", "market_level",
                                                                   "source", "source_detail")
    assert [(n, D(p), u, lv, s, d) for n, p, u, lv, s, d in rows] == [
        ("Tomate", D("6.5"), "kg", MarketLevel.REGIONAL, PriceSource.OFFICIAL, "Mercado Abasto"),
        ("Papa", D(230), "quintal", MarketLevel.REGIONAL, PriceSource.OFFICIAL, ""),
        ("Maíz", D("3.2"), "kg", MarketLevel.NATIONAL, PriceSource.SURVEY, "Encuesta"),
    ]


async def test_all_or_nothing_imports_nothing_while_a_row_is_bad_and_skips_rows_already_imported(places):
    held = await import_price_csv(GOOD_AND_BAD, all_or_nothing=True)
    stored = await PriceObservation.all().count()
    good = "\n".join(GOOD_AND_BAD.splitlines()[i] for i in (0, 1, 2, 12))
    imported = await import_price_csv(good, all_or_nothing=True)
    again = await import_price_csv(good, all_or_nothing=True)

    assert held.held_back and held.accepted == 0 and stored == 0
    assert [r.row for r in held.refused] == [4, 5, 6, 7, 8, 9, 10, 11, 12], "every bad row is named"
    assert not imported.held_back and imported.accepted == 3
    assert not again.held_back and again.accepted == 0
    assert {r.reason_code for r in again.refused} == {"already_imported"}
    assert await PriceObservation.all().count() == 3


async def test_imported_prices_reach_the_summary_on_their_day_where_the_market_is(places):
    await import_price_csv(GOOD_AND_BAD)

    summary = await price_summary("papas", territory_id=places["bo-scz"], today=TODAY)

    assert summary.levels[1].median == D(5)  # 230 per quintal of 46 kg


async def test_semicolons_decimal_commas_a_bom_and_any_column_order_are_read(places):
    text = "\ufeffPrice;Product;Date;Unit;Territory;Currency;Market_Level;Source\n" \
           f"\"1.250,50\";Café;{DAY};quintal;bo-scz;BOB;regional;official\n"

    report = await import_price_csv(text)

    assert (report.accepted, report.refused) == (1, ())
    assert D((await PriceObservation.get()).price) == D("1250.5")


async def test_importing_the_same_file_twice_counts_nothing_twice(places):
    await import_price_csv(GOOD_AND_BAD)

    again = await import_price_csv(GOOD_AND_BAD)

    assert again.accepted == 0
    assert [r.row for r in again.refused if r.reason_code == "already_imported"] == [2, 3, 13]
    assert await PriceObservation.all().count() == 3


@pytest.mark.parametrize("content, detail", [
    ("", "empty"),
    ("   \n", "empty"),
    ("fecha,producto\n2026-01-01,papa\n", "missing columns"),
    ("tomate 6.50 el kilo\n", "missing columns"),
    ((HEADER + f"{DAY},Jalapeño,bo-scz,regional,5,kg,BOB,official,\n").encode("latin-1"), "not UTF-8"),
])
async def test_a_file_that_cannot_be_read_imports_nothing(places, content, detail):
    with pytest.raises(Invalid) as refused:
        await import_price_csv(content)

    assert refused.value.code == "unreadable_file" and detail in refused.value.params["detail"]
    assert not await PriceObservation.exists()


async def test_a_database_failure_midway_imports_nothing(places, monkeypatch):
    real = PriceObservation.bulk_create

    async def fail_after_the_first_batch(objects, batch_size=None, **kwargs):
        await real(objects[:1], **kwargs)
        raise IntegrityError("the disk is full")

    monkeypatch.setattr(PriceObservation, "bulk_create", fail_after_the_first_batch)

    with pytest.raises(IntegrityError):
        await import_price_csv(GOOD_AND_BAD)

    monkeypatch.undo()
    assert not await PriceObservation.exists()


@pytest.mark.parametrize("text, price", [
    ("6.50", D("6.5")), ("6,50", D("6.5")), ("1.250", D("1.25")), ("1.250,50", D("1250.5")),
    ("1,250.50", D("1250.5")), ("1.250.000", D(1250000)), ("6,5,0", None), ("abc", None), ("-5", None),
    ("1.2.3,4.5", None),
])
def test_a_price_reads_with_either_decimal_mark(text, price):
    assert read_price(text) == price


async def test_a_product_named_like_a_spreadsheet_formula_is_a_bad_row(places):
    rows = [f"{DAY},{name},bo-scz,regional,6.50,kg,BOB,official," for name in ("@SUM(A1:A9)", "-2+3", "Tomate")]

    report = await import_price_csv(HEADER + "\n".join(rows))

    assert [(r.row, r.reason_code, r.detail) for r in report.refused] == [
        (2, "bad_product", "@SUM(A1:A9)"), (3, "bad_product", "-2+3")]
    assert await PriceObservation.all().values_list("product_name", flat=True) == ["Tomate"]
