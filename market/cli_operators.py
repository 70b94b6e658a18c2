"""`python -m market.cli operators add|list|remove`: the people who look after this installation.

Whoever runs the command line runs the installation, so it names the first operator (and any other, and removes
them, never the last one). A person is named by Telegram user id (digits) or @username, once they have written to
the bot: /start creates them. Naming someone the bot has never seen is refused rather than guessed, on purpose:
the installer sees the name of whom they named (a mistyped id names nobody instead of a stranger), and the bot
can only write to people who started it, so an operator who never did would never hear of what waits for them.
market.cli registers these commands and merges REFUSALS into its own.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone

from market.errors import Conflict, NotFound
from market.services.operators.roles import (
    COMMAND_LINE,
    OperatorView,
    PersonRef,
    add_operator,
    find_person_by_telegram_id,
    find_person_by_username,
    list_operators,
    remove_operator,
)

# Why the domain refused, for the person at the terminal (merged into market.cli.REFUSALS).
REFUSALS = {
    "person_not_started": "Telegram user {telegram_user_id} has not written to the bot yet: they must open the bot in "
                          "Telegram and send /start, then run this again",
    "username_unknown": "nobody who wrote to the bot is @{username}: they must send /start to the bot first, or name "
                        "them by Telegram user id",
    "bad_person_reference": "name the person by Telegram user id (digits) or @username",
    "not_an_operator": "only an operator may do that",
    "operator_not_found": "{who} is not an operator (see `operators list`)",
    "last_operator": "{who} is the last operator: name another one with `operators add` first",
}
_USERNAME = re.compile(r"@[A-Za-z0-9_]{1,64}")


def commands() -> dict[tuple[str, str], Callable[[argparse.Namespace], Awaitable[None]]]:
    """The commands by (command, subcommand), as market.cli.COMMANDS holds them."""
    return {("operators", "add"): _add, ("operators", "list"): _list, ("operators", "remove"): _remove}


async def _add(args: argparse.Namespace) -> None:
    person = await _person(args.who)
    role = await add_operator(person.id, by=COMMAND_LINE)
    if role.named_now:
        print(f"{_who(person)} is now an operator. They can use /operadores (/operators) in the bot.")
    else:
        print(f"{_who(person)} is already an operator, named {_named(role)}.")


async def _list(args: argparse.Namespace) -> None:
    roles: list[OperatorView] = []
    after = None
    while True:
        page = await list_operators(by=COMMAND_LINE, include_removed=args.all, after=after)
        roles += page.items
        if page.next_after is None:
            break
        after = page.next_after
    if not roles:
        print("No operators yet: name the first with `operators add <telegram user id>` (they must have sent /start "
              "to the bot).")
    for role in roles:
        line = f"{_who(role.person)}  named {_named(role)}"
        if role.removed_at is not None:
            line += f", removed {_moment(role.removed_at)} by {_by(role.removed_by_name)}"
        print(line)


async def _remove(args: argparse.Namespace) -> None:
    person = await _person(args.who)
    # Its refusals name whom (remove_operator raises NotFound only as operator_not_found, Conflict as last_operator).
    try:
        role = await remove_operator(person.id, by=COMMAND_LINE)
    except NotFound:
        raise NotFound("operator_not_found", who=_who(person)) from None
    except Conflict:
        raise Conflict("last_operator", who=_who(person)) from None
    print(f"{_who(person)} is no longer an operator (removed {_moment(role.removed_at)}; kept in `operators list "
          "--all`).")


async def _person(who: str) -> PersonRef:
    if who.startswith("@"):
        return await find_person_by_username(who)
    return await find_person_by_telegram_id(int(who))


def _who(person: PersonRef) -> str:
    handle = f"@{person.username}, " if person.username else ""
    return f"{person.name or 'a former member'} ({handle}Telegram {person.telegram_user_id})"


def _named(role: OperatorView) -> str:
    return f"{_moment(role.named_at)} by {_by(role.named_by_name)}"


def _by(name: str | None) -> str:
    return "the command line" if name is None else (name or "a former member")


def _moment(moment: datetime | None) -> str:
    return f"{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC" if moment else "-"


def _reference(text: str) -> str:
    """A Telegram user id (digits) or an @username, as typed; argparse refuses anything else (exit status 2)."""
    text = text.strip()
    if (text.isdecimal() and text.isascii() and 0 < int(text) < 2**63) or _USERNAME.fullmatch(text):
        return text
    raise argparse.ArgumentTypeError(f"expected a Telegram user id (digits) or an @username, not {text!r}")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], *, exit_help: str) -> None:
    """`operators` and its subcommands, under market.cli's parser."""
    operators = commands.add_parser(
        "operators", help="the people who look after this installation",
        description="Operators approve or refuse new organizations, manage categories and name other operators in "
                    "the bot (/operadores, /operators). Name the first one here. A person is named by Telegram user "
                    "id or @username once they have sent /start to the bot.",
        epilog=exit_help,
    )
    actions = operators.add_subparsers(dest="operators_command", required=True)
    add = actions.add_parser("add", help="name an operator", epilog=exit_help)
    listing = actions.add_parser("list", help="the operators, first named first", epilog=exit_help)
    listing.add_argument("--all", action="store_true", help="removed ones too, with who removed them and when")
    remove = actions.add_parser("remove", help="end an operator's role (never the last one's); kept as history",
                                epilog=exit_help)
    for action in (add, remove):
        action.add_argument("who", type=_reference, metavar="TELEGRAM_USER_ID", help="their Telegram user id, or "
                            "@username")
