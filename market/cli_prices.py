"""`python -m market.cli prices import FILE | prices fair ...` and `fairs announce ...`: price series, fair prices and
ferias."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

from market.cli_common import (
    EXIT_HELP,
    PEOPLE_HELP,
    acting_for,
    parse_amount,
    parse_iso_date,
    parse_local_moment,
    person_id_of,
    with_database,
)
from market.enums import UNIT_CODES
from market.errors import Forbidden, Invalid
from market.services.catalog.directory import territory_id
from market.services.prices.fair_prices import DeclareFairPrice, declare_fair_price, get_declared_fair_price
from market.services.prices.fairs import AnnounceFair, announce_fair
from market.services.prices.imports import import_price_csv
from market.services.prices.places import load_place
from market.services.seals.support import get_network, get_organization


def import_prices(database_url: str, path: str) -> int:
    """Import a price series; 0 when the file was read (some rows may be refused), 2 when it could not be."""
    try:
        with open(path, "rb") as file:
            content = file.read()
        report = asyncio.run(with_database(database_url, import_price_csv, content))
    except OSError as error:
        print(f"feria: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    except Invalid as error:
        print(f"feria: {path} imported nothing: {error.params.get('detail', error.code)} [{error.code}]",
              file=sys.stderr)
        return 2
    print(f"accepted {report.accepted}, refused {len(report.refused)}")
    for row in report.refused:
        print(f"line {row.row}: {row.reason_code} {row.detail!r}")
    return 0


async def _declare_fair_price(args: argparse.Namespace) -> None:
    async with _declarer_named(args):
        by_person_id = await person_id_of(args.acting)
        declaration = DeclareFairPrice(
            product=args.product, territory_id=await territory_id(args.territory), unit=args.unit,
            producer_share=args.producer, transport=args.transport, solidarity_fund=args.fund, other_costs=args.other,
            valid_from=args.valid_from, valid_until=args.valid_until, **await _declarer(args),
        )
        fair_price_id = await declare_fair_price(declaration, by_person_id=by_person_id)
    f = await get_declared_fair_price(fair_price_id)
    until = f", until {f.valid_until}" if f.valid_until else ""
    print(f"Fair price of {f.product_name} in {f.territory_name}: {f.price} {f.currency} per {f.unit} "
          f"(producer {f.producer_share}, transport {f.transport}, fund {f.solidarity_fund}, other {f.other_costs}), "
          f"from {f.valid_from}{until}")
    print(f"Declared by: {f.declared_by}")


async def _announce_fair(args: argparse.Namespace) -> None:
    async with _declarer_named(args):
        place = await load_place(await territory_id(args.territory))
        by_person_id = await person_id_of(args.acting)
        zone = ZoneInfo(place.time_zone)
        announcement = AnnounceFair(
            title=args.title, starts_at=args.starts.replace(tzinfo=zone), place=args.place,
            territory_id=place.id, participants=args.participants,
            ends_at=args.ends.replace(tzinfo=zone) if args.ends else None, **await _declarer(args),
        )
        fair = await announce_fair(announcement, by_person_id=by_person_id)
    starts = fair.starts_at.astimezone(ZoneInfo(fair.time_zone))
    ends = f" to {fair.ends_at.astimezone(ZoneInfo(fair.time_zone)):%Y-%m-%d %H:%M}" if fair.ends_at else ""
    print(f"Feria {fair.id} announced: {fair.title}, {starts:%Y-%m-%d %H:%M}{ends} ({fair.time_zone}), {fair.place}, "
          f"{fair.territory_name}")
    print(f"Announced by: {fair.announced_by}")
    if fair.participants:
        print(f"Participants: {fair.participants}")


async def _declarer(args: argparse.Namespace) -> dict[str, int | None]:
    """The organization's or the network's id, from the slug given (argparse lets exactly one through)."""
    organization = await get_organization(args.organization) if args.organization else None
    network = await get_network(args.network) if args.network else None
    return {"organization_id": organization.id if organization else None, "network_id": network.id if network else None}


@asynccontextmanager
async def _declarer_named(args: argparse.Namespace) -> AsyncIterator[None]:
    """Name the person and the slug in a refusal the service raises without them (not_an_admin, not_a_reviewer)."""
    try:
        yield
    except Forbidden as error:
        if error.params:
            raise
        raise Forbidden(error.code, person=args.acting, organization=args.organization,
                        network=args.network) from None


COMMANDS = {("prices", "fair"): _declare_fair_price, ("fairs", "announce"): _announce_fair}


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`prices import`, `prices fair` and `fairs announce`."""
    prices = commands.add_parser("prices", help="market price series")
    prices_actions = prices.add_subparsers(dest="prices_command", required=True)
    price_import = prices_actions.add_parser(
        "import", help="import an official or survey price series from a CSV file",
        description="Columns by header name: date (YYYY-MM-DD), product, territory (its code), market_level "
                    "(local, regional, national), price (6.50 or 6,50), unit, currency, source (official or "
                    "survey), and optionally source_detail; separated by commas or semicolons. The good rows are "
                    "imported together and each refused row is printed with its line and reason.",
        epilog="Exit status: 0 the file was read (even with refused rows), 2 it could not be read: nothing imported.",
    )
    price_import.add_argument("file", help="the CSV file, UTF-8")
    fair = prices_actions.add_parser(
        "fair", help="declare a fair price and its breakdown, shown to buyers",
        description="Declare the fair price of a product in a territory, as an approved admin of the organization "
                    "or an active reviewer of the PGS network. The price is the sum of the parts, each rounded to "
                    "the territory's currency. " + PEOPLE_HELP,
        epilog=EXIT_HELP,
    )
    acting_for(fair, "who declares it")
    fair.add_argument("--product", required=True, metavar="NAME", help="the product's name, as buyers search it")
    fair.add_argument("--territory", required=True, metavar="CODE", help="the territory's code; its currency is used")
    fair.add_argument("--unit", required=True, choices=list(UNIT_CODES), metavar="UNIT", help=", ".join(UNIT_CODES))
    fair.add_argument("--producer", required=True, type=parse_amount, metavar="AMOUNT", help="the producer's share")
    for option, dest, helped in (("--transport", "transport", "transport"), ("--fund", "fund", "the solidarity fund"),
                                 ("--other", "other", "other costs")):
        fair.add_argument(option, dest=dest, type=parse_amount, default=Decimal(0), metavar="AMOUNT",
                          help=f"{helped} (default 0)")
    fair.add_argument("--from", dest="valid_from", required=True, type=parse_iso_date, metavar="YYYY-MM-DD",
                      help="its first day")
    fair.add_argument("--until", dest="valid_until", type=parse_iso_date, metavar="YYYY-MM-DD",
                      help="its last day (default: no end)")
    fairs = commands.add_parser("fairs", help="ferias announced to the people who follow them")
    fairs_actions = fairs.add_subparsers(dest="fairs_command", required=True)
    announce = fairs_actions.add_parser(
        "announce", help="announce a feria; its followers are alerted",
        description="Announce a feria, as an approved admin of the organization or an active reviewer of the PGS "
                    "network; people following ferias in a territory around its place hear of it. "
                    + PEOPLE_HELP,
        epilog=EXIT_HELP,
    )
    acting_for(announce, "who announces it")
    announce.add_argument("--title", required=True)
    announce.add_argument("--starts", required=True, type=parse_local_moment, metavar='"YYYY-MM-DD HH:MM"',
                          help="when it starts, in the territory's time zone")
    announce.add_argument("--ends", type=parse_local_moment, metavar='"YYYY-MM-DD HH:MM"',
                          help="when it ends, in the territory's time zone, after it starts (default: not said)")
    announce.add_argument("--place", required=True, help="where: a square, a market, an address")
    announce.add_argument("--territory", required=True, metavar="CODE", help="the territory's code")
    announce.add_argument("--participants", default="", metavar="TEXT", help="who will be there")
