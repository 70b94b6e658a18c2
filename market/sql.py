"""Statements written once, for the few paths every update walks (the inbox, knowing the person).

Tortoise builds each query anew through pypika: for a handful of statements run several times per update, building
them costs more than running them (a fifth of the bot's time in bench/bot_throughput.py). A `Statement` is the SQL
text, written with `?` marks; on PostgreSQL the marks become `$1`, `$2`… once, when the statement is first run.
Parameters go to the driver as tortoise's own queries send them: datetimes as they are (tortoise registers SQLite's
adapters, which write them as its queries do), so comparisons with stored values hold on both engines.

Only plain SQL both engines read alike goes here (UPDATE … RETURNING, ON CONFLICT DO NOTHING, CASE); the services
that use a statement are tested on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tortoise.models import Model

_MARK = re.compile(r"\?(\d*)")


class Statement:
    """One SQL statement with `?` marks, run through `model`'s connection (its transaction, if one is open).

    Marks are all `?` (taken in order) or all `?1`, `?2`… (one parameter used in several places); both engines read
    both, PostgreSQL after they become `$1`, `$2`…. `{at}` after a mark says it is a timestamp: PostgreSQL then casts
    it, since inside CASE it would read the mark as text; `{json}` likewise says it is JSON text for a jsonb column
    (PostgreSQL reads a mark in an INSERT's SELECT as text). `{skip_locked}` is PostgreSQL's `FOR UPDATE SKIP LOCKED`
    and `{no_key_update}` its `FOR NO KEY UPDATE` (the lock an UPDATE takes, in a subquery's ORDER BY); both are
    nothing on SQLite (one writer).
    """

    def __init__(self, model: type[Model], text: str) -> None:
        self.model = model
        self.text = " ".join(text.split())
        self._texts: dict[str, str] = {}

    def for_dialect(self, dialect: str) -> str:
        text = self._texts.get(dialect)
        if text is None:
            if dialect == "postgres":
                numbers = iter(range(1, 100_000))
                text = self.text.replace("{skip_locked}", SKIP_LOCKED).replace("{no_key_update}", NO_KEY_UPDATE)
                text = text.replace("{at}", "::timestamptz").replace("{json}", "::jsonb")
                text = _MARK.sub(lambda mark: f"${mark.group(1) or next(numbers)}", text)
            else:
                text = self.text.replace(" {skip_locked}", "").replace(" {no_key_update}", "")
                text = text.replace("{at}", "").replace("{json}", "")
            self._texts[dialect] = text
        return text

    async def rows(self, *params: Any) -> list[dict[str, Any]]:
        """Run it and return the rows it answers (a SELECT's, or an UPDATE's RETURNING)."""
        client = self.model._meta.db
        return await client.execute_query_dict(self.for_dialect(client.capabilities.dialect), list(params))


class SizedStatement:
    """A statement whose text depends on a count (rows in a VALUES list, ids in an IN list), written once per count
    (or per counts, for a text that takes several).

        _INSERT = SizedStatement(Lot, lambda count: f"INSERT INTO lot_take (…) VALUES {', '.join(['(?, ?)'] * count)}")
        await _INSERT(len(rows)).rows(*values)
    """

    def __init__(self, model: type[Model], text: Callable[..., str]) -> None:
        self.model = model
        self._text = text
        self._made: dict[tuple[int, ...], Statement] = {}

    def __call__(self, *counts: int) -> Statement:
        statement = self._made.get(counts)
        if statement is None:
            statement = self._made[counts] = Statement(self.model, self._text(*counts))
        return statement


def quantity_by_id(count: int) -> tuple[str, str]:
    """For `count` (id, quantity) pairs passed as ?1, ?2, ?3, ?4…: the body of a `CASE id … END` that gives each id
    its quantity, and the list of the ids, for `WHERE id IN (…)`. The quantities are cast, as tortoise casts a decimal
    column: SQLite keeps decimals as text, and PostgreSQL cannot tell a mark's type inside CASE."""
    case = " ".join(f"WHEN ?{2 * n + 1} THEN CAST(?{2 * n + 2} AS NUMERIC)" for n in range(count))
    return case, ", ".join(f"?{2 * n + 1}" for n in range(count))


SKIP_LOCKED = "FOR UPDATE SKIP LOCKED"
NO_KEY_UPDATE = "FOR NO KEY UPDATE"


def json_value(value: Any) -> Any:
    """A JSON column as read by a Statement: text on SQLite (and from asyncpg's jsonb), decoded here."""
    return json.loads(value) if isinstance(value, str | bytes) else value
