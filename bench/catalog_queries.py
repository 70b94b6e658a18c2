"""Catalog read services against a bare ORM query, in the same run: time per call and the ratio.

    .venv/bin/python bench/catalog_queries.py [--products 5000] [--calls 300] [--database sqlite|postgres]
                                             [--json PATH]

The demo network is seeded on a fresh database and its products copied (same organizations,
numbered names, offers, seal scopes) until the catalog holds `--products`. Each service call
is then timed one at a time, in a single task (no concurrency: this is the cost of one bot
page press, not a throughput test), against `Product.filter(active=True).limit(5)`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from results import row, write_results  # noqa: E402
from tortoise import Tortoise  # noqa: E402
from tortoise.transactions import in_transaction  # noqa: E402

from market import clock
from market.db import close_database, migrate, open_database  # noqa: E402
from market.demo.seed import seed_demo  # noqa: E402
from market.models import Offer, Product, SealProduct  # noqa: E402
from market.services.catalog.browse import list_categories, list_regions  # noqa: E402
from market.services.catalog.card import get_product_card  # noqa: E402
from market.services.catalog.organization_page import get_organization_profile  # noqa: E402
from market.services.catalog.products import ProductQuery, search_products  # noqa: E402
from market.text import search_key  # noqa: E402


async def grow_catalog(target: int) -> int:
    """Copy the demo's products (with offers and seal scopes) until there are `target`; return the count."""
    originals = await Product.all().select_related("offer")
    scopes: dict[int, list[int]] = {}
    for seal_id, product_id in await SealProduct.all().values_list("seal_id", "product_id"):
        scopes.setdefault(product_id, []).append(seal_id)
    copy = 0
    async with in_transaction():
        while await Product.all().count() < target:
            copy += 1
            batch = [
                Product(organization_id=p.organization_id, category_id=p.category_id, name=f"{p.name} {copy}",
                        search_key=search_key(f"{p.name} {copy}"), description=p.description, unit=p.unit)
                for p in originals
            ]
            await Product.bulk_create(batch)
            made = {
                (row[0], row[1]): row[2]
                for row in await Product.filter(name__endswith=f" {copy}").values_list(
                    "organization_id", "search_key", "id"
                )
            }
            await Offer.bulk_create([
                Offer(product_id=made[p.organization_id, search_key(f"{p.name} {copy}")], stock=p.offer.stock,
                      unit=p.offer.unit, price=p.offer.price, currency=p.offer.currency,
                      order_unit_quantity=p.offer.order_unit_quantity, pack_size=p.offer.pack_size)
                for p in originals
            ])
            await SealProduct.bulk_create([
                SealProduct(seal_id=seal_id, product_id=made[p.organization_id, search_key(f"{p.name} {copy}")])
                for p in originals for seal_id in scopes.get(p.id, [])
            ])
    return await Product.all().count()


async def measure(call: Callable[[], Awaitable[object]], calls: int) -> list[float]:
    for _ in range(max(3, calls // 20)):  # warm caches and connections
        await call()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return times


async def cases() -> dict[str, Callable[[], Awaitable[object]]]:
    """The calls to time, on ids and cursors taken from the grown catalog."""
    ids = await Product.all().order_by("search_key", "id").values_list("id", flat=True)
    middle, sealed = ids[len(ids) // 2], await SealProduct.first().values_list("product_id", flat=True)

    async def baseline():
        return await Product.filter(active=True).limit(5)

    def page(**filters):
        return lambda: search_products(ProductQuery(limit=5, **filters), today=clock.today())

    # A page well inside what a filter matches: its cursor the 50th product found.
    filtered = {"category": "vegetables", "territory": "bo-scz", "in_stock_only": True}
    deep = (await search_products(ProductQuery(limit=50, **filtered), today=clock.today())).next_after

    return {
        "baseline: Product.filter().limit(5)": baseline,
        "search: first page": page(),
        "search: page after a cursor": page(after=middle),
        "search: page before a cursor": page(before=middle),
        "search: text 'cafe'": page(text="cafe"),
        "search: category + region + in stock": page(category="vegetables", territory="bo-scz", in_stock_only=True),
        "search: sealed only": page(sealed_only=True),
        "search: category + region + in stock, after a cursor": page(after=deep, **filtered),
        "product card": lambda: get_product_card(sealed, today=clock.today()),
        "list_categories()": lambda: list_categories(),
        "list_regions(category)": lambda: list_regions(category="grains"),
        "organization profile": lambda: get_organization_profile("coraca-irupana", today=clock.today(), products_limit=5),
    }


async def run(engine: str, products: int, calls: int, directory: Path, json_path: str | None = None) -> None:
    cleanup = None
    if engine == "sqlite":
        url = f"sqlite://{directory / 'bench.sqlite3'}"
        await migrate(url)
    else:
        from tests.support.databases import PostgresTestDatabase

        database = PostgresTestDatabase()
        await asyncio.to_thread(database.create)
        url, cleanup = database.url, database.drop
    ctx = await open_database(url, global_fallback=False)
    try:
        await seed_demo(clock.today())
        count = await grow_catalog(products)
        # Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would leave them:
        # without them PostgreSQL plans every join for one row.
        await Tortoise.get_connection("default").execute_script("ANALYZE")
        print(f"{count} products, {calls} calls each, one at a time, database {engine}, "
              f"Python {sys.version.split()[0]}")
        print(f"{'call':<40} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'calls/s':>9} {'x baseline':>10}")
        base, rows = None, []
        for name, call in (await cases()).items():
            times = sorted(await measure(call, calls))
            mean = statistics.fmean(times)
            base = base or mean
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"{name:<40} {mean * 1e3:>8.2f} {statistics.median(times) * 1e3:>8.2f} {p99 * 1e3:>8.2f} "
                  f"{1 / mean:>9.0f} {mean / base:>10.1f}")
            rows.append(row(name, mean * 1e3, mean / base, "" if not rows else rows[0]["subject"],
                            **{"p50 ms": statistics.median(times) * 1e3, "p99 ms": p99 * 1e3, "calls/s": 1 / mean}))
        write_results(
            json_path, name="catalog_queries", title="Catalog read services against a bare ORM query",
            setup=f"{count} products, {calls} calls each, one at a time, database {engine}",
            unit="mean ms", baseline="Product.filter(active=True).limit(5), timed alike",
            ratio="service call's mean time ÷ the bare query's (lower is better)", rows=rows,
        )
    finally:
        await close_database(ctx)
        if cleanup:
            await asyncio.to_thread(cleanup)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(run(args.database, args.products, args.calls, Path(directory), args.json))


if __name__ == "__main__":
    main()
