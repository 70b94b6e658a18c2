"""Operator roles: naming, removing and listing the people who look after the installation.

    (a person who wrote to the bot) ──add_operator──▶ operator ──remove_operator──▶ removed (kept as history)

Who acts is `by`: a person id, who must be an operator themselves, or COMMAND_LINE, whoever runs
`python -m market.cli` on the installation's machine (they run the installation: the first operator is named
so). A person is named only once they are known to the bot, that is, once they wrote /start: the one naming
them sees their name before giving them the role (a mistyped Telegram id names nobody, never a stranger), and an
operator who never started the bot could not be told anything.

| add_operator(person, by)            | result                                                        |
|-------------------------------------|---------------------------------------------------------------|
| by an operator or COMMAND_LINE      | the person is an operator (named_now; told by the outbox)     |
| the person is an operator already   | their role as it is (named_now False), nothing written        |
| by a person who is not an operator  | Forbidden("not_an_operator")                                  |
| no such person, or one forgotten    | NotFound("person_not_found")                                  |

| remove_operator(person, by)         | result                                                        |
|-------------------------------------|---------------------------------------------------------------|
| by an operator or COMMAND_LINE      | the role ends (removed_at, removed_by), the row stays         |
| the person is not an operator       | NotFound("operator_not_found")                                |
| the person is the last operator     | Conflict("last_operator"): name another one first             |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from market import clock
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import Operator, Person
from market.services.messaging.notifications import enqueue_notification

PAGE_LIMIT = 50
USERNAME_LIMIT = 64  # Person.username's column, as Telegram's usernames
_FIELDS = ("id", "person_id", "person__name", "person__username", "person__telegram_user_id", "named_by__name",
           "named_at", "removed_by__name", "removed_at")


@dataclass(frozen=True)
class CommandLine:
    """Whoever runs the command line on the installation's machine: they run the installation itself."""


COMMAND_LINE = CommandLine()
Actor = int | CommandLine  # a person id (who must be an operator) or the command line


@dataclass(frozen=True)
class PersonRef:
    """A person as an operator picks them: by their name and handle, known to the bot."""

    id: int
    name: str
    username: str | None
    telegram_user_id: int | None


@dataclass(frozen=True)
class OperatorView:
    """One operator role: who, named by whom and when, and, once removed, by whom and when."""

    id: int
    person: PersonRef
    named_by_name: str | None  # None: named from the command line ("" once that person was forgotten)
    named_at: datetime
    removed_by_name: str | None
    removed_at: datetime | None
    named_now: bool = False  # add_operator made this role just now


@dataclass(frozen=True)
class OperatorPage:
    items: tuple[OperatorView, ...]
    next_after: int | None  # pass as `after` for the next page; None on the last page


async def is_operator(person_id: int) -> bool:
    return await Operator.filter(person_id=person_id, removed_at__isnull=True).exists()


async def check_operator(by: Actor) -> None:
    """Forbidden("not_an_operator") unless `by` is the command line or an operator."""
    if isinstance(by, CommandLine):
        return
    if not await is_operator(by):
        raise Forbidden("not_an_operator")


async def find_person_by_telegram_id(telegram_user_id: int) -> PersonRef:
    """The person behind a Telegram user id, once they wrote to the bot; NotFound("person_not_started") before."""
    row = await Person.filter(telegram_user_id=telegram_user_id, forgotten_at__isnull=True).first().values(
        "id", "name", "username", "telegram_user_id") if 0 < telegram_user_id < 2**63 else None
    if row is None:
        raise NotFound("person_not_started", telegram_user_id=telegram_user_id)
    return PersonRef(**row)


async def find_person_by_username(username: str) -> PersonRef:
    """The person with this @username (any case), once they wrote to the bot; NotFound("username_unknown") else."""
    bare = username.strip().removeprefix("@")
    if not bare or len(bare) > USERNAME_LIMIT:
        raise Invalid("bad_person_reference")
    row = await Person.filter(username__iexact=bare, forgotten_at__isnull=True).order_by("-id").first().values(
        "id", "name", "username", "telegram_user_id")
    if row is None:
        raise NotFound("username_unknown", username=bare)
    return PersonRef(**row)


