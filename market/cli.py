"""Feria's command line: `python -m market.cli migrate | seed-demo | seal ... | prices import FILE | prices fair ...
| fairs announce ... | tokens create|list|revoke ...` (see market.cli_tokens)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from contextlib import asynccontextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from config import ConfigError, load_settings
from market import cli_tokens
from market import clock
from market.db import close_database, migrate, open_database
from market.errors import FeriaError, Forbidden, Invalid, NotFound
from market.presentation.labels import UNITS
from market.enums import ReviewDecision, ReviewerRole
from market.seal_codes import format_seal_code, is_valid_seal_code
from market.services.seals import reviews as seal_reviews
from market.services.catalog.directory import territory_id
from market.services.prices.fair_prices import DeclareFairPrice, declare_fair_price, get_declared_fair_price
from market.services.prices.fairs import AnnounceFair, announce_fair
from market.services.prices.imports import import_price_csv
from market.services.prices.places import load_place
from market.services.seals.support import get_network, get_organization
from market.services.seals.verification import verify_seal
from market.services.catalog.badges import SealBadge

PEOPLE_HELP = (
    "A person is named by @username, by Telegram user id (digits), or by a bare word tried first as a "
    "username and then as their exact name as stored (quote names with spaces)."
)
EXIT_HELP = "Exit status: 0 done, 1 refused by a rule or not found (the reason is printed), 2 bad usage or config."
# "refuse" is what reviewers say; the stored decision is "deny".
DECISIONS = {"grant": ReviewDecision.GRANT, "renew": ReviewDecision.RENEW, "deny": ReviewDecision.DENY,
             "refuse": ReviewDecision.DENY, "pending": ReviewDecision.PENDING}

# Why the domain refused, for the person at the terminal; a code missing here prints as code and params.
REFUSALS = {
    "signatures_insufficient": "a grant or renewal needs at least one producer and one consumer who are not members "
                               "of the organization reviewed (technicians count for neither); missing: {missing}",
    "no_signatures": "a review needs at least one --reviewer",
    "duplicate_signer": "a person signs a review once, in one role",
    "not_a_reviewer": "{person} is not an active reviewer of the network {network}",
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
    "unreadable_file": "the file cannot be read: {detail}",
    **cli_tokens.REFUSALS,
}


class UsageError(Exception):
    """Bad input the parser could not see (a person handle naming nobody): exit status 2."""


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
        counts = asyncio.run(_with_database(settings.database_url, _seed_demo))
        print("demo data: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    elif args.command == "prices" and args.prices_command == "import":
        return _import_prices(settings.database_url, args.file)
    else:
        command = COMMANDS[args.command, getattr(args, f"{args.command}_command")]
        try:
            asyncio.run(_with_database(settings.database_url, command, args))
        except UsageError as error:
            print(f"feria: {error}", file=sys.stderr)
            return 2
        except FeriaError as error:
            print(_refusal(error), file=sys.stderr)
            return 1
    return 0


async def _with_database(database_url, command, *args):
    ctx = await open_database(database_url)
    try:
        return await command(*args)
    finally:
        await close_database(ctx)


async def _seed_demo() -> dict[str, int]:
    from market.demo.seed import seed_demo

    return await seed_demo()


def _import_prices(database_url: str, path: str) -> int:
    """Import a price series; 0 when the file was read (some rows may be refused), 2 when it could not be."""
    try:
        with open(path, "rb") as file:
            content = file.read()
        report = asyncio.run(_with_database(database_url, import_price_csv, content))
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


async def _show(args) -> None:
    verification = await verify_seal(args.code, today=clock.today())
    events = await seal_reviews.list_seal_events(verification.code)
    counts = verification.last_review_reviewers
    organization = verification.organization
    lines = [
        f"Seal {format_seal_code(verification.code)}: {verification.status.value}, "
        + ("valid today" if verification.valid_today else "not valid today"),
        f"Network: {verification.network_name} ({verification.network_slug})",
        f"Holder: {organization.name} ({organization.slug}), {organization.territory_name}, "
        f"{organization.country_code}",
        "Scope: " + (", ".join(p.name for p in verification.scope) or "(none)"),
        f"Valid: {_day(verification.valid_from)} to {_day(verification.valid_until)}",
    ]
    if verification.status_reason:
        lines.append(f"Reason: {verification.status_reason}")
    if verification.last_review_on:
        lines.append(f"Last review: {verification.last_review_on}, {counts.producer} producer(s), "
                     f"{counts.consumer} consumer(s), {counts.technician} technician(s)")
    lines.append("History:")
    lines += [
        f"  {e.at.date()} {e.kind.value}" + (f" by {e.by_person_name}" if e.by_person_name else "")
        + (f" (review {e.review_id})" if e.review_id else "") + (f": {e.reason}" if e.reason else "")
        for e in events
    ]
    print("\n".join(lines))


async def _review(args) -> None:
    acting_person_id = await _person(args.acting)
    review = seal_reviews.RecordReview(
        visited_on=args.date,
        decision=DECISIONS[args.decision],
        signatures=tuple([seal_reviews.Signature(await _person(handle), role) for handle, role in args.reviewers]),
        network_slug=getattr(args, "network", None),
        holder=await _holder(args),
        seal_code=args.seal,
        products=tuple(args.products),
        findings=args.findings,
    )
    recorded = await seal_reviews.record_review(review, acting_person_id=acting_person_id)
    signers = ", ".join(
        f"{s.name} ({s.role.value}{', member' if s.member_of_reviewed else ''})" for s in recorded.signatures
    )
    print(f"Review {recorded.id} recorded: {recorded.decision.value}, visit of {recorded.visited_on} to "
          f"{recorded.organization_name} ({recorded.organization_slug})")
    print(f"Signed by: {signers}")
    print("Scope: " + ", ".join(recorded.products))
    if recorded.seal is None:
        print("No seal changed.")
    elif recorded.event is None:
        print(f"Seal {format_seal_code(recorded.seal.code)} unchanged: {recorded.seal.status.value}")
    else:
        _print_seal(recorded.seal, recorded.event.value)


async def _holder(args) -> seal_reviews.SealHolder | None:
    """The organization reviewed, or one producer of it; None when the seal names it (renew, or --seal alone)."""
    organization, producer = getattr(args, "organization", None), getattr(args, "producer", None)
    if not organization:
        return None
    return seal_reviews.SealHolder(organization, await _person(producer) if producer else None)


async def _suspend(args) -> None:
    seal = await seal_reviews.suspend_seal(args.code, reason=args.reason, acting_person_id=await _person(args.acting))
    _print_seal(seal, "suspended")


async def _reinstate(args) -> None:
    seal = await seal_reviews.reinstate_seal(
        args.code, reason=args.reason or "", acting_person_id=await _person(args.acting)
    )
    _print_seal(seal, "reinstated")


async def _revoke(args) -> None:
    seal = await seal_reviews.revoke_seal(args.code, reason=args.reason, acting_person_id=await _person(args.acting))
    _print_seal(seal, "revoked")


async def _declare_fair_price(args) -> None:
    async with _declarer_named(args):
        by_person_id = await _person(args.acting)
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


async def _announce_fair(args) -> None:
    async with _declarer_named(args):
        place = await load_place(await territory_id(args.territory))
        by_person_id = await _person(args.acting)
        announcement = AnnounceFair(
            title=args.title, starts_at=args.starts.replace(tzinfo=ZoneInfo(place.time_zone)), place=args.place,
            territory_id=place.id, participants=args.participants, **await _declarer(args),
        )
        fair = await announce_fair(announcement, by_person_id=by_person_id)
    starts = fair.starts_at.astimezone(ZoneInfo(fair.time_zone))
    print(f"Feria {fair.id} announced: {fair.title}, {starts:%Y-%m-%d %H:%M} ({fair.time_zone}), {fair.place}, "
          f"{fair.territory_name}")
    print(f"Announced by: {fair.announced_by}")
    if fair.participants:
        print(f"Participants: {fair.participants}")


async def _declarer(args) -> dict[str, int | None]:
    """The organization's or the network's id, from the slug given (argparse lets exactly one through)."""
    organization = await get_organization(args.organization) if args.organization else None
    network = await get_network(args.network) if args.network else None
    return {"organization_id": organization and organization.id, "network_id": network and network.id}


@asynccontextmanager
async def _declarer_named(args):
    """Name the person and the slug in a refusal the service raises without them (not_an_admin, not_a_reviewer)."""
    try:
        yield
    except Forbidden as error:
        if error.params:
            raise
        raise Forbidden(error.code, person=args.acting, organization=args.organization,
                        network=args.network) from None


COMMANDS = {
    **{("seal", name): command for name, command in (
        ("show", _show), ("review", _review), ("renew", _review), ("suspend", _suspend),
        ("reinstate", _reinstate), ("revoke", _revoke))},
    ("prices", "fair"): _declare_fair_price,
    ("fairs", "announce"): _announce_fair,
    # A lambda: _person is defined below.
    **cli_tokens.commands(person=lambda handle: _person(handle)),
}


def _print_seal(seal: SealBadge, done: str) -> None:
    validity = f"valid {_day(seal.valid_from)} to {_day(seal.valid_until)}"
    state = f"now {seal.status.value}" + (", valid today" if seal.valid_today else ", not valid today")
    print(f"Seal {format_seal_code(seal.code)} {done}: {validity}; {state}")


async def _person(handle: str) -> int:
    try:
        return (await seal_reviews.find_person(handle)).id
    except NotFound:
        raise UsageError(f"nobody is known as {handle!r}. {PEOPLE_HELP}") from None
    except FeriaError:
        raise UsageError(f"several people are known as {handle!r}: name them by @username or Telegram id") from None


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


def _day(day: date | None) -> str:
    return day.isoformat() if day else "-"


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise argparse.ArgumentTypeError(f"not an amount (6.50 or 6,50): {text!r}")
    return amount


def _local_moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a moment (YYYY-MM-DD HH:MM): {text!r}") from None


def _signer(text: str) -> tuple[str, ReviewerRole]:
    handle, _, role = text.rpartition(":")
    if not handle.strip() or role not in set(ReviewerRole):
        roles = ", ".join(ReviewerRole)
        raise argparse.ArgumentTypeError(f"expected PERSON:ROLE with a role among {roles}, not {text!r}")
    return handle.strip(), ReviewerRole(role)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m market.cli", description="Feria's administration commands.",
                                     epilog=EXIT_HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the migrations to DATABASE_URL")
    commands.add_parser("seed-demo", help="load the demo network (idempotent)")
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
    _acting_for(fair, "who declares it")
    fair.add_argument("--product", required=True, metavar="NAME", help="the product's name, as buyers search it")
    fair.add_argument("--territory", required=True, metavar="CODE", help="the territory's code; its currency is used")
    fair.add_argument("--unit", required=True, choices=list(UNITS), metavar="UNIT", help=", ".join(UNITS))
    fair.add_argument("--producer", required=True, type=_amount, metavar="AMOUNT", help="the producer's share")
    for option, dest, helped in (("--transport", "transport", "transport"), ("--fund", "fund", "the solidarity fund"),
                                 ("--other", "other", "other costs")):
        fair.add_argument(option, dest=dest, type=_amount, default=Decimal(0), metavar="AMOUNT",
                          help=f"{helped} (default 0)")
    fair.add_argument("--from", dest="valid_from", required=True, type=_iso_date, metavar="YYYY-MM-DD",
                      help="its first day")
    fair.add_argument("--until", dest="valid_until", type=_iso_date, metavar="YYYY-MM-DD",
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
    _acting_for(announce, "who announces it")
    announce.add_argument("--title", required=True)
    announce.add_argument("--starts", required=True, type=_local_moment, metavar='"YYYY-MM-DD HH:MM"',
                          help="when it starts, in the territory's time zone")
    announce.add_argument("--place", required=True, help="where: a square, a market, an address")
    announce.add_argument("--territory", required=True, metavar="CODE", help="the territory's code")
    announce.add_argument("--participants", default="", metavar="TEXT", help="who will be there")
    cli_tokens.add_parser(commands, people_help=PEOPLE_HELP, exit_help=EXIT_HELP)
    seal = commands.add_parser(
        "seal", help="record peer reviews and change seals of a Participatory Guarantee System",
        description="Seals of a Participatory Guarantee System. The person acting (--as) must be an active reviewer "
                    "of the seal's network and not a member of the organization concerned. " + PEOPLE_HELP,
        epilog=EXIT_HELP,
    )
    actions = seal.add_subparsers(dest="seal_command", required=True)
    show = actions.add_parser("show", help="verify a seal by its code and list its history")
    show.add_argument("code", help="the seal's code, as printed (K7HM-Q2RW) or typed (k7hmq2rw)")

    review = actions.add_parser(
        "review", help="record a peer-review visit and its decision", epilog=PEOPLE_HELP,
        description="Record a visit. grant needs at least one producer and one consumer who are not members of the "
                    "organization reviewed; it creates a seal valid a year from the visit (or grants the holder's "
                    "seal in review). renew extends the holder's seal, same code. deny (or refuse) and pending "
                    "record the visit and change no seal.",
    )
    review.add_argument("--network", help="the PGS network's slug (default: the seal's, with --seal)")
    review.add_argument("--organization", help="the reviewed organization's slug (default: the seal's, with --seal)")
    review.add_argument("--producer", help="a producer of the organization (with --organization), when the review "
                        "is of one producer")
    review.add_argument("--seal", help="the seal the review is for (default: the holder's seal that is not revoked)")
    review.add_argument("--decision", required=True, choices=list(DECISIONS))
    renew = actions.add_parser(
        "renew", help="record a renewal visit: the same seal and code, valid a year from the visit",
        description="Renew a seal by a new visit; it keeps its code. A revoked seal can never be renewed.",
        epilog=PEOPLE_HELP,
    )
    renew.add_argument("seal", help="the seal's code")
    renew.set_defaults(decision="renew")
    for command in (review, renew):
        command.add_argument("--as", dest="acting", required=True, metavar="PERSON", help="who records the review")
        command.add_argument("--date", required=True, type=_iso_date, help="the day of the visit, YYYY-MM-DD")
        command.add_argument("--reviewer", dest="reviewers", action="append", default=[], type=_signer,
                             metavar="PERSON:ROLE", help="a signer and their role: producer, consumer or technician "
                             "(repeat for each)")
        command.add_argument("--product", dest="products", action="append", default=[], metavar="NAME",
                             help="a product in scope, by name (repeat; a renewal without it keeps the seal's scope)")
        command.add_argument("--findings", default="", help="what the reviewers saw")

    for name, helped, reason in (
        ("suspend", "suspend a seal, saying why (reversible)", True),
        ("reinstate", "lift a seal's suspension", False),
        ("revoke", "revoke a seal, saying why (final)", True),
    ):
        change = actions.add_parser(name, help=helped, epilog=PEOPLE_HELP)
        change.add_argument("code", help="the seal's code")
        change.add_argument("--as", dest="acting", required=True, metavar="PERSON", help="who decides")
        change.add_argument("--reason", required=reason, help="why; buyers read it" if reason else "a note for the history")
    return parser


def _acting_for(command: argparse.ArgumentParser, who: str) -> None:
    command.add_argument("--as", dest="acting", required=True, metavar="PERSON", help=who)
    declarer = command.add_mutually_exclusive_group(required=True)
    declarer.add_argument("--organization", metavar="SLUG", help="the organization's slug")
    declarer.add_argument("--network", metavar="SLUG", help="the PGS network's slug")


if __name__ == "__main__":
    sys.exit(main())
