"""`python -m market.cli seal show | review | renew | suspend | reinstate | revoke`: the seals of a PGS network."""

from __future__ import annotations

import argparse

from market import clock
from market.cli_common import EXIT_HELP, PEOPLE_HELP, day_text, parse_iso_date, person_id_of
from market.enums import ReviewDecision, ReviewerRole
from market.seal_codes import format_seal_code
from market.services.catalog.badges import SealBadge
from market.services.seals import reviews as seal_reviews
from market.services.seals.verification import verify_seal

# "refuse" is what reviewers say; the stored decision is "deny".
DECISIONS = {"grant": ReviewDecision.GRANT, "renew": ReviewDecision.RENEW, "deny": ReviewDecision.DENY,
             "refuse": ReviewDecision.DENY, "pending": ReviewDecision.PENDING}


async def _show(args: argparse.Namespace) -> None:
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
        f"Valid: {day_text(verification.valid_from)} to {day_text(verification.valid_until)}",
    ]
    if verification.status_reason:
        lines.append(f"Reason: {verification.status_reason}")
    if verification.last_review_on and counts is not None:
        lines.append(f"Last review: {verification.last_review_on}, {counts.producer} producer(s), "
                     f"{counts.consumer} consumer(s), {counts.technician} technician(s)")
    lines.append("History:")
    lines += [
        f"  {e.at.date()} {e.kind.value}" + (f" by {e.by_person_name}" if e.by_person_name else "")
        + (f" (review {e.review_id})" if e.review_id else "") + (f": {e.reason}" if e.reason else "")
        for e in events
    ]
    print("\n".join(lines))


async def _review(args: argparse.Namespace) -> None:
    acting_person_id = await person_id_of(args.acting)
    review = seal_reviews.RecordReview(
        visited_on=args.date,
        decision=DECISIONS[args.decision],
        signatures=tuple([seal_reviews.Signature(await person_id_of(handle), role) for handle, role in args.reviewers]),
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


async def _holder(args: argparse.Namespace) -> seal_reviews.SealHolder | None:
    """The organization reviewed, or one producer of it; None when the seal names it (renew, or --seal alone)."""
    organization, producer = getattr(args, "organization", None), getattr(args, "producer", None)
    if not organization:
        return None
    return seal_reviews.SealHolder(organization, await person_id_of(producer) if producer else None)


async def _suspend(args: argparse.Namespace) -> None:
    seal = await seal_reviews.suspend_seal(args.code, reason=args.reason, acting_person_id=await person_id_of(args.acting))
    _print_seal(seal, "suspended")


async def _reinstate(args: argparse.Namespace) -> None:
    seal = await seal_reviews.reinstate_seal(
        args.code, reason=args.reason or "", acting_person_id=await person_id_of(args.acting)
    )
    _print_seal(seal, "reinstated")


async def _revoke(args: argparse.Namespace) -> None:
    seal = await seal_reviews.revoke_seal(args.code, reason=args.reason, acting_person_id=await person_id_of(args.acting))
    _print_seal(seal, "revoked")


def _print_seal(seal: SealBadge, done: str) -> None:
    validity = f"valid {day_text(seal.valid_from)} to {day_text(seal.valid_until)}"
    state = f"now {seal.status.value}" + (", valid today" if seal.valid_today else ", not valid today")
    print(f"Seal {format_seal_code(seal.code)} {done}: {validity}; {state}")


def _signer(text: str) -> tuple[str, ReviewerRole]:
    handle, _, role = text.rpartition(":")
    if not handle.strip() or role not in set(ReviewerRole):
        roles = ", ".join(ReviewerRole)
        raise argparse.ArgumentTypeError(f"expected PERSON:ROLE with a role among {roles}, not {text!r}")
    return handle.strip(), ReviewerRole(role)


COMMANDS = {("seal", name): command for name, command in (
    ("show", _show), ("review", _review), ("renew", _review), ("suspend", _suspend), ("reinstate", _reinstate),
    ("revoke", _revoke))}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`seal show | review | renew | suspend | reinstate | revoke`."""
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
        command.add_argument("--date", required=True, type=parse_iso_date, help="the day of the visit, YYYY-MM-DD")
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
