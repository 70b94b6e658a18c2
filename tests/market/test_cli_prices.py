"""`python -m market.cli prices import FILE`: what it prints and its exit status, against the test database."""

import asyncio
import datetime as dt

import pytest

from market.cli import main
from market.enums import TerritoryLevel
from market.models import PriceObservation, Territory
from tests.support.clock import TODAY
from tests.support.databases import on_database

DAY = (TODAY - dt.timedelta(days=1)).isoformat()
CSV = ("date;product;territory;market_level;price;unit;currency;source\n"
       f"{DAY};Tomate;bo;national;6,50;kg;BOB;official\n"
       f"{DAY};Papa;bo;national;4;kg;BOB;official\n"
       f"{DAY};Cebolla;bo-xyz;national;5;kg;BOB;official\n"
       f"{DAY};Cebolla;bo;national;cinco;kg;BOB;official\n")



async def _bolivia():
    await Territory.create(code="bo", name="Bolivia", level=TerritoryLevel.COUNTRY, country_code="BO",
                           currency="BOB", time_zone="America/La_Paz")


@pytest.fixture
def database(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(on_database(database_url, _bolivia))
    return database_url


def observations(database_url) -> int:
    return asyncio.run(on_database(database_url, lambda: PriceObservation.all().count()))


def test_import_prints_what_was_accepted_and_each_refused_line(database, tmp_path, capsys):
    path = tmp_path / "series.csv"
    path.write_text(CSV, encoding="utf-8")

    status = main(["prices", "import", str(path)])

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        "accepted 2, refused 2", "line 4: unknown_territory 'bo-xyz'", "line 5: bad_price 'cinco'"]
    assert observations(database) == 2


@pytest.mark.parametrize("content", [b"", b"date;product\n2026-01-01;papa\n", CSV.encode("utf-16")])
def test_an_unreadable_file_imports_nothing_and_exits_2(database, tmp_path, capsys, content):
    path = tmp_path / "series.csv"
    path.write_bytes(content)

    status = main(["prices", "import", str(path)])

    assert status == 2
    assert "imported nothing" in capsys.readouterr().err and observations(database) == 0


def test_a_missing_file_exits_2(database, tmp_path, capsys):
    assert main(["prices", "import", str(tmp_path / "nowhere.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
