"""`operators add|list|remove` run in-process against the test database: what they print, store and refuse."""

import asyncio

import pytest

from market.cli import main
from market.models import Notification, Operator, Person
from tests.support.databases import on_database

OMAR, OLGA = 4001, 4002


async def people() -> None:
    """Omar and Olga wrote /start to the bot; Olga has a username."""
    await Person.create(name="Omar Vaca", telegram_user_id=OMAR)
    await Person.create(name="Olga Suárez", username="olga_spg", telegram_user_id=OLGA)


@pytest.fixture
def installation(database_url, monkeypatch):
    """The two people on this test's database, which the CLI reads from DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(on_database(database_url, people))
    return database_url


def roles(database_url) -> list[dict]:
    return asyncio.run(on_database(database_url, lambda: Operator.all().order_by("id").values(
        "person__telegram_user_id", "named_by_id", "removed_at", "removed_by_id")))


def test_the_first_operator_is_named_by_telegram_id_and_told_in_the_chat(installation, capsys):
    status = main(["operators", "add", str(OMAR)])

    assert (status, capsys.readouterr().out) == (
        0, "Omar Vaca (Telegram 4001) is now an operator. They can use /operadores (/operators) in the bot.\n")
    [role] = roles(installation)
    assert (role["person__telegram_user_id"], role["named_by_id"], role["removed_at"]) == (OMAR, None, None)
    told = asyncio.run(on_database(installation, lambda: Notification.all().values_list("chat_id", "template")))
    assert told == [(OMAR, "operator_named")]


def test_naming_by_username_and_naming_twice_names_once(installation, capsys):
    first = main(["operators", "add", "@Olga_SPG"])
    again = main(["operators", "add", "@olga_spg"])

    out = capsys.readouterr().out.splitlines()
    assert (first, again) == (0, 0) and len(roles(installation)) == 1
    assert out[0] == ("Olga Suárez (@olga_spg, Telegram 4002) is now an operator. They can use /operadores (/operators) "
                      "in the bot.")
    assert out[1].startswith("Olga Suárez (@olga_spg, Telegram 4002) is already an operator, named ")
    assert out[1].endswith(" UTC by the command line.")


def test_the_list_shows_each_operator_and_with_all_the_removed_ones_too(installation, capsys):
    main(["operators", "add", str(OMAR)])
    main(["operators", "add", str(OLGA)])
    main(["operators", "remove", str(OLGA)])
    said = capsys.readouterr().out

    main(["operators", "list"])
    current = capsys.readouterr().out.splitlines()
    main(["operators", "list", "--all"])
    history = capsys.readouterr().out.splitlines()

    assert said.splitlines()[-1].startswith("Olga Suárez (@olga_spg, Telegram 4002) is no longer an operator (removed ")
    assert len(current) == 1 and current[0].startswith("Omar Vaca (Telegram 4001)  named 2026-11-21 ")
    assert current[0].endswith(" UTC by the command line")
    assert len(history) == 2 and history[1].endswith(" UTC by the command line")
    assert ", removed 2026-11-21 " in history[1]
    assert roles(installation)[1]["removed_at"] is not None


def test_an_empty_list_says_how_to_name_the_first_operator(installation, capsys):
    assert main(["operators", "list"]) == 0
    assert capsys.readouterr().out == ("No operators yet: name the first with `operators add <telegram user id>` (they "
                                       "must have sent /start to the bot).\n")


@pytest.mark.parametrize(("argv", "said"), [
    (["operators", "add", "123456"],
     "not found: Telegram user 123456 has not written to the bot yet: they must open the bot in Telegram and send "
     "/start, then run this again [person_not_started]"),
    (["operators", "add", "@nadie"],
     "not found: nobody who wrote to the bot is @nadie: they must send /start to the bot first, or name them by "
     "Telegram user id [username_unknown]"),
    (["operators", "remove", str(OLGA)],
     "not found: Olga Suárez (@olga_spg, Telegram 4002) is not an operator (see `operators list`) [operator_not_found]"),
    (["operators", "remove", str(OMAR)],
     "refused: Omar Vaca (Telegram 4001) is the last operator: name another one with `operators add` first "
     "[last_operator]"),
])
def test_a_refusal_exits_1_with_the_reason_and_changes_nothing(installation, capsys, argv, said):
    main(["operators", "add", str(OMAR)])
    capsys.readouterr()
    before = roles(installation)

    status = main(argv)

    assert (status, capsys.readouterr().err) == (1, said + "\n")
    assert roles(installation) == before


@pytest.mark.parametrize("argv", [
    ["operators", "add"],
    ["operators", "add", "Omar"],
    ["operators", "add", "-5"],
    ["operators", "remove", "@"],
    ["operators", "promote", str(OMAR)],
])
def test_bad_usage_exits_2(installation, argv):
    assert main(argv) == 2
    assert roles(installation) == []
