"""Checkouts at once against the same checkouts one after another: throughput, latency, and nothing oversold.

    .venv/bin/python bench/checkout.py [--database postgres|sqlite] [--people 200] [--lines 3]
                                       [--few-units 50] [--lots 40] [--mirrors 2] [--quick] [--json PATH]

Everything goes through the real service, market.services.orders.placing.place_orders, on a fresh
migrated database. Two scenarios, each measured twice, on carts built afresh through
market.services.orders.cart.add_to_cart (a shop of its own each time):

- plenty: `--people` people each hold 1 unit of the same `--lines` offers, with stock for all;
  every checkout should be placed.
- plenty, `--lots` lots: the same as plenty, concurrent, but each offer's stock is held by `--lots`
  families' lots (an association of forty), stocked a minute apart: checkout takes each line from the
  oldest lots (market.services.lots.sales); measured against plenty, concurrent (the organization's one
  lot) in the same run, and the lots must still sum to the offer.
- few units: the offer has `--few-units` units and `--people` people want 1 each; exactly
  `--few-units` checkouts should be placed and the rest refused with not_enough_stock.

The plenty runs are each made twice, in mirrored order (sequential, concurrent, lots, lots, concurrent,
sequential), and each kind's runs are reported as one: the database grows with every run, and a run made later
is slower, so a fixed order would favour whichever kind runs first (on SQLite that alone moved the ratio by 10 %).
The mirrored sequence is made `--mirrors` times (2): with one, the ratios of five runs on one quiet machine in one
hour spread over 0.89-1.10 on SQLite and 1.42-1.76 on PostgreSQL.

Each is run sequentially (one checkout after another: the baseline) and concurrently (every
checkout started at once with asyncio.gather, as many people pressing "Order" in the same
second; the served app's connection pool, tortoise's default of 5 on PostgreSQL, queues them).
A checkout's latency is from the call to its answer, queueing included. Reported: checkouts a
second and their ratio concurrent / sequential, p50/p99, orders placed and refused, the final
stock, oversold units (ordered beyond the stock: must be 0), and errors other than a refusal
(deadlocks counted apart: must be 0). `--quick` shrinks the run to a few seconds (20 people,
5 units) for a smoke test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from results import fresh_database, row, write_results  # noqa: E402

from market import clock  # noqa: E402
from market.db import close_database, open_database  # noqa: E402
from market.enums import MemberRole, MembershipStatus  # noqa: E402
from market.errors import Conflict  # noqa: E402
from market.models import Lot, Member, Offer, OrderLine, Person  # noqa: E402
from market.services.orders.cart import add_to_cart  # noqa: E402
from market.services.orders.placing import place_orders  # noqa: E402
from tests.market.services.shop import make_shop  # noqa: E402

PRODUCT_NAMES = ("Tomate", "Lechuga", "Papa", "Cebolla", "Zanahoria", "Haba", "Choclo", "Quinua")


@dataclass
class Outcome:
    """What one run of checkouts gave."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    placed: int = 0
    refused: int = 0
    errors: int = 0
    deadlocks: int = 0
    initial_stock: Decimal = Decimal(0)
    final_stock: Decimal = Decimal(0)
    oversold: Decimal = Decimal(0)

    def figures(self) -> dict[str, float]:
        latencies = sorted(self.latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        return {
            "rate": len(latencies) / self.seconds, "p50 ms": statistics.median(latencies) * 1000,
            "p99 ms": p99 * 1000, "placed": self.placed, "refused": self.refused,
            "stock": f"{self.initial_stock:.0f} → {self.final_stock:.0f}", "oversold": _number(self.oversold),
            "errors": self.errors, "deadlocks": self.deadlocks,
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


_shops = [0]


async def build(people: int, lines: int, stock: int, lots: int = 1) -> tuple[list[int], list[int]]:
    """A shop of its own with `lines` offers of `stock` units in `lots` lots, and `people` carts holding 1 of each."""
    _shops[0] += 1
    n = _shops[0]
    products = tuple((name, "unit", "4.00", str(stock)) for name in PRODUCT_NAMES[:lines])
    shop = await make_shop(f"shop-{n}", name=f"Shop {n}", products=products, telegram_base=10_000 * n)
    first = 1_000_000 * n
    await Person.bulk_create([Person(name=f"Persona {i}", telegram_user_id=first + i) for i in range(people)])
    buyers = await Person.filter(telegram_user_id__gte=first, telegram_user_id__lt=first + people) \
        .order_by("id").values_list("id", flat=True)
    offers = list(shop.offers.values())
    if lots > 1:
        await share_in_lots(shop.organization_id, offers, stock, lots, first + people)
    for buyer in buyers:
        for offer_id in offers:
            await add_to_cart(buyer, offer_id, Decimal(1))
    return list(buyers), offers


async def share_in_lots(organization_id: int, offers: list[int], stock: int, lots: int, first_family: int) -> None:
    """Each offer's stock held by `lots` families' lots, a minute apart, instead of the organization's own lot."""
    await Person.bulk_create([Person(name=f"Familia {i}", telegram_user_id=first_family + i) for i in range(lots)])
    families = await Person.filter(telegram_user_id__gte=first_family, telegram_user_id__lt=first_family + lots) \
        .order_by("id").values_list("id", flat=True)
    await Member.bulk_create([Member(organization_id=organization_id, person_id=person_id, role=MemberRole.PRODUCER,
                                     status=MembershipStatus.APPROVED) for person_id in families])
    members = await Member.filter(organization_id=organization_id, person_id__in=list(families)).order_by("id") \
        .values_list("id", flat=True)
    since = clock.now() - timedelta(days=1)
    shares = [stock // lots + (1 if i < stock % lots else 0) for i in range(lots)]
    for offer_id in offers:
        await Lot.filter(own_key=offer_id).update(stock=0)
        await Lot.bulk_create([Lot(offer_id=offer_id, member_id=member_id, stock=Decimal(share),
                                   stocked_since=since + timedelta(minutes=i))
                               for i, (member_id, share) in enumerate(zip(members, shares, strict=True))])


async def checkout(buyer: int, outcome: Outcome) -> None:
    started = time.perf_counter()
    try:
        await place_orders(buyer, idempotency_key=f"bench-{buyer}")
        outcome.placed += 1
    except Conflict as refusal:
        if refusal.code != "not_enough_stock":
            raise
        outcome.refused += 1
    except Exception as error:  # noqa: BLE001 - a deadlock or any driver error is a figure, not a crash
        outcome.errors += 1
        outcome.deadlocks += "deadlock" in str(error).lower()
    outcome.latencies.append(time.perf_counter() - started)


async def run(people: int, lines: int, stock: int, *, concurrent: bool, lots: int = 1) -> Outcome:
    buyers, offers = await build(people, lines, stock, lots)
    outcome = Outcome(initial_stock=Decimal(stock))
    started = time.perf_counter()
    if concurrent:
        await asyncio.gather(*(checkout(buyer, outcome) for buyer in buyers))
    else:
        for buyer in buyers:
            await checkout(buyer, outcome)
    outcome.seconds = time.perf_counter() - started
    # The offer that sells out first tells: its stock left, and what was ordered beyond what there was.
    stocks = await Offer.filter(id__in=offers).values_list("id", "stock")
    offer_id, outcome.final_stock = min(stocks, key=lambda pair: pair[1])
    ordered = sum((q for q in await OrderLine.filter(offer_id=offer_id).values_list("quantity", flat=True)),
                  Decimal(0))
    outcome.oversold = max(Decimal(0), ordered - stock)
    if outcome.final_stock != stock - ordered:  # stock taken twice or not at all: as bad as overselling
        outcome.oversold = max(outcome.oversold, abs(stock - ordered - outcome.final_stock))
    for offer_id, offer_stock in stocks:  # the lots no longer summing to the offer: stock lost or made up
        held = sum((Decimal(q) for q in await Lot.filter(offer_id=offer_id).values_list("stock", flat=True)),
                   Decimal(0))
        outcome.oversold = max(outcome.oversold, abs(held - Decimal(offer_stock)))
    return outcome


async def measure(engine: str, people: int, lines: int, few_units: int, lots: int,
                  mirrors: int = 2) -> dict[str, Outcome]:
    """The five runs, each on carts of its own, in one fresh database."""
    with tempfile.TemporaryDirectory() as directory:
        url, database = await fresh_database(engine, Path(directory) / "checkout.sqlite3")
        ctx = await open_database(url, global_fallback=False)
        try:
            await run(5, lines, 100, concurrent=True)  # warm-up: connections, the pool, statement caches
            # Each plenty run twice, in mirrored order (sequential, concurrent, lots, lots, concurrent, sequential):
            # the database grows with every run and later runs are slower, which would favour whichever runs first.
            # Mirrored, each kind sits at the same mean place, and that drift cancels out of the ratios.
            plenty = [(False, 1), (True, 1), (True, lots)]
            outcomes: dict[tuple[bool, int], list[Outcome]] = {kind: [] for kind in plenty}
            for concurrent, held_in in (plenty + plenty[::-1]) * mirrors:
                outcomes[concurrent, held_in].append(
                    await run(people, lines, 2 * people, concurrent=concurrent, lots=held_in))
            return {
                "plenty, sequential": merged(outcomes[False, 1]),
                "plenty, concurrent": merged(outcomes[True, 1]),
                f"plenty, concurrent, {lots} lots": merged(outcomes[True, lots]),
                "few units, sequential": await run(people, 1, few_units, concurrent=False),
                "few units, concurrent": await run(people, 1, few_units, concurrent=True),
            }
        finally:
            await close_database(ctx)
            if database is not None:
                await asyncio.to_thread(database.drop)


def merged(runs: list[Outcome]) -> Outcome:
    """Runs of the same kind as one: their checkouts, time and latencies together; the first run's stock shown, the
    worst overselling kept."""
    first = runs[0]
    return Outcome(
        seconds=sum(r.seconds for r in runs), latencies=[x for r in runs for x in r.latencies],
        placed=sum(r.placed for r in runs), refused=sum(r.refused for r in runs), errors=sum(r.errors for r in runs),
        deadlocks=sum(r.deadlocks for r in runs), initial_stock=first.initial_stock, final_stock=first.final_stock,
        oversold=max(r.oversold for r in runs),
    )


def baseline_of(name: str) -> str:
    """What a run is measured against: the lots run against the same without lots, the others sequentially."""
    if name.endswith(" lots"):
        return name.rsplit(", ", 1)[0]
    return name.replace("concurrent", "sequential")


def print_table(outcomes: dict[str, Outcome]) -> None:
    print(f"{'run':<28} {'checkouts/s':>11} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'placed':>6} {'refused':>7} "
          f"{'stock':>11} {'oversold':>8} {'deadlocks':>9} {'errors':>6}")
    for name, outcome in outcomes.items():
        f = outcome.figures()
        base = outcomes[baseline_of(name)].figures()["rate"]
        print(f"{name:<28} {f['rate']:>11.1f} {f['rate'] / base:>6.2f} {f['p50 ms']:>7.1f} {f['p99 ms']:>7.1f} "
              f"{outcome.placed:>6} {outcome.refused:>7} {f['stock']:>11} "
              f"{outcome.oversold:>8.0f} {outcome.deadlocks:>9} {outcome.errors:>6}")


def write_json(path: str | None, outcomes: dict[str, Outcome], setup: str) -> None:
    rows = []
    for name, outcome in outcomes.items():
        f = outcome.figures()
        baseline = baseline_of(name)
        ratio = f.pop("rate") / outcomes[baseline].figures()["rate"]
        f.pop("deadlocks")  # counted among the errors; the table stays narrow
        rows.append(row(name, outcome.figures()["rate"], ratio, "" if baseline == name else baseline, **f))
    deadlocks = sum(outcome.deadlocks for outcome in outcomes.values())
    write_results(
        path, name="checkout", title="Concurrent checkout against sequential checkout", setup=setup,
        unit="checkouts/s", baseline="the same checkouts one after another (sequential); with lots: without lots",
        ratio="concurrent checkouts/s ÷ sequential checkouts/s (with lots: ÷ concurrent without lots)", rows=rows,
        aim="oversold 0, errors 0; few units: exactly the stock placed, the rest refused; with lots: ≥ 0.8",
        notes=[f"Deadlocks: {deadlocks} in all the runs (counted among the errors). Stock: before → after, "
               "of the offer that sold out first; oversold: units ordered beyond the stock."],
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--lines", type=int, default=3, help="offers in every cart (plenty run), at most 8")
    parser.add_argument("--few-units", type=int, default=50, help="the stock the few-units run fights over")
    parser.add_argument("--lots", type=int, default=40, help="families' lots holding each offer's stock (lots run)")
    parser.add_argument("--mirrors", type=int, default=2, help="times the plenty runs' mirrored sequence is made")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20 people, 5 units, one mirrored sequence")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    if args.quick:
        args.people, args.few_units, args.mirrors = 20, 5, 1
    lines = max(1, min(args.lines, len(PRODUCT_NAMES)))
    outcomes = await measure(args.database, args.people, lines, args.few_units, max(2, args.lots), max(1, args.mirrors))
    setup = (f"database {args.database}, {args.people} people, {lines} offers a cart (plenty), "
             f"{args.few_units} units for {args.people} people (few units), {args.lots} lots an offer (lots), "
             f"the plenty runs made {max(1, args.mirrors)} × in mirrored order")
    print(f"checkout through place_orders, {setup}, Python {sys.version.split()[0]}")
    print_table(outcomes)
    write_json(args.json, outcomes, setup)


if __name__ == "__main__":
    asyncio.run(main())
