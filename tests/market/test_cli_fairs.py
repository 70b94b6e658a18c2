"""`prices fair` and `fairs announce` run in-process against the test database: what they print, store and refuse."""

import asyncio
import datetime as dt

import pytest

from market.cli import main
from market.models import FairEvent, FairPrice
from tests.market.services.seal_world import make_seal_world
from tests.support.clock import TODAY
from tests.support.databases import on_database

IN_A_MONTH = (TODAY + dt.timedelta(days=30)).isoformat()
# Telegram user ids and usernames of the seal world (tests/market/services/seal_world.py).
HILDA, REINA, ROCIO, PEDRO = "900000001", "900000002", "900000301", "pedro_m"



@pytest.fixture
def world(database_url, monkeypatch):
    """The seal world on this test's database, which the CLI reads from DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(on_database(database_url, make_seal_world))
    return database_url


def stored(database_url, model) -> list[dict]:
    return asyncio.run(on_database(database_url, lambda: model.all().values()))


def fair_price(*extra: str, by: str = HILDA) -> list[str]:
    return ["prices", "fair", "--as", by, "--organization", "cafe-amboro", "--product", "café tostado en grano",
            "--territory", "bo-scz-comarapa", "--unit", "kg", "--producer", "62", "--transport", "6,5",
            "--fund", "3.00", "--from", TODAY.isoformat(), *extra]


def announce(*extra: str, by: str = ROCIO, starts: str = f"{IN_A_MONTH} 09:00") -> list[str]:
    return ["fairs", "announce", "--as", by, "--network", "red-spg-bolivia", "--title", "Feria ecológica",
            "--starts", starts, "--place", "Plaza 24 de Septiembre", "--territory", "bo-scz-comarapa", *extra]


def test_an_admin_declares_a_fair_price_and_reads_back_its_breakdown(world, capsys):
    status = main(fair_price("--until", IN_A_MONTH))

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        "Fair price of Café tostado en grano in Comarapa: 71.50 BOB per kg (producer 62.00, transport 6.50, "
        f"fund 3.00, other 0.00), from {TODAY}, until {IN_A_MONTH}",
        "Declared by: Asociación de Productores de Café Amboró",
    ]
    [row] = stored(world, FairPrice)
    assert (row["search_key"], row["unit"], row["currency"]) == ("cafe tostado en grano", "kg", "BOB")


def test_a_member_who_is_not_an_admin_is_refused_and_nothing_is_declared(world, capsys):
    status = main(fair_price(by=REINA))

    assert status == 1
    assert capsys.readouterr().err == (
        f"refused: {REINA} is not an approved admin of the organization cafe-amboro [not_an_admin]\n")
    assert stored(world, FairPrice) == []


@pytest.mark.parametrize("extra, said", [
    (["--transport=-0.50"], "refused: the transport cannot be negative (-0.50) [fair_price_part_negative]"),
    (["--until", (TODAY - dt.timedelta(days=1)).isoformat()], "[fair_price_ends_before_it_starts]"),
    (["--organization", "nadie"], "not found: no organization has the slug nadie [organization_not_found]"),
])
def test_a_fair_price_breaking_a_rule_is_refused_with_the_reason(world, capsys, extra, said):
    status = main(fair_price(*extra))

    assert status == 1
    assert said in capsys.readouterr().err
    assert stored(world, FairPrice) == []


@pytest.mark.parametrize("argv", [
    fair_price("--unit", "kilo"),
    fair_price("--producer", "mucho"),
    fair_price("--network", "red-spg-bolivia"),
    fair_price(by="Nadie Nunca"),
    announce("--organization", "cafe-amboro"),
    announce(starts=f"{IN_A_MONTH}T09"),
])
def test_bad_usage_exits_2(world, capsys, argv):
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_a_reviewer_announces_a_feria_starting_at_the_local_time_given(world, capsys):
    status = main(announce("--participants", "OECA Valles, Café Amboró"))

    out = capsys.readouterr().out
    [fair] = stored(world, FairEvent)
    assert status == 0
    assert out.splitlines() == [
        f"Feria {fair['id']} announced: Feria ecológica, {IN_A_MONTH} 09:00 (America/La_Paz), "
        "Plaza 24 de Septiembre, Comarapa",
        "Announced by: Red red-spg-bolivia",
        "Participants: OECA Valles, Café Amboró",
    ]
    # La Paz is four hours behind UTC all year.
    assert fair["starts_at"].astimezone(dt.timezone.utc).hour == 13


def test_a_person_who_is_not_a_reviewer_cannot_announce_for_the_network(world, capsys):
    status = main(announce(by=PEDRO))

    assert status == 1
    assert capsys.readouterr().err == (
        f"refused: {PEDRO} is not an active reviewer of the network red-spg-bolivia [not_a_reviewer]\n")
    assert stored(world, FairEvent) == []


def test_a_feria_in_the_past_is_refused(world, capsys):
    assert main(announce(starts=f"{(TODAY - dt.timedelta(days=1)).isoformat()} 09:00")) == 1
    assert "[moment_past]" in capsys.readouterr().err


def test_a_feria_may_say_when_it_ends_and_an_end_before_its_start_is_refused(world, capsys):
    assert main(announce("--ends", f"{IN_A_MONTH} 18:00")) == 0
    assert f"{IN_A_MONTH} 09:00 to {IN_A_MONTH} 18:00 (America/La_Paz)" in capsys.readouterr().out

    assert main(announce("--ends", f"{IN_A_MONTH} 08:00")) == 1
    assert "[fair_ends_before_it_starts]" in capsys.readouterr().err
    [fair] = stored(world, FairEvent)
    assert fair["ends_at"].astimezone(dt.timezone.utc).hour == 22
