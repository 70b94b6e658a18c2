"""Where a person still shows in the database: every column of every table, read generically.

A privacy test lists what names a person (their name, phone, Telegram id, words they typed) and asks
`traces(...)` for every cell that still holds one: text and JSON cells containing it (case-insensitive),
integer cells equal to a number. Tables and columns come from the models, so a table added later is
searched too, without anyone remembering to add it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tortoise import fields

from market.models import __models__

_TEXT = (fields.CharField, fields.TextField, fields.JSONField)
_NUMBER = (fields.IntField,)  # BigIntField and SmallIntField too


@dataclass(frozen=True)
class Trace:
    table: str
    column: str
    row_id: object
    value: str


async def traces(*, words: tuple[str, ...] = (), numbers: tuple[int, ...] = ()) -> list[Trace]:
    """Every (table, column, row) whose text holds one of `words` or whose integer is one of `numbers`."""
    found: list[Trace] = []
    lowered = tuple(w.casefold() for w in words)
    texts = tuple(str(n) for n in numbers)
    for model in __models__:
        meta = model._meta
        columns = {name: field for name, field in meta.fields_map.items() if name in meta.db_fields}
        readable = [name for name, field in columns.items() if isinstance(field, _TEXT + _NUMBER)]
        pk = meta.pk_attr
        for row in await model.all().values(pk, *(name for name in readable if name != pk)):
            for name in readable:
                value = row[name]
                if value is None:
                    continue
                if isinstance(columns[name], _NUMBER) and not isinstance(columns[name], fields.CharField):
                    if value in numbers and name != pk:
                        found.append(Trace(meta.db_table, name, row[pk], str(value)))
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(w in text.casefold() for w in lowered) or any(t in text for t in texts):
                    found.append(Trace(meta.db_table, name, row[pk], text[:120]))
    return found
