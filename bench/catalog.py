"""Product search through the REST API against a bare aiohttp JSON handler, in the same run: req/s, p50, p99.

    .venv/bin/python bench/catalog.py [--products 5000] [--database sqlite|postgres]
                                      [--connections 50] [--duration 10]
                                      [--mix repeated|cold|both|stock|all] [--json PATH]

The demo network is seeded on a fresh database and its products copied until the catalog
holds `--products` (as bench/catalog_queries.py does). Each server then runs alone in a
process of its own (one core), and wrk (Debian's `wrk`: apt-get install -y wrk) loads it
from another with `--connections` keep-alive clients for `--duration` seconds:

- bare: an aiohttp app whose one handler answers a fixed JSON object, no database;
- search: Feria's own app (create_app, middlewares and all), GET /api/v1/products. With
  `--mix repeated` (the default) it rotates through six popular searches: a first page, a text
  search, filters, sealed only, and pages after and before a cursor; the app answers repeats from
  its cache (market.web.api.cache). With `--mix cold` every request is a different page (after
  each product in turn, more pages than the cache holds): no answer is ever reused.
- search while stock changes (`--mix stock`): the repeated searches again, and a hundred popular
  searches (the six and the pages after every 50th product), each while a third process writes
  every 100 ms on the first product of the first page (on 5,000 products it shows on two pages
  of either set: the first, and the vegetables of Santa Cruz in stock): a checkout of one unit
  (its stock alone changes: the cache drops only the answers that show it,
  market.services.catalog.version), or its stock set to none and back in turn (it leaves and
  joins the in_stock searches: every answer is dropped, as every checkout did before). The same
  searches with no write are the baseline; the server's share of answers served from memory
  (hit rate) and the writes made per second are printed too. `--mix all`: every row above.

The issue's aim: search at least half the bare handler's requests per second, p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from aiohttp import web  # noqa: E402
from catalog_queries import grow_catalog  # noqa: E402
from results import row, write_results  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from config import load_settings  # noqa: E402
from market import clock  # noqa: E402
from market.db import close_database, migrate, open_database  # noqa: E402
from market.demo.seed import seed_demo  # noqa: E402
from market.enums import MemberRole, MembershipStatus  # noqa: E402
from market.models import Member, Offer, Person, Product  # noqa: E402

# What the writer does every WRITE_EVERY seconds, by mix: the row's name says it.
WRITES = {"checkouts": "a checkout every 100 ms", "sellouts": "sold out and back every 100 ms"}
WRITE_EVERY = 0.1

# wrk runs this in each of its threads: every request takes the next path, round and round.
WRK_SCRIPT = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


async def prepare(url: str, products: int) -> dict[str, list[str]]:
    """Migrate (if not yet), seed and grow the catalog; return the search paths of each mix."""
    await migrate(url)
    ctx = await open_database(url, global_fallback=False)
    try:
        await seed_demo(clock.today())
        count = await grow_catalog(products)
        # Fresh statistics, as autovacuum or a periodic ANALYZE would leave them.
        await Tortoise.get_connection("default").execute_script("ANALYZE")
        ids = await Product.all().order_by("search_key", "id").values_list("id", flat=True)
    finally:
        await close_database(ctx)
    middle = ids[len(ids) // 2]
    print(f"{count} products")
    repeated = [
        "/api/v1/products",
        "/api/v1/products?q=cafe",
        "/api/v1/products?category=vegetables&territory=bo-scz&in_stock=true",
        "/api/v1/products?sealed=true&limit=10",
        f"/api/v1/products?after={middle}",
        f"/api/v1/products?before={middle}",
    ]
    return {
        "repeated": repeated,
        "cold": [f"/api/v1/products?after={i}" for i in ids],
        "popular": [*repeated, *(f"/api/v1/products?after={i}" for i in ids[::50][:94])],
    }


def serve(kind: str, port: int, database_url: str, counts: str | None = None) -> None:
    """Run one server until killed (the child process's whole life); `counts`: write its cache's hits and misses there
    as it stops."""
    if kind == "bare":
        app = web.Application()

        async def bare(request: web.Request) -> web.Response:
            return web.json_response({"status": "ok", "items": []})

        app.router.add_get("/bare", bare)
    else:
        from market.web import create_app

        # A benchmark is one client asking far faster than a person: no rate limits.
        app = create_app(load_settings({"DATABASE_URL": database_url, "RATE_LIMIT_API": "off", "RATE_LIMIT_PAGES": "off"}))
        if counts:
            from market.web.api.cache import catalog_cache

            async def write_counts(app: web.Application) -> None:
                cache = catalog_cache(app)
                Path(counts).write_text(f"{cache.hits} {cache.misses}")

            app.on_shutdown.append(write_counts)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def write(kind: str, database_url: str, counts: str) -> None:
    """Write on the first product of the first page every WRITE_EVERY seconds until terminated (a writer process's
    whole life); write how many it made a second to `counts` as it stops."""
    import signal

    from market.services.catalog.products import ProductQuery, search_products
    from market.services.orders.cart import add_to_cart
    from market.services.orders.placing import place_orders
    from market.services.stock.offers import update_offer

    async def run() -> None:
        stopping = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
        ctx = await open_database(database_url, global_fallback=False)
        try:
            product = (await search_products(ProductQuery(), today=clock.today())).items[0]
            offer = await Offer.get(product_id=product.id)
            admin = await Member.filter(organization__slug=product.organization_slug, role=MemberRole.ADMIN,
                                        status=MembershipStatus.APPROVED).first().values_list("person_id", flat=True)
            buyer = (await Person.create(name="Bench buyer")).id
            await update_offer(offer.id, by_person_id=admin, stock=Decimal(1_000_000))  # enough for every checkout
            done, loop = 0, asyncio.get_running_loop()
            started = loop.time()
            while not stopping.is_set():
                if kind == "checkouts":
                    await add_to_cart(buyer, offer.id, Decimal(1))
                    await place_orders(buyer, idempotency_key=f"bench-{buyer}-{done}")  # keys are unique in all
                else:
                    await update_offer(offer.id, by_person_id=admin, stock=Decimal(done % 2 * 1_000_000))
                done += 1
                with contextlib.suppress(TimeoutError):  # on time: the next write WRITE_EVERY after the last began
                    await asyncio.wait_for(stopping.wait(), max(0.0, started + done * WRITE_EVERY - loop.time()))
            Path(counts).write_text(f"{done / (loop.time() - started):.2f}")
        finally:
            await close_database(ctx)

    asyncio.run(run())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def load(
    kind: str, paths: list[str], database_url: str, args, directory: Path, writes: str | None = None
) -> dict[str, float]:
    """Start the server, warm it, run wrk against it (while a writer process makes `writes`, if any), stop it; return
    req/s, p50 and p99 in ms, and for the search server its cache's hit rate over the run (warm-up included) and
    the writes made per second."""
    port = free_port()
    counts, written = directory / "counts", directory / "written"
    counts.unlink(missing_ok=True)
    written.unlink(missing_ok=True)
    server = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--port", str(port), "--url", database_url,
                               "--counts", str(counts)])
    writer = None
    try:
        wait_for(port)
        script = directory / f"{kind}.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
        base = f"http://127.0.0.1:{port}"
        wrk = ["wrk", "-t1", f"-c{args.connections}", "--latency", "-s", str(script), base]
        if writes:
            writer = subprocess.Popen([sys.executable, __file__, "--serve", writes, "--url", database_url,
                                       "--counts", str(written)])
        subprocess.run([*wrk, "-d2s"], capture_output=True, check=True)  # warm connections and caches
        out = subprocess.run([*wrk, f"-d{args.duration}s"], capture_output=True, text=True, check=True).stdout
        if writer and writer.poll() is not None:
            raise RuntimeError(f"the writer ({writes}) stopped before the run ended")
    finally:
        for process in (writer, server):
            if process:
                process.terminate()
                process.wait(timeout=30)
    if "Non-2xx" in out:
        raise RuntimeError(f"{kind}: some answers were not 2xx\n{out}")
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
    }
    if counts.exists():
        hits, misses = map(int, counts.read_text().split())
        figures["hit rate"] = hits / max(hits + misses, 1)
    if writes:
        figures["writes/s"] = float(written.read_text())
    return figures


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


# The searches each mix runs with no write, and those it runs again while stock changes.
MIXES = {"repeated": ("repeated",), "cold": ("cold",), "both": ("repeated", "cold"), "stock": ("repeated", "popular"),
         "all": ("repeated", "cold", "popular")}
WRITTEN = {"stock": ("repeated", "popular"), "all": ("repeated", "popular")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--mix", choices=("repeated", "cold", "both", "stock", "all"), default="repeated",
                        help="popular searches again and again, every request a different page, both runs, "
                             "the popular searches with no write and while stock changes, or all of them")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON (for bench/report.py)")
    parser.add_argument("--serve", choices=("bare", "search", *WRITES), help=argparse.SUPPRESS)
    parser.add_argument("--counts", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve in WRITES:
        return write(args.serve, args.url, args.counts)
    if args.serve:
        return serve(args.serve, args.port, args.url, args.counts)
    if not shutil.which("wrk"):
        sys.exit("bench/catalog.py needs wrk: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as directory:
        database, url = None, f"sqlite://{directory}/bench.sqlite3"
        if args.database == "postgres":
            from tests.support.databases import PostgresTestDatabase

            database = PostgresTestDatabase()
            url = database.create()
        try:
            paths = asyncio.run(prepare(url, args.products))
            print(f"database {args.database}, {args.connections} clients, {args.duration} s each, "
                  f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
            rows = [("bare aiohttp JSON handler", load("bare", ["/bare"], url, args, Path(directory)))]
            for mix in MIXES[args.mix]:
                rows.append((f"product search, {mix}", load("search", paths[mix], url, args, Path(directory))))
            for mix in WRITTEN.get(args.mix, ()):
                for writes in WRITES:
                    rows.append((f"product search, {mix}, {WRITES[writes]}",
                                 load("search", paths[mix], url, args, Path(directory), writes)))
        finally:
            if database:
                database.drop()
    bare = rows[0][1]
    print(f"{'server':<62} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of bare':>8} {'hits':>6} {'writes/s':>8}")
    for name, figures in rows:
        hits = f"{figures['hit rate']:.1%}" if "hit rate" in figures else ""
        writes = f"{figures['writes/s']:.1f}" if "writes/s" in figures else ""
        print(f"{name:<62} {figures['rps']:>9.0f} {figures['p50']:>8.2f} {figures['p99']:>8.2f} "
              f"{figures['rps'] / bare['rps']:>8.0%} {hits:>6} {writes:>8}")
    write_results(
        args.json, name="catalog", title="Catalog search against a bare aiohttp handler",
        setup=f"{args.products} products, database {args.database}, {args.connections} wrk clients, "
              f"{args.duration} s a server, each server alone on one core",
        unit="req/s", baseline="a bare aiohttp handler answering fixed JSON, no database",
        ratio="search req/s ÷ bare req/s",
        rows=[row(name, f["rps"], f["rps"] / bare["rps"], "" if i == 0 else rows[0][0],
                  **{"p50 ms": f["p50"], "p99 ms": f["p99"], "hit rate": f.get("hit rate", ""),
                     "writes/s": f.get("writes/s", "")}) for i, (name, f) in enumerate(rows)],
        aim="at least 50 % of the bare handler's req/s, p99 under 50 ms",
    )


if __name__ == "__main__":
    main()
