"""Closing an order round of 500, 1,000 and 2,000 members with 15 lines each: time, peak memory, queries.

    .venv/bin/python bench/close_round.py [--database postgres|sqlite] [--sizes 500,1000,2000] [--json PATH]

Each size gets a fresh migrated database: one organization with 15 products, a purchasing group,
the members, a round on the 15 offers, and every member's 15 order rows (quantities and
tolerances drawn from a fixed seed). Only `close_round` is measured: wall time and the SQL
statements tortoise sent, then, on the same round built again, the peak of Python's allocations
(tracemalloc slows Python, so it is not on while timing). The aim (issue 5):
under 3 s at 2,000 members, time ratios near 2 and 4, queries not growing with the members.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from results import fresh_database, row, write_results  # noqa: E402

from market.db import close_database, open_database  # noqa: E402
from market.enums import GroupRole  # noqa: E402
from market.models import GroupMember, MemberOrderRow, Offer, Person, PurchasingGroup  # noqa: E402
from market.services.groups.rounds.closing import close_round  # noqa: E402
from market.services.groups.rounds.setup import OpenRound, open_round
from tests.market.services.shop import make_person, make_shop  # noqa: E402

LINES = 15
OPENED = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


class QueryCounter(logging.Handler):
    """Counts the statements tortoise logs (it logs each one at DEBUG)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(("Created connection", "Closed connection")):
            self.count += 1


async def build_round(members: int) -> int:
    """The round to close; returns its id."""
    products = tuple((f"Producto {i:02d}", "kg", "7.50", "1000000") for i in range(LINES))
    shop = await make_shop(products=products)
    await Offer.filter(id__in=list(shop.offers.values())).update(pack_size=5)
    group = await PurchasingGroup.create(slug="grupo-bench", name="Grupo", territory_id=shop.territory_id)
    coordinator = await make_person("Coordinadora", telegram_user_id=1)
    await GroupMember.create(group=group, person_id=coordinator, role=GroupRole.COORDINATOR)
    await Person.bulk_create([Person(name=f"Socia {i}", telegram_user_id=100_000 + i) for i in range(members)])
    people = await Person.filter(telegram_user_id__gte=100_000).order_by("id").values_list("id", flat=True)
    await GroupMember.bulk_create([GroupMember(group=group, person_id=person_id) for person_id in people])
    view = await open_round(
        OpenRound(group.id, closes_at=OPENED + timedelta(days=3), offer_ids=tuple(shop.offers.values())),
        by_person_id=coordinator, now=OPENED)
    member_ids = await GroupMember.filter(group=group, role=GroupRole.MEMBER).values_list("id", flat=True)
    draw = random.Random(members)
    rows = [
        MemberOrderRow(round_offer_id=offer.id, member_id=member_id, quantity=draw.randint(0, 6),
                       tolerance=draw.randint(0, 3), at=OPENED + timedelta(seconds=draw.randint(0, 86_400)))
        for member_id in member_ids for offer in view.offers
    ]
    await MemberOrderRow.bulk_create(rows, batch_size=2000)
    return view.id


async def measure(database_url: str, members: int, *, trace_memory: bool) -> dict[str, float]:
    """One close; with `trace_memory` its allocations are traced (which slows Python: time it apart)."""
    ctx = await open_database(database_url, global_fallback=False)
    try:
        round_id = await build_round(members)
        counter = QueryCounter()
        db_log = logging.getLogger("tortoise.db_client")
        db_log.setLevel(logging.DEBUG)
        db_log.addHandler(counter)
        if trace_memory:
            tracemalloc.start()
        started = time.perf_counter()
        result = await close_round(round_id, now=OPENED + timedelta(days=4))
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
        tracemalloc.stop()
        db_log.removeHandler(counter)
        assert result.closed_now and len(result.bills) > 0.9 * members
        return {"seconds": elapsed, "peak_mb": peak / 2**20, "queries": counter.count, "bills": len(result.bills)}
    finally:
        await close_database(ctx)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--sizes", default="500,1000,2000")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"close_round, {LINES} lines a member, database {args.database}, Python {sys.version.split()[0]}")
    print(f"{'members':>8} {'bills':>6} {'seconds':>8} {'ratio':>6} {'peak MB':>8} {'queries':>8}")
    first, rows = None, []
    with tempfile.TemporaryDirectory() as directory:
        for members in sizes:
            figures = {}
            for trace_memory in (False, True):  # the same round twice, in fresh databases
                url, database = await fresh_database(
                    args.database, Path(directory) / str(trace_memory) / f"round-{members}.sqlite3")
                try:
                    measured = await measure(url, members, trace_memory=trace_memory)
                finally:
                    if database is not None:
                        await asyncio.to_thread(database.drop)
                figures = measured if not trace_memory else {**figures, "peak_mb": measured["peak_mb"]}
            first = first or figures["seconds"]
            print(f"{members:>8} {figures['bills']:>6} {figures['seconds']:>8.2f} {figures['seconds'] / first:>6.2f} "
                  f"{figures['peak_mb']:>8.1f} {figures['queries']:>8}")
            rows.append(row(f"{members} members", figures["seconds"], figures["seconds"] / first,
                            "" if not rows else rows[0]["subject"], bills=figures["bills"],
                            **{"peak MB": figures["peak_mb"], "queries": figures["queries"]}))
    write_results(
        args.json, name="close_round", title="Round closing against the smallest round",
        setup=f"{LINES} lines a member, database {args.database}, a fresh database for each close",
        unit="seconds", baseline=f"the {sizes[0]}-member round, closed in the same run",
        ratio="close time ÷ the smallest round's (members ratio 1 : 2 : 4 → ideal 1 : 2 : 4)", rows=rows,
        aim="under 3 s at 2,000 members; ratios near 2 and 4; queries not growing with the members",
    )


if __name__ == "__main__":
    asyncio.run(main())
