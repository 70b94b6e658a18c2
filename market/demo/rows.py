"""What the seed steps share: the rows made so far, find-or-create, the demo's own rows, its codes, and local
clock times."""

from __future__ import annotations

import datetime as dt
import hashlib
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, overload
from zoneinfo import ZoneInfo

from tortoise.models import Model

from market.models import DemoRow

if TYPE_CHECKING:
    from market.models import Category, Offer, Organization, Person, PgsNetwork, Product, Territory

M = TypeVar("M", bound=Model)


async def ensure(model: type[M], lookup: dict[str, Any], **values: Any) -> M:
    """The row with these natural keys, created with `values` when there is none.

    Unlike tortoise's get_or_create this opens no savepoint per row (the seed is one
    transaction already) and never updates a row found.
    """
    row = await model.filter(**lookup).first()
    if row is None:
        row = await model.create(**lookup, **values)
    return row


URL_SAFE = string.ascii_letters + string.digits + "-_"  # secrets.token_urlsafe's characters


def demo_code(alphabet: str, length: int, *key: str) -> str:
    """A code of the demo's (a seal's, a group's invitation) drawn from its natural key rather than at random, so
    that every seed of the demo, on any machine or engine, gives the same one and the demo's conversations read
    the same everywhere (tests/transcripts). Nothing is hidden by it: the demo's data is public.

    | alphabet | length | key (SEALS: market.seal_codes.ALPHABET)     | code           |
    |----------|--------|---------------------------------------------|----------------|
    | "AB"     | 4      | ("x",)                                      | "BBAA"         |
    | "AB"     | 4      | ("y",)                                      | "BAAA"         |
    | SEALS    | 8      | ("seal", "red-sul", "coop-nova-petropolis") | "X5MHC4DM"     |
    """
    digest = hashlib.sha256("/".join(key).encode()).digest()
    return "".join(alphabet[byte % len(alphabet)] for byte in digest[:length])


async def mark_demo_row(row: Model) -> None:
    """Remember that the demo seed made `row`, so that a later seed may move it to today."""
    await DemoRow.create(table_name=row._meta.db_table, row_id=row.pk)


async def is_demo_row(row: Model) -> bool:
    return await DemoRow.filter(table_name=row._meta.db_table, row_id=row.pk).exists()


def local_time(day: dt.date, hour: int, time_zone: str) -> dt.datetime:
    """`hour` o'clock on `day` where the clock is `time_zone`, as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time(hour), ZoneInfo(time_zone)).astimezone(dt.timezone.utc)


@dataclass
class Refs:
    """The rows the seed has found or made, by the keys the demo data names them with."""

    today: dt.date
    territories: dict[str, Territory] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    # Keyed by (organization slug, product search key).
    products: dict[tuple[str, str], Product] = field(default_factory=dict)
    offers: dict[tuple[str, str], Offer] = field(default_factory=dict)
    networks: dict[str, PgsNetwork] = field(default_factory=dict)
    # An organization's currency and time zone are its territory's.
    currencies: dict[str, str] = field(default_factory=dict)
    time_zones: dict[str, str] = field(default_factory=dict)

    @overload
    def day(self, offset: int) -> dt.date: ...

    @overload
    def day(self, offset: None) -> None: ...

    @overload
    def day(self, offset: int | None) -> dt.date | None: ...

    def day(self, offset: int | None) -> dt.date | None:
        """The date `offset` days from the seed's day; None stays None (a seal still in review)."""
        return None if offset is None else self.today + dt.timedelta(days=offset)
