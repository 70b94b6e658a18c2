"""`python -m market.cli tokens create|list|revoke`: an organization's API tokens, for its admins.

A token is printed once, when it is made (alone on stdout, so that a script can keep it; the
warning goes to stderr), and is known afterwards only by its prefix, shown with the token's "feria_"
in front (the token's first 14 characters): a bare prefix starts with "-" once in 64, and argparse
would read `tokens revoke -AbC1234` as an unknown option. market.cli registers these commands and
hands in how a person is named (`person`), so that its usage errors stay its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from functools import partial

from market import clock
from market.errors import Forbidden, NotFound
from market.services.organizations.api_tokens import (
    LABEL_MAX,
    PREFIX_LENGTH,
    SCHEME,
    TokenView,
    create_token,
    list_tokens,
    revoke_token,
)
from market.services.seals.support import get_organization

Person = Callable[[str], Awaitable[int]]

# Why the domain refused, for the person at the terminal (merged into market.cli.REFUSALS).
REFUSALS = {
    "token_label_length": "the label must be 1 to {max} printable characters",
    "token_not_found": "no token of {organization} has the prefix {prefix} (see `tokens list`)",
}


def commands(person: Person) -> dict[tuple[str, str], Callable[[argparse.Namespace], Awaitable[None]]]:
    """The commands by (command, subcommand), as market.cli.COMMANDS holds them."""
    return {("tokens", name): partial(command, person=person)
            for name, command in (("create", _create), ("list", _list), ("revoke", _revoke))}


async def _create(args: argparse.Namespace, *, person: Person) -> None:
    async with _named(args):
        organization = await get_organization(args.organization)
        token, view = await create_token(organization.id, by_person_id=await person(args.acting), label=args.label)
    print(token)
    shown = _shown(view.prefix)
    print(f"API token {shown} “{view.label}” made for {organization.slug}. It will not be shown again: "
          f"keep it now (revoke it with `tokens revoke {shown}`).", file=sys.stderr)


async def _list(args: argparse.Namespace, *, person: Person) -> None:
    async with _named(args):
        organization = await get_organization(args.organization)
        tokens = await list_tokens(organization.id, viewer_person_id=await person(args.acting))
    if not tokens:
        print(f"{organization.slug} has no API tokens.")
    for token in tokens:
        print(_line(token))


async def _revoke(args: argparse.Namespace, *, person: Person) -> None:
    async with _named(args):
        organization = await get_organization(args.organization)
        acting = await person(args.acting)
        prefix = _bare(args.prefix)
        found = [t for t in await list_tokens(organization.id, viewer_person_id=acting) if t.prefix == prefix]
        if not found:
            raise NotFound("token_not_found", organization=organization.slug, prefix=args.prefix)
        # Eight characters are 48 random bits: two tokens sharing them would both be meant.
        for token in found:
            was = token.revoked_at
            token = await revoke_token(token.id, by_person_id=acting, now=clock.now())
            done = "was already revoked" if was else "revoked"
            print(f"API token {_shown(token.prefix)} “{token.label}” {done} at {_moment(token.revoked_at)}.")


def _line(token: TokenView) -> str:
    state = f"revoked {_moment(token.revoked_at)}" if token.revoked_at else "live"
    used = _moment(token.last_used_at) if token.last_used_at else "never"
    return (f"{_shown(token.prefix)}  {state}  “{token.label}”, made {_moment(token.created_at)} "
            f"by {token.created_by_name}, last used {used}")


def _shown(prefix: str) -> str:
    """The prefix as people see and type it: after "feria_", so that it never starts with "-"."""
    return SCHEME + prefix


def _bare(typed: str) -> str:
    """The stored prefix from what was typed: the shown form, or the 8 characters alone (when not "-…")."""
    if typed.startswith(SCHEME) and len(typed) == len(SCHEME) + PREFIX_LENGTH:
        return typed[len(SCHEME):]
    return typed


def _moment(moment: datetime | None) -> str:
    """A moment in UTC; "-" for none (a revoked token's view always has its moment: revoke_token stamps it)."""
    return f"{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC" if moment else "-"


@asynccontextmanager
async def _named(args: argparse.Namespace) -> AsyncIterator[None]:
    """Name the person and the organization in a refusal the service raises without them (not_an_admin)."""
    try:
        yield
    except Forbidden as error:
        if error.params:
            raise
        raise Forbidden(error.code, person=args.acting, organization=args.organization) from None


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], *, people_help: str, exit_help: str
) -> None:
    """`tokens` and its subcommands, under market.cli's parser."""
    tokens = commands.add_parser(
        "tokens", help="API tokens an organization's own systems write with",
        description="API tokens of an organization, for the write API (POST /api/v1/organizations/{slug}/stock). "
                    "The person acting (--as) must be an approved admin of the organization; the API acts as the "
                    "admin who made a token. " + people_help,
        epilog=exit_help,
    )
    actions = tokens.add_subparsers(dest="tokens_command", required=True)
    create = actions.add_parser("create", help="make a token and print it, once", epilog=exit_help)
    create.add_argument("--label", required=True, help=f"what the token is for, to tell it apart (≤ {LABEL_MAX})")
    listing = actions.add_parser("list", help="the organization's tokens by prefix, live and revoked",
                                 epilog=exit_help)
    revoke = actions.add_parser("revoke", help="revoke a token at once (again is harmless)", epilog=exit_help)
    revoke.add_argument("prefix", help="the token's prefix, as `tokens list` shows it (feria_ and 8 characters)")
    for action in (create, listing, revoke):
        action.add_argument("--as", dest="acting", required=True, metavar="PERSON", help="an admin of the organization")
        action.add_argument("--organization", required=True, metavar="SLUG", help="the organization's slug")
