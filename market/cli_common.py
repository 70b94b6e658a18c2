"""What the command line's subcommands share: naming a person, reading dates and amounts, the help texts, a database
opened around one command."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from tortoise.exceptions import OperationalError

from market.db import close_database, open_database
from market.errors import FeriaError, NotFound
from market.services.seals import reviews as seal_reviews

T = TypeVar("T")

PEOPLE_HELP = (
    "A person is named by @username, by Telegram user id (digits), or by a bare word tried first as a "
    "username and then as their exact name as stored (quote names with spaces)."
)


EXIT_HELP = "Exit status: 0 done, 1 refused by a rule or not found (the reason is printed), 2 bad usage or config."


class UsageError(Exception):
    """Bad input the parser could not see (a person handle naming nobody): exit status 2."""


async def person_id_of(handle: str) -> int:
    try:
        return (await seal_reviews.find_person(handle)).id
    except NotFound:
        raise UsageError(f"nobody is known as {handle!r}. {PEOPLE_HELP}") from None
    except FeriaError:
        raise UsageError(f"several people are known as {handle!r}: name them by @username or Telegram id") from None


def day_text(day: date | None) -> str:
    return day.isoformat() if day else "-"


def parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def parse_amount(text: str) -> Decimal:
    try:
        amount = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise argparse.ArgumentTypeError(f"not an amount (6.50 or 6,50): {text!r}")
    return amount


def parse_local_moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a moment (YYYY-MM-DD HH:MM): {text!r}") from None


def acting_for(command: argparse.ArgumentParser, who: str) -> None:
    command.add_argument("--as", dest="acting", required=True, metavar="PERSON", help=who)
    declarer = command.add_mutually_exclusive_group(required=True)
    declarer.add_argument("--organization", metavar="SLUG", help="the organization's slug")
    declarer.add_argument("--network", metavar="SLUG", help="the PGS network's slug")


# SQLite refuses a write whose transaction began before another process's write ("database is locked") rather
# than waiting: the service running beside the CLI writes all the time. The refused transaction rolled back, so
# the command is run again, a few times.
LOCKED_ATTEMPTS = 5


async def with_database(database_url: str, command: Callable[..., Awaitable[T]], *args: object) -> T:
    ctx = await open_database(database_url)
    try:
        for attempt in range(1, LOCKED_ATTEMPTS + 1):
            try:
                return await command(*args)
            except (OperationalError, sqlite3.OperationalError) as error:
                if "database is locked" not in str(error) or attempt == LOCKED_ATTEMPTS:
                    raise
                await asyncio.sleep(0.1 * attempt)
        raise AssertionError("unreachable")
    finally:
        await close_database(ctx)
