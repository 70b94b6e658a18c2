"""Who a person can be on the sandbox chat page: the demo network's people, or someone new."""

from __future__ import annotations

import dataclasses
import functools
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from market.demo.data import PersonSpec
from market.demo.groups import GROUPS
from market.demo.organizations import ORGANIZATIONS
from market.demo.people import CONSUMERS, OPERATORS, PEOPLE
from market.demo.places import TERRITORIES
from market.demo.seals import NETWORKS

# Newcomers get ids below the demo people's (900000001 on) and far above test fixtures' small ids.
NEWCOMER_IDS = range(800_000_000, 900_000_000)
# Telegram's language codes a newcomer's app may send, named in their own language. Quechua and
# Guaraní have no catalog: they show what the bot does with a language it does not speak.
NEWCOMER_LANGUAGES = (
    ("es", "Español"), ("pt-br", "Português (Brasil)"), ("en", "English"),
    ("qu", "Runasimi (quechua)"), ("gn", "Avañe'ẽ (guaraní)"),
)
MAX_NAME = 64  # Telegram's limit for a first name


@dataclass(frozen=True)
class Character:
    """A person to play: their Telegram identity and what the picker says about them."""

    user_id: int
    name: str
    language_code: str | None
    role: str  # consumer | producer | admin | coordinator | committee | operator | newcomer
    belongs_to: str = ""  # their territory, organization or purchasing group

    @property
    def telegram_user(self) -> dict[str, Any]:
        """The User the sandbox shows the bot (what POST /sandbox/api/people takes)."""
        first_name, last_name = split_name(self.name)
        user: dict[str, Any] = {"id": self.user_id, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if self.language_code:
            user["language_code"] = self.language_code
        return user


def split_name(name: str) -> tuple[str, str | None]:
    """First and last name as a person would type them into Telegram.

    Most demo names end in two surnames; with four words the first two are the given names.

    | name                          | first name      | last name        |
    |-------------------------------|-----------------|------------------|
    | "Hilda Justiniano Rojas"      | "Hilda"         | "Justiniano Rojas" |
    | "Ana María Rivero Antelo"     | "Ana María"     | "Rivero Antelo"  |
    | "Rosângela da Silva"          | "Rosângela"     | "da Silva"       |
    | "Rosa"                        | "Rosa"          | None             |
    """
    words = name.split()
    given = 2 if len(words) >= 4 else 1
    return " ".join(words[:given]), " ".join(words[given:]) or None


@functools.cache
def demo_cast() -> dict[str, tuple[Character, ...]]:
    """The picker's groups: consumers, producers (admins first), purchasing-group coordinators, PGS committees'
    members and the installation's operators (the desk's roles: each can sign in to it)."""
    people = {p.handle: p for p in PEOPLE}
    places = {t.code: t.name for t in TERRITORIES}

    def character(spec: PersonSpec, role: str, belongs_to: str) -> Character:
        return Character(spec.telegram_user_id, spec.name, spec.language_code, role, belongs_to)

    return {
        "consumer": tuple(character(p, "consumer", places[p.territory]) for p in CONSUMERS),
        "producer": tuple(
            character(people[handle], "admin" if handle == o.admin else "producer", o.name)
            for o in ORGANIZATIONS for handle in (o.admin, *o.producers)
        ),
        "coordinator": tuple(
            character(people[handle], "coordinator", g.name) for g in GROUPS for handle in g.coordinators
        ),
        "committee": tuple(
            character(people[r.handle], "committee", n.name) for n in NETWORKS for r in n.reviewers if r.committee
        ),
        "operator": tuple(character(p, "operator", places[p.territory]) for p in OPERATORS),
    }


def find_character(query: Mapping[str, str]) -> Character | None:
    """The person a page URL names: ?person=<demo id>, or ?person=<id>&name=...&language_code=..."""
    try:
        user_id = int(query.get("person", ""))
    except ValueError:
        return None
    # Some people play two parts (a coordinator also buys): the page names all they belong to.
    parts = [c for characters in demo_cast().values() for c in characters if c.user_id == user_id]
    if parts:
        belongs_to = " · ".join(dict.fromkeys(c.belongs_to for c in parts))
        return dataclasses.replace(parts[0], belongs_to=belongs_to)
    name = " ".join(query.get("name", "").split())[:MAX_NAME]
    if user_id not in NEWCOMER_IDS or not name:
        return None
    language_code = query.get("language_code")
    known = {code for code, _ in NEWCOMER_LANGUAGES}
    return Character(user_id, name, language_code if language_code in known else None, "newcomer")


def newcomer_id() -> int:
    """A fresh id for someone new; it goes into the page's URL, so a reload keeps the same chat."""
    return NEWCOMER_IDS.start + secrets.randbelow(len(NEWCOMER_IDS))
