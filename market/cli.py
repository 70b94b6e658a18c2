"""Feria's command line: `python -m market.cli migrate | seed-demo | seal ... | prices import FILE | prices fair ...
| fairs announce ... | tokens create|list|revoke ... | operators add|list|remove ... | territories import FILE
| synonyms add|list`:
the parser and the refusals' words here, each group of subcommands in its module (market.cli_seals,
market.cli_prices, market.cli_tokens, market.cli_operators, market.cli_territories, market.cli_synonyms;
market.cli_common what they share)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from config import ConfigError, load_settings
from market import cli_operators, cli_prices, cli_seals, cli_synonyms, cli_territories, cli_tokens, clock
from market.cli_common import EXIT_HELP, PEOPLE_HELP, UsageError, person_id_of, with_database
from market.db import migrate
from market.errors import FeriaError, NotFound
from market.presentation.labels import UNITS
from market.seal_codes import format_seal_code, is_valid_seal_code

# Why the domain refused, for the person at the terminal; a code missing here prints as code and params.
REFUSALS = {
    "signatures_insufficient": "a grant or renewal needs at least one producer and one consumer who are not members "
                               "of the organization reviewed (technicians count for neither); missing: {missing}",
    "no_signatures": "a review needs at least one --reviewer",
    "duplicate_signer": "a person signs a review once, in one role",
    "not_a_reviewer": "{person} is not an active reviewer of the network {network}",
    "not_on_committee": "{person} is not on the network's committee",
    "member_of_reviewed_organization": "{person} is a member of the organization concerned and may not act on its seal",
    "product_not_of_organization": "'{product}' is not a product of {organization}",
    "no_products": "name the products in scope with --product",
    "producer_not_of_organization": "{person} is not a member of the organization reviewed",
    "seal_not_found": "no seal has the code {seal_code}",
    "review_holder_missing": "name the network and the organization reviewed (--network and --organization), "
                             "or the seal (--seal)",
    "network_not_found": "no PGS network has the slug {network}",
    "organization_not_found": "no organization has the slug {organization}",
    "seal_of_another_holder": "seal {seal_code} belongs to another network or organization",
    "no_seal_to_renew": "{organization} holds no seal from {network} to renew",
    "seal_already_granted": "seal {seal_code} is already granted: renew it with `seal renew {seal_code}`",
    "seal_revoked": "seal {seal_code} is revoked, which is final: it cannot be reinstated, renewed or changed",
    "seal_not_granted": "seal {seal_code} is {status}: it cannot be {action}ed",
    "seal_not_suspended": "seal {seal_code} is {status}, not suspended",
    "seal_already_suspended": "seal {seal_code} is already suspended",
    "seal_expired": "seal {seal_code} has expired: renew it with a new review instead",
    "seal_status_changed": "seal {seal_code} changed meanwhile: look at it again with `seal show {seal_code}`",
    "seal_code_unavailable": "no free seal code could be drawn; try again",
    "reason_missing": "say why with --reason",
    "reason_too_long": "the reason is longer than {limit} characters",
    "findings_too_long": "the findings are longer than {limit} characters",
    "visit_in_future": "the visit date {visited_on} has not come yet",
    "visit_too_old": "a visit on {visited_on} is too old: the seal would already have expired",
    "visit_before_last_review": "the seal was last granted or renewed by a visit on {last_review_on}; "
                                "a renewal visit cannot be earlier",
    "not_an_admin": "{person} is not an approved admin of the organization {organization}",
    "territory_not_found": "no territory has the code {territory_code}",
    "person_not_found": "that person is not known here: name them by @username or Telegram id",
    "person_ambiguous": "several people are known as {handle}: name them by @username or Telegram id",
    "fair_declarer_needed": "name who declares the fair price: --organization or --network, not both",
    "fair_announcer_needed": "name who announces the feria: --organization or --network, not both",
    "fair_product_name_length": "name the product with --product, in at most {max} characters",
    "unknown_unit": "{unit} is not a unit we know; use one of " + ", ".join(UNITS),
    "fair_price_part_negative": "the {part} cannot be negative ({amount})",
    "fair_price_out_of_range": "the parts add up to {price}: a fair price must be more than 0 and less than {max}",
    "fair_price_ends_before_it_starts": "the fair price would end on {valid_until}, before it starts on {valid_from}",
    "fair_price_not_found": "that fair price no longer exists",
    "fair_title_length": "the title must be 1 to {max} characters",
    "fair_place_length": "the place must be 1 to {max} characters",
    "fair_participants_too_long": "the participants are longer than {limit} characters",
    "moment_past": "the feria would start in the past",
    "fair_not_found": "that feria no longer exists",
    "fair_ends_before_it_starts": "the feria would end at {ends_at}, not after it starts at {starts_at}",
    "unreadable_file": "the file cannot be read: {detail}",
    "invalid_parameter": "the value given for {parameter} is not valid",
    "time_zone_unknown": "that time zone is not one of the country's (see `territories import --help`)",
    **cli_tokens.REFUSALS,
    **cli_operators.REFUSALS,
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on bad usage (2) and --help (0): return it instead
        return int(exit_.code or 0)
    if args.command == "seal" and args.seal_command == "review" and not (
        args.seal or (args.network and args.organization)
    ):
        print("feria: seal review needs --network and --organization, or --seal", file=sys.stderr)
        return 2
    if args.command == "seal" and args.seal_command == "review" and args.producer and not args.organization:
        print("feria: seal review --producer needs the producer's --organization", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"feria: configuration error: {error}", file=sys.stderr)
        return 2
    if settings.clock is not None:
        clock.travel(settings.clock)
    if args.command == "migrate":
        asyncio.run(migrate(settings.database_url))
        print(f"migrations applied ({settings.database_dialect})")
    elif args.command == "seed-demo":
        counts = asyncio.run(with_database(settings.database_url, _seed_demo))
        print("demo data: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    elif args.command == "prices" and args.prices_command == "import":
        return cli_prices.import_prices(settings.database_url, args.file)
    elif args.command == "territories":
        return cli_territories.import_file(settings.database_url, args.file, args.time_zone)
    else:
        command = COMMANDS[args.command, getattr(args, f"{args.command}_command")]
        try:
            asyncio.run(with_database(settings.database_url, command, args))
        except UsageError as error:
            print(f"feria: {error}", file=sys.stderr)
            return 2
        except FeriaError as error:
            print(_refusal(error), file=sys.stderr)
            return 1
    return 0


async def _seed_demo() -> dict[str, int]:
    from market.demo.seed import seed_demo

    return await seed_demo()


COMMANDS = {
    **cli_seals.COMMANDS,
    **cli_prices.COMMANDS,
    **cli_tokens.commands(person=person_id_of),
    **cli_operators.commands(),
    **cli_synonyms.commands(),
}


def _refusal(error: FeriaError) -> str:
    params = dict(error.params)
    if is_valid_seal_code(params.get("seal_code", "")):
        params["seal_code"] = format_seal_code(params["seal_code"])
    if "reasons" in params:
        params["missing"] = ", ".join(r.removeprefix("no_").replace("_", " ") for r in params["reasons"])
    template = REFUSALS.get(error.code)
    try:
        text = template.format(**params) if template else f"{error.code} {params}"
    except (KeyError, IndexError):
        text = f"{error.code} {params}"
    prefix = "not found" if isinstance(error, NotFound) else "refused"
    return f"{prefix}: {text} [{error.code}]"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m market.cli", description="Feria's administration commands.",
                                     epilog=EXIT_HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the migrations to DATABASE_URL")
    commands.add_parser("seed-demo", help="load the demo network (idempotent)")
    cli_prices.add_parsers(commands)
    cli_tokens.add_parser(commands, people_help=PEOPLE_HELP, exit_help=EXIT_HELP)
    cli_operators.add_parser(commands, exit_help=EXIT_HELP)
    cli_territories.add_parser(commands)
    cli_seals.add_parser(commands)
    cli_synonyms.add_parser(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
