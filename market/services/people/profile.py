"""People known to the system: registered from Telegram on every update, with their chosen locale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.fields import CharField
from tortoise.transactions import in_transaction

from market import clock
from market.enums import SUPPORTED_LOCALES
from market.errors import Invalid, NotFound
from market.models import Person
from market.services.messaging.chats import ChatStateView
from market.services.people.place import PersonPlace
from market.sql import Statement, json_value


@dataclass(frozen=True)
class PersonView:
    id: int
    name: str
    telegram_user_id: int | None
    username: str | None
    locale: str | None
    language_code: str | None
    # The country of the place the person chose (market.services.people.place): money in its currency is theirs.
    country_code: str | None = None
    # The place itself, as register_person read it (the catalog starts from it); None when they chose none, and
    # from the other readers here, which do not read it.
    place: PersonPlace | None = None
    # What the chat the update came from awaited when register_person read it (given that chat): None when not read.
    chat: ChatStateView | None = None


def _view(person: Person, country_code: str | None = None) -> PersonView:
    return PersonView(
        id=person.id, name=person.name, telegram_user_id=person.telegram_user_id,
        username=person.username, locale=person.locale, language_code=person.language_code,
        country_code=country_code,
    )


def _fit(value: str | None, field: str) -> str | None:
    """Cut a Telegram value to its column: a first and last name together may pass 128 characters."""
    if value is None:
        return None
    column = cast(CharField[Any], Person._meta.fields_map[field])  # name, username, language_code: CharFields
    return value[: column.max_length]


async def register_person(
    telegram_user_id: int, name: str, username: str | None, language_code: str | None, *, chat_id: int | None = None,
) -> PersonView:
    """The person behind a Telegram user, created on first sight and kept up to date after.

    Runs on every update: when nothing changed it costs one SELECT and writes nothing. With `chat_id`, the same
    SELECT reads what that chat awaits (the view's `chat`; None for someone new, whose row was just made).
    The chosen `locale` is the person's own and is never touched here.
    """
    values: dict[str, str | None] = {
        "name": _fit(name, "name") or "", "username": _fit(username, "username"),
        "language_code": _fit(language_code, "language_code"),
    }
    # The person's place comes in the same query: their country says which money is theirs.
    rows = await _KNOWN.rows(telegram_user_id, chat_id)
    if not rows:
        try:
            # A savepoint: a duplicate must not abort a caller's PostgreSQL transaction.
            async with in_transaction():
                person = await Person.create(
                    telegram_user_id=telegram_user_id, name=values["name"], username=values["username"],
                    language_code=values["language_code"],
                )
            return _view(person)
        except IntegrityError:
            # Another update of the same person created the row first: take it and update it.
            rows = await _KNOWN.rows(telegram_user_id, chat_id)
    row = rows[0]
    changed = {field: value for field, value in values.items() if row[field] != value}
    if changed:
        # A queryset update skips auto_now: stamp updated_at ourselves.
        await Person.filter(id=row["id"]).update(**changed, updated_at=clock.now())
        row.update(changed)
    place = None if row["territory_id"] is None else PersonPlace(
        row["territory_id"], row["territory_code"], row["territory_name"], row["country_code"])
    return PersonView(
        id=row["id"], name=row["name"], telegram_user_id=telegram_user_id, username=row["username"],
        locale=row["locale"], language_code=row["language_code"],
        country_code=place.country_code if place else None, place=place,
        chat=None if chat_id is None else ChatStateView(chat_id, row["awaiting"], json_value(row["data"]) or {}),
    )


# Every update reads its sender this way, and what its chat awaits (a Statement: built once, not by the ORM each
# time). ?2 NULL (no chat given) finds no chat.
_KNOWN = Statement(Person, """
    SELECT person.id, person.name, person.username, person.locale, person.language_code, person.territory_id,
           territory.code AS territory_code, territory.name AS territory_name, territory.country_code,
           chat_state.awaiting, chat_state.data
    FROM person LEFT JOIN territory ON territory.id = person.territory_id
    LEFT JOIN chat_state ON chat_state.chat_id = ?2
    WHERE person.telegram_user_id = ?1
""")


async def get_person(person_id: int) -> PersonView:
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise NotFound("person_not_found")
    return _view(person)


async def find_person_by_telegram(telegram_user_id: int) -> PersonView | None:
    person = await Person.get_or_none(telegram_user_id=telegram_user_id)
    return None if person is None else _view(person)


async def set_person_locale(person_id: int, locale: str) -> PersonView:
    """Store the language a person chose; only the catalogs we serve (es, pt_BR, en)."""
    if locale not in SUPPORTED_LOCALES:
        raise Invalid("unsupported_locale", locale=locale)
    if not await Person.filter(id=person_id).update(locale=locale, updated_at=clock.now()):
        raise NotFound("person_not_found")
    return await get_person(person_id)
