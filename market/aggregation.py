"""How a purchasing group's orders fill cases and sacks: packs to order, what is missing, who gets what.

The rules follow Foodsoft's, refined by food co-ops for years. Everything is a whole number of
order units (1 kg, 500 g, a dozen); a pack is the case or sack the producer sells in bulk.
A member's order line is kept as timestamped rows (`OrderRow`), so that a later increase queues
behind earlier orders and a decrease gives back the newest units first (`update_rows`).

Pack size 3; A orders 3 with tolerance 2 at 10:00, B 1 with tolerance 3 at 10:05, C 1 at 10:10:

    | member | quantity | tolerance | at    | gets (quantity + tolerance) |
    |--------|----------|-----------|-------|-----------------------------|
    | A      | 3        | 2         | 10:00 | 3 + 1                       |
    | B      | 1        | 3         | 10:05 | 1 + 0                       |
    | C      | 1        | 0         | 10:10 | 1 + 0                       |

    quantities 5, tolerances 5: packs_to_order(3, 5, 5) = 2, so 6 units are handed out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

Member = TypeVar("Member", bound=Hashable)  # who a row is of: a member's id in the services, a letter in the tests


@dataclass(frozen=True)
class OrderRow(Generic[Member]):
    """One timestamped row of a member's order line."""

    member: Member
    quantity: int
    tolerance: int
    at: datetime


@dataclass(frozen=True)
class Allocation:
    """What a member gets: units from their quantity, and units from their tolerance."""

    quantity: int
    tolerance: int

    @property
    def total(self) -> int:
        return self.quantity + self.tolerance


def _whole(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a whole number of order units, not {value!r}")


def _pack(pack_size: int) -> None:
    if not isinstance(pack_size, int) or isinstance(pack_size, bool) or pack_size < 1:
        raise ValueError(f"a pack holds at least one order unit, not {pack_size!r}")


def packs_to_order(pack_size: int, quantity: int, tolerance: int) -> int:
    """Whole packs to order; the tolerance only completes the last partial pack.

    | pack_size | quantity | tolerance | packs |
    |-----------|----------|-----------|-------|
    | 4         | 0        | 5         | 0     |
    | 4         | 2        | 2         | 1     |
    | 4         | 4        | 4         | 1     |
    | 4         | 5        | 3         | 2     |
    | 4         | 5        | 2         | 1     |
    | 25        | 18       | 7         | 1     |
    | 25        | 18       | 6         | 0     |
    | 1         | 7        | 0         | 7     |
    """
    _pack(pack_size)
    _whole("quantity", quantity)
    _whole("tolerance", tolerance)
    packs, rest = divmod(quantity, pack_size)
    if rest > 0 and rest + tolerance >= pack_size:
        packs += 1
    return packs


def missing_to_complete(pack_size: int, quantity: int, tolerance: int) -> int:
    """Order units still missing to fill the next pack ("faltan 7 kg para completar la bolsa").

    | pack_size | quantity | tolerance | missing |
    |-----------|----------|-----------|---------|
    | 25        | 18       | 0         | 7       |
    | 25        | 25       | 0         | 0       |
    | 25        | 25       | 1         | 24      |
    | 25        | 18       | 7         | 0       |
    | 25        | 18       | 9         | 0       |
    | 4         | 0        | 0         | 0       |
    | 4         | 0        | 1         | 3       |
    """
    _pack(pack_size)
    _whole("quantity", quantity)
    _whole("tolerance", tolerance)
    missing = pack_size - (quantity % pack_size + tolerance)
    return 0 if missing < 0 or missing == pack_size else missing


def allocate(rows: Iterable[OrderRow[Member]], total: int) -> dict[Member, Allocation]:
    """Hand out `total` units first come, first served: every quantity first, then tolerances.

    Rows are taken by time (ties keep their order); units beyond all quantities and tolerances go
    to nobody; every member with a row appears, with zeros where nothing was given.

    | rows (member q+t at)                  | total | allocation                  |
    |---------------------------------------|-------|-----------------------------|
    | A 3+2 10:00, B 1+3 10:05, C 1+0 10:10 | 6     | A 3+1, B 1+0, C 1+0         |
    | A 3+2 10:00, B 1+3 10:05, C 1+0 10:10 | 4     | A 3+0, B 1+0, C 0+0         |
    | A 3+2 10:00, B 1+3 10:05, C 1+0 10:10 | 20    | A 3+2, B 1+3, C 1+0         |
    | B 2+0 10:05, A 2+0 10:00              | 3     | A 2+0, B 1+0                |
    | A 1+0 10:00, A 2+1 10:30, B 1+0 10:10 | 3     | A 2+0, B 1+0                |
    | A 1+1 10:00                           | 0     | A 0+0                       |
    """
    _whole("total", total)
    ordered = sorted(enumerate(rows), key=lambda pair: (pair[1].at, pair[0]))
    given: dict[Member, list[int]] = {}
    for _, row in ordered:
        _whole("quantity", row.quantity)
        _whole("tolerance", row.tolerance)
        given.setdefault(row.member, [0, 0])
    left = total
    for part in (0, 1):  # first every row's quantity, then every row's tolerance
        for _, row in ordered:
            take = min(left, row.tolerance if part else row.quantity)
            given[row.member][part] += take
            left -= take
    return {member: Allocation(q, t) for member, (q, t) in given.items()}


def update_rows(
    member: Member, rows: Sequence[OrderRow[Member]], quantity: int, tolerance: int, now: datetime
) -> list[OrderRow[Member]]:
    """A member's rows for one line after they ask for new totals: decreases give back the newest
    units first; an increase is a new row at `now`, behind everyone who ordered earlier.

    | rows (q+t at)           | asked | result                          |
    |-------------------------|-------|---------------------------------|
    | 2+1 10:00               | 5+1   | 2+1 10:00, 3+0 now              |
    | 2+1 10:00, 3+0 10:30    | 4+1   | 2+1 10:00, 2+0 10:30            |
    | 2+1 10:00, 3+0 10:30    | 1+0   | 1+0 10:00                       |
    | 2+1 10:00, 3+0 10:30    | 1+3   | 1+1 10:00, 0+2 now              |
    | 2+1 10:00               | 0+0   | (none)                          |
    | (none)                  | 2+0   | 2+0 now                         |
    """
    _whole("quantity", quantity)
    _whole("tolerance", tolerance)
    # What each row keeps, [quantity, tolerance], newest first: a decrease is taken from the newest rows.
    keeps = [[row.quantity, row.tolerance] for row in reversed(rows)]
    current_q = sum(row.quantity for row in rows)
    current_t = sum(row.tolerance for row in rows)
    for entry in keeps:
        if quantity >= current_q and tolerance >= current_t:
            break
        if quantity < current_q:
            take = min(current_q - quantity, entry[0])
            entry[0] -= take
            current_q -= take
        if tolerance < current_t:
            take = min(current_t - tolerance, entry[1])
            entry[1] -= take
            current_t -= take
    kept = [
        OrderRow(member, q, t, row.at) for row, (q, t) in zip(rows, reversed(keeps), strict=True) if (q, t) != (0, 0)
    ]
    if quantity > current_q or tolerance > current_t:
        kept.append(OrderRow(member, max(quantity - current_q, 0), max(tolerance - current_t, 0), now))
    return kept
