"""Narrow types for the queries tortoise types loosely, so that a service reads what it gets.

Tortoise types `values_list(field, flat=True)` as tuples (a list of them, or one after `.first()`), though a flat
query answers the values themselves, and None when `.first()` finds no row; and a lookup built at run time,
`Q(**{f"{prefix}status": ...})`, as if it could hold Q's own `join_type`. These helpers run the same queries and
say what comes back; the type each is given is for the checker only. (`.first().values(...)` is typed as a dict
though it too answers None when no row matches: check it for None, as the services do.)
"""

from __future__ import annotations

from typing import Any, TypeVar, cast, overload

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet, QuerySetSingle

T = TypeVar("T")
Row = dict[str, Any]  # a row as values() reads it: its columns by name


async def column_of(query: QuerySet[Any], field: str, kind: type[T]) -> list[T]:
    """The value of `field` on each row of `query`: `await query.values_list(field, flat=True)`."""
    return cast(list[T], await query.values_list(field, flat=True))


@overload
async def value_of(query: QuerySetSingle[Model], field: str, kind: type[T]) -> T: ...


@overload
async def value_of(query: QuerySetSingle[Model | None], field: str, kind: type[T]) -> T | None: ...


async def value_of(query: QuerySetSingle[Model | None], field: str, kind: type[T]) -> T | None:
    """The value of `field` on the row `query` finds: None when `.first()` or `.get_or_none()` finds none (`.get()`
    raises DoesNotExist)."""
    return cast("T | None", await query.values_list(field, flat=True))


def lookup(name: str, wanted: object) -> Q:
    """`Q(name=wanted)` for a lookup whose name is built at run time (`f"{prefix}valid_until__gte"`)."""
    lookups: dict[str, Any] = {name: wanted}
    return Q(**lookups)