async def get_person_ref(person_id: int) -> PersonRef:
    """A person as an operator picks them; NotFound("person_not_found") for nobody (or someone forgotten)."""
    row = await Person.filter(id=person_id, forgotten_at__isnull=True).first().values(
        "id", "name", "username", "telegram_user_id")
    if row is None:
        raise NotFound("person_not_found")
    return PersonRef(**row)


async def add_operator(person_id: int, *, by: Actor) -> OperatorView:
    """Name a person operator (see the table above); they are told in the chat."""
    await check_operator(by)
    async with in_transaction():
        # Locks the person's row on PostgreSQL: two operators naming the same person at once name them once.
        person = await Person.filter(id=person_id, forgotten_at__isnull=True).select_for_update().first()
        if person is None:
            raise NotFound("person_not_found")
        current = await Operator.filter(person_id=person_id, removed_at__isnull=True).first()
        if current is not None:
            return await _view(current.id)
        role = await Operator.create(person_id=person_id, named_by_id=None if isinstance(by, CommandLine) else by)
        if person.telegram_user_id is not None:
            await enqueue_notification(chat_id=person.telegram_user_id, person_id=person_id, template="operator_named",
                                       params={"operator_id": role.id})
    return await _view(role.id, named_now=True)


async def remove_operator(person_id: int, *, by: Actor, now: datetime | None = None) -> OperatorView:
    """End a person's operator role, kept as history (see the table above). An operator may remove themselves."""
    await check_operator(by)
    async with in_transaction():
        # Every current role locked (PostgreSQL): two operators removing each other at once leave one of them.
        # Models, not values_list: tortoise-orm 1.1.9 leaves FOR UPDATE out of a values query.
        current = [(o.id, o.person_id) for o in
                   await Operator.filter(removed_at__isnull=True).select_for_update().order_by("id")]
        role = next((role_id for role_id, holder in current if holder == person_id), None)
        if role is None:
            raise NotFound("operator_not_found")
        if len(current) == 1:
            raise Conflict("last_operator")
        await Operator.filter(id=role, removed_at__isnull=True).update(
            removed_at=now or clock.now(), removed_by_id=None if isinstance(by, CommandLine) else by)
    return await _view(role)


async def list_operators(*, by: Actor, include_removed: bool = False, after: int | None = None,
                         limit: int = PAGE_LIMIT) -> OperatorPage:
    """The operators, first named first, a page at a time (`after`: a role's id); with `include_removed`, every
    role the installation has had, removed ones too. Operators and the command line only."""
    await check_operator(by)
    if not 1 <= limit <= PAGE_LIMIT:
        raise Invalid("invalid_parameter", parameter="limit", min=1, max=PAGE_LIMIT)
    roles = Operator.all() if include_removed else Operator.filter(removed_at__isnull=True)
    if after is not None:
        roles = roles.filter(id__gt=after)
    rows = await roles.order_by("id").limit(limit + 1).values(*_FIELDS)
    page = rows[:limit]
    return OperatorPage(tuple(_row_view(r) for r in page), page[-1]["id"] if len(rows) > limit else None)


async def get_operator(operator_id: int) -> OperatorView:
    """One role by its id (what the outbox tells the person named)."""
    return await _view(operator_id)


async def _view(operator_id: int, *, named_now: bool = False) -> OperatorView:
    row = await Operator.filter(id=operator_id).first().values(*_FIELDS)
    if row is None:
        raise NotFound("operator_not_found")
    return _row_view(row, named_now=named_now)


def _row_view(row: dict[str, Any], *, named_now: bool = False) -> OperatorView:
    person = PersonRef(row["person_id"], row["person__name"], row["person__username"], row["person__telegram_user_id"])
    return OperatorView(row["id"], person, row["named_by__name"], row["named_at"], row["removed_by__name"],
                        row["removed_at"], named_now)
