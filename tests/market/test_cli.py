"""The command line run in-process against the test database: seal reviews and changes, exit statuses, output."""

import asyncio
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from market.cli import main
from market.db import close_database, open_database
from tests.market.services.seal_world import make_seal_world
from tests.support.clock import TODAY, child_clock

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"Seal ([A-Z2-9]{4}-[A-Z2-9]{4}) ")
# Telegram user ids and names of the seal world (tests/market/services/seal_world.py).
ROCIO, JUANA, REINA = "900000301", "Juana Condori Quispe", "900000002"
CARMEN, PEDRO = "@carmen_gr", "pedro_m"


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


async def _build_world(database_url: str) -> None:
    ctx = await open_database(database_url)
    try:
        await make_seal_world()
    finally:
        await close_database(ctx)


@pytest.fixture
def world(database_url, monkeypatch):
    """The seal world on this test's database, which the CLI reads from DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(_build_world(database_url))


def review(*extra: str, decision: str = "grant", by: str = ROCIO, date: str = days_ago(10)) -> list[str]:
    return ["seal", "review", "--as", by, "--network", "red-spg-bolivia", "--organization", "cafe-amboro",
            "--date", date, "--product", "Café tostado en grano", "--product", "Miel de abeja",
            "--findings", "Café bajo sombra.", "--decision", decision, *extra]


OUTSIDE_SIGNERS = ("--reviewer", f"{JUANA}:producer", "--reviewer", f"{CARMEN}:consumer",
                   "--reviewer", f"{ROCIO}:technician")


def granted_code(capsys) -> str:
    assert main(review(*OUTSIDE_SIGNERS, date=days_ago(200))) == 0
    return CODE.search(capsys.readouterr().out).group(1)


def test_a_review_signed_by_an_outside_producer_and_consumer_grants_a_seal_and_prints_its_code(world, capsys):
    status = main(review(*OUTSIDE_SIGNERS))

    out = capsys.readouterr().out
    assert status == 0
    assert "Signed by: Juana Condori Quispe (producer), Carmen Gutiérrez Ribera (consumer), " \
           "Rocío Zambrana Ortiz (technician)" in out
    code = CODE.search(out).group(1)
    expires = (TODAY - dt.timedelta(days=10)).replace(year=TODAY.year + 1)
    assert f"Seal {code} granted: valid {days_ago(10)} to {expires}; now granted, valid today" in out


def test_a_review_signed_only_by_members_is_refused_with_the_reason(world, capsys):
    status = main(review("--reviewer", f"{REINA}:producer", "--reviewer", "Norma Añez Cuéllar:consumer"))

    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("refused: a grant or renewal needs at least one producer and one consumer who are not "
                          "members of the organization reviewed")
    assert "missing: outside producer, outside consumer [signatures_insufficient]" in err


def test_technicians_alone_are_refused(world, capsys):
    status = main(review("--reviewer", f"{ROCIO}:technician", "--reviewer", "Daniela Fontana:technician"))

    assert status == 1 and "[signatures_insufficient]" in capsys.readouterr().err


def test_a_person_who_is_not_a_reviewer_acting_as_recorder_is_refused(world, capsys):
    status = main(review(*OUTSIDE_SIGNERS, by=PEDRO))

    err = capsys.readouterr().err
    assert status == 1
    assert "refused: Pedro Mamani is not an active reviewer of the network red-spg-bolivia [not_a_reviewer]" in err


def test_a_product_of_another_organization_is_refused(world, capsys):
    status = main(review(*OUTSIDE_SIGNERS, "--product", "Quinua real"))

    assert status == 1
    assert "'Quinua real' is not a product of cafe-amboro [product_not_of_organization]" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    review("--reviewer", "@nobody:producer"),
    review("--reviewer", f"{JUANA}:farmer"),
    review(*OUTSIDE_SIGNERS, by="Nadie Nunca"),
    review(*OUTSIDE_SIGNERS, date="2026-13-01"),
    ["seal", "review", "--as", ROCIO, "--date", days_ago(1), "--decision", "grant"],
    ["seal", "review", "--as", ROCIO, "--seal", "K7HM-Q2RW", "--producer", REINA, "--date", days_ago(1),
     "--decision", "renew", "--reviewer", f"{JUANA}:producer"],
    ["seal", "suspend", "K7HM-Q2RW", "--as", ROCIO],
    ["seal"],
])
def test_bad_usage_exits_2_without_touching_any_seal(world, capsys, argv):
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_a_renewal_keeps_the_code_extends_the_validity_and_shows_in_the_history(world, capsys):
    code = granted_code(capsys)

    status = main(["seal", "renew", code.lower(), "--as", ROCIO, "--date", days_ago(3),
                   "--reviewer", f"{JUANA}:producer", "--reviewer", "Victoria Apaza Limachi:consumer"])

    out = capsys.readouterr().out
    assert status == 0 and CODE.search(out).group(1) == code
    assert "Scope: Café tostado en grano, Miel de abeja" in out
    expires = (TODAY - dt.timedelta(days=3)).replace(year=TODAY.year + 1)
    assert f"renewed: valid {days_ago(200)} to {expires}" in out
    assert main(["seal", "show", code]) == 0
    history = capsys.readouterr().out.split("History:")[1]
    assert re.findall(r"\d{4}-\d\d-\d\d (\w+) by", history) == ["granted", "renewed"]


def test_suspend_with_a_reason_then_reinstate_and_the_seal_is_valid_again(world, capsys):
    code = granted_code(capsys)

    assert main(["seal", "suspend", code, "--as", ROCIO, "--reason", "Quema en la parcela vecina."]) == 0
    assert main(["seal", "show", code]) == 0
    shown = capsys.readouterr().out
    assert main(["seal", "reinstate", code, "--as", ROCIO]) == 0
    assert main(["seal", "show", code]) == 0

    assert f"Seal {code}: suspended, not valid today" in shown and "Reason: Quema en la parcela vecina." in shown
    assert f"Seal {code}: granted, valid today" in capsys.readouterr().out


def test_a_revoked_seal_cannot_be_reinstated_or_renewed(world, capsys):
    code = granted_code(capsys)
    assert main(["seal", "revoke", code, "--as", ROCIO, "--reason", "Herbicida comprobado."]) == 0
    capsys.readouterr()

    reinstated = main(["seal", "reinstate", code, "--as", ROCIO])
    renewed = main(["seal", "renew", code, "--as", ROCIO, "--date", days_ago(1), *OUTSIDE_SIGNERS])

    err = capsys.readouterr().err
    assert (reinstated, renewed) == (1, 1)
    assert err.count(f"refused: seal {code} is revoked, which is final") == 2


def test_showing_an_unknown_code_says_not_found(world, capsys):
    assert main(["seal", "show", "k7hm-q2rw"]) == 1
    assert capsys.readouterr().err == "not found: no seal has the code K7HM-Q2RW [seal_not_found]\n"


def test_a_bad_database_url_is_a_configuration_error(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/feria")

    assert main(["seal", "show", "K7HM-Q2RW"]) == 2
    assert "configuration error" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["seal", "review", "--help"]) == 0
    assert "@username" in capsys.readouterr().out


def test_the_demo_seal_in_review_is_granted_from_the_command_line_under_its_code(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["seed-demo"]) == 0
    assert main(["seed-demo"]) == 0
    capsys.readouterr()

    # Juana (CORACA Irupana) and Carmen (a consumer) are outsiders to the OECA; Rocío recorded its first visit.
    status = main(["seal", "review", "--as", "900000301", "--network", "red-spg-bolivia",
                   "--organization", "oeca-valles-comarapa", "--date", days_ago(1), "--decision", "grant",
                   "--reviewer", "900000006:producer", "--reviewer", "900000101:consumer",
                   "--findings", "Bioinsumos en todas las parcelas."])

    out = capsys.readouterr().out
    assert status == 0
    assert "Scope: Acelga, Cebollín, Lechuga, Tomate" in out
    code = CODE.search(out).group(1)
    assert main(["seal", "show", code]) == 0
    history = capsys.readouterr().out.split("History:")[1]
    assert re.findall(r"\d{4}-\d\d-\d\d (\w+)", history) == ["requested", "granted"]


def test_seal_show_runs_as_a_program(world, capsys):
    code = granted_code(capsys)

    done = subprocess.run(
        [sys.executable, "-m", "market.cli", "seal", "show", code.lower()], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, **child_clock()}, timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Seal {code}: granted, valid today\n")
    assert "Holder: Asociación de Productores de Café Amboró (cafe-amboro)" in done.stdout
