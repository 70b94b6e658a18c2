"""`tokens create|list|revoke` run in-process against the test database: what they print, store and refuse."""

import asyncio
import hashlib
import secrets

import pytest

from market.cli import main
from market.models import ApiToken
from market.services.organizations import api_tokens
from tests.market.services.shop import make_shop
from tests.support.databases import on_database

# Telegram user ids of the shop's people (tests/market/services/shop.py): admin, producer.
ADMIN, PRODUCER = "1001", "1002"
ORGANIZATION = "oeca-valles-comarapa"



@pytest.fixture
def shop(database_url, monkeypatch):
    """A shop on this test's database, which the CLI reads from DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(on_database(database_url, make_shop))
    return database_url


def stored(database_url) -> list[dict]:
    return asyncio.run(on_database(database_url, lambda: ApiToken.all().order_by("id").values()))


def tokens(action: str, *extra: str, by: str = ADMIN, organization: str = ORGANIZATION) -> list[str]:
    return ["tokens", action, *extra, "--as", by, "--organization", organization]


def test_a_token_is_printed_once_with_a_warning_and_only_its_digest_is_kept(shop, capsys):
    status = main(tokens("create", "--label", "Inventario"))

    out, err = capsys.readouterr()
    token = out.strip()
    [row] = stored(shop)
    assert status == 0 and out == token + "\n" and token.startswith("feria_")
    assert err == (f"API token {token[:14]} “Inventario” made for {ORGANIZATION}. It will not be shown again: keep it "
                   f"now (revoke it with `tokens revoke {token[:14]}`).\n")
    assert row["digest"] == hashlib.sha256(token.encode()).hexdigest() and token not in repr(row)


def test_the_list_shows_each_token_by_prefix_and_label_never_the_token(shop, capsys):
    main(tokens("create", "--label", "Inventario"))
    token = capsys.readouterr().out.strip()

    status = main(tokens("list"))

    out = capsys.readouterr().out
    assert status == 0 and token not in out
    [line] = out.splitlines()
    assert line.startswith(f"{token[:14]}  live  “Inventario”, made ") and line.endswith(
        " by OECA Valles de Comarapa member 1, last used never")


def test_revoking_by_prefix_marks_it_revoked_and_again_is_harmless(shop, capsys):
    main(tokens("create", "--label", "Inventario"))
    prefix = capsys.readouterr().out.strip()[:14]

    first = main(tokens("revoke", prefix))
    said_first = capsys.readouterr().out
    second = main(tokens("revoke", prefix))
    said_second = capsys.readouterr().out
    main(tokens("list"))

    assert (first, second) == (0, 0)
    assert said_first.startswith(f"API token {prefix} “Inventario” revoked at ")
    assert said_second.startswith(f"API token {prefix} “Inventario” was already revoked at ")
    assert f"{prefix}  revoked " in capsys.readouterr().out
    assert stored(shop)[0]["revoked_at"] is not None


def test_a_token_whose_prefix_starts_with_a_dash_is_listed_and_revoked_like_any_other(shop, capsys, monkeypatch):
    # One token in 64 has "-" as its first random character: argparse would read a bare "-AbC1234" as an option.
    random_part = secrets.token_urlsafe
    monkeypatch.setattr(api_tokens.secrets, "token_urlsafe", lambda size: "-" + random_part(size)[1:])
    main(tokens("create", "--label", "Inventario"))
    token = capsys.readouterr().out.strip()
    shown = token[:14]

    status = main(tokens("revoke", shown))

    said = capsys.readouterr().out
    main(tokens("list"))
    assert token.startswith("feria_-") and shown == f"feria_{stored(shop)[0]['prefix']}"
    assert status == 0 and said.startswith(f"API token {shown} “Inventario” revoked at ")
    assert capsys.readouterr().out.startswith(f"{shown}  revoked ")
    assert stored(shop)[0]["revoked_at"] is not None


def test_the_bare_prefix_is_still_understood_when_it_does_not_start_with_a_dash(shop, capsys, monkeypatch):
    random_part = secrets.token_urlsafe
    monkeypatch.setattr(api_tokens.secrets, "token_urlsafe", lambda size: "A" + random_part(size)[1:])
    main(tokens("create", "--label", "Inventario"))
    bare = capsys.readouterr().out.strip()[6:14]

    status = main(tokens("revoke", bare))

    assert status == 0 and capsys.readouterr().out.startswith(f"API token feria_{bare} “Inventario” revoked at ")
    assert stored(shop)[0]["revoked_at"] is not None


@pytest.mark.parametrize("argv, said", [
    (tokens("create", "--label", "x", by=PRODUCER),
     f"refused: {PRODUCER} is not an approved admin of the organization {ORGANIZATION} [not_an_admin]"),
    (tokens("list", by=PRODUCER),
     f"refused: {PRODUCER} is not an approved admin of the organization {ORGANIZATION} [not_an_admin]"),
    (tokens("create", "--label", "x", organization="nadie"),
     "not found: no organization has the slug nadie [organization_not_found]"),
    (tokens("create", "--label", "x" * 61),
     "refused: the label must be 1 to 60 printable characters [token_label_length]"),
    (tokens("revoke", "abcdefgh"),
     f"not found: no token of {ORGANIZATION} has the prefix abcdefgh (see `tokens list`) [token_not_found]"),
])
def test_a_refusal_exits_1_with_the_reason_and_makes_nothing(shop, capsys, argv, said):
    status = main(argv)

    assert (status, capsys.readouterr().err) == (1, said + "\n")
    assert stored(shop) == []


def test_a_producer_may_not_revoke_an_admins_token(shop, capsys):
    main(tokens("create", "--label", "Inventario"))
    prefix = capsys.readouterr().out.strip()[:14]

    status = main(tokens("revoke", prefix, by=PRODUCER))

    assert status == 1 and "[not_an_admin]" in capsys.readouterr().err
    assert stored(shop)[0]["revoked_at"] is None


@pytest.mark.parametrize("argv", [
    ["tokens", "create", "--as", ADMIN, "--organization", ORGANIZATION],  # no --label
    ["tokens", "revoke", "--as", ADMIN, "--organization", ORGANIZATION],  # no prefix
    ["tokens", "list", "--organization", ORGANIZATION],  # no --as
    tokens("list", by="nobody-at-all"),
])
def test_bad_usage_exits_2(shop, capsys, argv):
    assert main(argv) == 2
    assert stored(shop) == []
