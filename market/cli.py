"""Feria's command line: `python -m market.cli migrate | seed-demo`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from config import ConfigError, load_settings
from market.db import close_database, migrate, open_database


async def _seed_demo(database_url: str) -> dict[str, int]:
    from market.demo.seed import seed_demo

    ctx = await open_database(database_url)
    try:
        return await seed_demo()
    finally:
        await close_database(ctx)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m market.cli", description="Feria's administration commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the migrations to DATABASE_URL")
    commands.add_parser("seed-demo", help="load the demo network (idempotent)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"feria: configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        asyncio.run(migrate(settings.database_url))
        print(f"migrations applied ({settings.database_dialect})")
    elif args.command == "seed-demo":
        counts = asyncio.run(_seed_demo(settings.database_url))
        print("demo data: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
