"""Write-side seal services: record a peer review (grant, renew, deny, pending); suspend, reinstate, revoke a seal.

Who may act: a member of the seal's network's committee (an active PgsReviewer with `committee`) who is not a
member of the organization concerned; the CLI and the chat (market.services.seals.decisions) alike.
Every change of a seal writes a SealEvent; nothing here deletes or rewrites a review or an event. A suspension,
reinstatement or revocation is told to the holder's admins (template "seal_changed").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.transactions import in_transaction

from market import clock
from market.enums import ReviewDecision, ReviewerRole, SealEventKind, SealStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import (
    Organization,
    PeerReview,
    PeerReviewProduct,
    PeerReviewSignature,
    Person,
    PgsNetwork,
    Product,
    Seal,
    SealEvent,
)
from market.orm import value_of
from market.rules.reviews import SealAction, Signer, grant_refusals, granted_validity, renewed_validity
from market.services.catalog.badges import SealBadge, seal_badge
from market.services.catalog.version import bump_catalog_version
from market.services.seals import support as support

REASON_LIMIT = 500
FINDINGS_LIMIT = 4000
_ACTION = {ReviewDecision.GRANT: SealAction.GRANT, ReviewDecision.RENEW: SealAction.RENEW}
_EVENT = {
    SealAction.GRANT: SealEventKind.GRANTED, SealAction.RENEW: SealEventKind.RENEWED,
    SealAction.SUSPEND: SealEventKind.SUSPENDED, SealAction.REINSTATE: SealEventKind.REINSTATED,
    SealAction.REVOKE: SealEventKind.REVOKED,
}


@dataclass(frozen=True)
class Signature:
    """A reviewer signing a review in a role."""

    person_id: int
    role: ReviewerRole


@dataclass(frozen=True)
class SignatureView:
    person_id: int
    name: str
    role: ReviewerRole
    # A member's signature is recorded, but counts for nothing towards a grant.
    member_of_reviewed: bool


@dataclass(frozen=True)
class RecordedReview:
    """A review as recorded, and the seal it granted, renewed or joined (None: the holder has no seal)."""

    id: int
    decision: ReviewDecision
    visited_on: date
    network_slug: str
    organization_slug: str
    organization_name: str
    products: tuple[str, ...]
    signatures: tuple[SignatureView, ...]
    seal: SealBadge | None
    # What the review did to the seal: granted, renewed, or None (pending and deny leave it as it was).
    event: SealEventKind | None


@dataclass(frozen=True)
class SealEventView:
    kind: SealEventKind
    at: datetime
    reason: str
    by_person_name: str | None
    review_id: int | None


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class SealHolder:
    """Whom a seal is for: an organization (by slug), or one of its producers (a member's person id)."""

    organization_slug: str
    producer_person_id: int | None = None


@dataclass(frozen=True, slots=True)
class RecordReview:
    """A peer-review visit to record, signed by each reviewer in `signatures`, and its decision.

    Whose seal: the `holder`'s from the network `network_slug`, or the seal `seal_code`, whose own
    network and holder stand for those not named (those named must be the seal's). `products` are
    ids or names of the organization's products; without them the review covers the seal's scope.
    """

    visited_on: date
    decision: ReviewDecision
    signatures: tuple[Signature, ...]
    network_slug: str | None = None
    holder: SealHolder | None = None
    seal_code: str | None = None
    products: tuple[int | str, ...] = ()
    findings: str = ""

    def __post_init__(self) -> None:
        if not self.signatures:
            raise Invalid("no_signatures")
        people = [s.person_id for s in self.signatures]
        if len(set(people)) != len(people):
            # One person, one signature: nobody signs as producer and as consumer at once.
            raise Invalid("duplicate_signer", person_id=next(p for p in people if people.count(p) > 1))
        if not self.seal_code and not (self.network_slug and self.holder):
            raise Invalid("review_holder_missing")


async def record_review(command: RecordReview, *, acting_person_id: int, today: date | None = None) -> RecordedReview:
    """Record the visit and apply its decision, as `acting_person_id`.

    grant: a new seal (fresh code) or the holder's seal in review, valid a year from the visit.
    renew: the same seal, same code, valid a year from the visit; never a revoked one.
    Both need an outside producer and an outside consumer (market.rules.reviews.grant_refusals),
    and make the review's products the seal's scope. pending and deny record the visit only.
    Without `seal_code` the seal is the holder's from that network that is not revoked, if there is one.
    """
    today = today or clock.today()
    decision, findings, visited_on = ReviewDecision(command.decision), command.findings.strip(), command.visited_on
    if visited_on > today:
        raise Invalid("visit_in_future", visited_on=visited_on.isoformat())
    if len(findings) > FINDINGS_LIMIT:
        raise Invalid("findings_too_long", limit=FINDINGS_LIMIT)
    seal, network, organization, producer_person_id = await _reviewed(command)
    if producer_person_id is not None:
        await support.check_producer(organization.id, producer_person_id)
    members = await support.member_ids(organization.id)
    await support.check_actor(network, members, acting_person_id)
    signers = await _signers(network, members, command.signatures)
    seal = seal or await support.live_seal(network.id, organization.id, producer_person_id)
    if seal and seal.status == SealStatus.REVOKED:
        raise Conflict("seal_revoked", seal_code=seal.code)
    scope = await support.find_products(organization, command.products, seal)

    action = _ACTION.get(decision)
    change = None
    if action is not None:
        change = await plan_seal_change(
            SealHolding(network, organization, producer_person_id, seal), action,
            [Signer(s.role, s.member_of_reviewed) for s in signers], visited_on, today)

    async with in_transaction():
        review = await PeerReview.create(
            network=network, organization=organization, producer_id=producer_person_id, seal=seal,
            visited_on=visited_on, findings=findings, decision=decision, recorded_by_id=acting_person_id,
        )
        await PeerReviewProduct.bulk_create([PeerReviewProduct(review=review, product=p) for p in scope])
        await PeerReviewSignature.bulk_create([
            PeerReviewSignature(review=review, person_id=s.person_id, role=s.role) for s in signers
        ])
        if change is not None:
            seal = await apply_seal_change(change, review.id, scope, acting_person_id)
    return RecordedReview(
        id=review.id, decision=decision, visited_on=visited_on, network_slug=network.slug,
        organization_slug=organization.slug, organization_name=organization.name,
        products=tuple(p.name for p in scope), signatures=tuple(signers),
        seal=seal_badge(await support.get_seal(seal.code), today) if seal else None,
        event=_EVENT[action] if action else None,
    )


@dataclass(frozen=True)
class SealHolding:
    """Whose seal a granting review is about: the network, the holder, and their seal (None: they have none)."""

    network: PgsNetwork
    organization: Organization
    producer_person_id: int | None
    seal: Seal | None


@dataclass(frozen=True)
class SealChange:
    """What a granting review will do to the holder's seal, checked before anything is written."""

    holding: SealHolding
    action: SealAction
    status: SealStatus
    validity: tuple[date, date]


async def plan_seal_change(holding: SealHolding, action: SealAction, signers: Sequence[Signer], visited_on: date,
                           today: date) -> SealChange:
    """A grant or renewal by a visit on `visited_on` signed by `signers`, or the refusal: the seal's transition,
    the grant rule (market.rules.reviews.grant_refusals) and the new validity. Shared by record_review (the CLI)
    and the committee's decisions (market.services.seals.decisions)."""
    seal = holding.seal
    if seal is None and action == SealAction.RENEW:
        raise Invalid("no_seal_to_renew", organization=holding.organization.slug, network=holding.network.slug)
    status = support.transition(seal, action, today) if seal else SealStatus.GRANTED
    refusals = grant_refusals(signers)
    if refusals:
        raise Invalid("signatures_insufficient", reasons=refusals)
    return SealChange(holding, action, status, await _validity(seal, action, visited_on, today))


async def apply_seal_change(change: SealChange, review_id: int, scope: Sequence[Product], acting_person_id: int) -> Seal:
    """Write a planned change, inside the caller's transaction: a new seal when the holder had none, its status,
    validity and scope (the review's products), the event naming the review, a new catalog version."""
    holding = change.holding
    seal = holding.seal or await support.create_seal(holding.network, holding.organization, holding.producer_person_id)
    await PeerReview.filter(id=review_id).update(seal_id=seal.id)  # a visit made in the chat names no seal yet
    valid_from, valid_until = change.validity
    await support.move_seal(seal, change.status, status_reason="", valid_from=valid_from, valid_until=valid_until)
    await support.set_scope(seal.id, list(scope))
    await SealEvent.create(seal=seal, kind=_EVENT[change.action], review_id=review_id, by_person_id=acting_person_id)
    await bump_catalog_version()
    return seal


async def _reviewed(command: RecordReview) -> tuple[Seal | None, PgsNetwork, Organization, int | None]:
    """The seal named (or None), the network, the organization and its producer reviewed (None: the organization).

    What the command leaves unnamed is the seal's; what it names must be the seal's too.
    """
    holder = command.holder
    seal = await support.get_seal(command.seal_code) if command.seal_code else None
    network = await support.get_network(command.network_slug) if command.network_slug else None
    organization = await support.get_organization(holder.organization_slug) if holder else None
    producer_person_id = holder.producer_person_id if holder else None
    if seal is not None:
        network, organization = network or seal.network, organization or seal.organization
        if producer_person_id is None:  # a seal named beside its organization alone may be one of its producers'
            producer_person_id = seal.producer_id
        if (seal.network_id, seal.organization_id, seal.producer_id) != (network.id, organization.id, producer_person_id):
            raise Invalid("seal_of_another_holder", seal_code=seal.code)
    assert network is not None and organization is not None  # RecordReview names them when it names no seal
    return seal, network, organization, producer_person_id


async def suspend_seal(code: str, *, reason: str, acting_person_id: int, today: date | None = None) -> SealBadge:
    """Suspend a granted seal, saying why (buyers read the reason); reinstate_seal or a renewal lifts it."""
    return await _change(code, SealAction.SUSPEND, _required(reason), acting_person_id, today)


async def reinstate_seal(
    code: str, *, acting_person_id: int, reason: str = "", today: date | None = None
) -> SealBadge:
    """Lift a suspension: the seal is granted again until its valid_until. A revoked seal never comes back."""
    return await _change(code, SealAction.REINSTATE, _limited(reason), acting_person_id, today)


async def revoke_seal(code: str, *, reason: str, acting_person_id: int, today: date | None = None) -> SealBadge:
    """Revoke a seal for good, saying why; its code keeps verifying, as revoked."""
    return await _change(code, SealAction.REVOKE, _required(reason), acting_person_id, today)


async def list_seal_events(code: str) -> tuple[SealEventView, ...]:
    """A seal's whole history, oldest first."""
    seal = await support.get_seal(code)
    rows = await SealEvent.filter(seal_id=seal.id).order_by("at", "id").values_list(
        "kind", "at", "reason", "by_person__name", "review_id"
    )
    return tuple(SealEventView(SealEventKind(kind), at, reason, name, review) for kind, at, reason, name, review in rows)


async def find_person(handle: str) -> PersonRef:
    """The person a handle names: "@username", a Telegram user id (digits), a username or an exact name.

    NotFound("person_not_found") when nobody matches; Invalid("person_ambiguous") when several do.
    """
    handle = handle.strip()
    people = Person.filter(forgotten_at__isnull=True)
    if handle.startswith("@"):
        candidates = [people.filter(username__iexact=handle[1:])]
    elif handle.isdigit():
        candidates = [people.filter(telegram_user_id=int(handle))]
    else:
        candidates = [people.filter(username__iexact=handle), people.filter(name=handle)]
    for query in candidates:
        found = await query.limit(2).values_list("id", "name")
        if len(found) > 1:
            raise Invalid("person_ambiguous", handle=handle)
        if found:
            return PersonRef(*found[0])
    raise NotFound("person_not_found", handle=handle)


async def _change(code: str, action: SealAction, reason: str, acting_person_id: int, today: date | None) -> SealBadge:
    today = today or clock.today()
    seal = await support.get_seal(code)
    await support.check_actor(seal.network, await support.member_ids(seal.organization_id), acting_person_id)
    status = support.transition(seal, action, today)
    async with in_transaction():
        # A reinstated seal shows no reason; its events keep the suspension's and the reinstatement's.
        await support.move_seal(seal, status, status_reason="" if action == SealAction.REINSTATE else reason)
        event = await SealEvent.create(seal=seal, kind=_EVENT[action], reason=reason, by_person_id=acting_person_id)
        await support.tell_admins(seal.organization_id, "seal_changed", {"event_id": event.id}, f"seal:event:{event.id}")
        await bump_catalog_version()
    return seal_badge(await support.get_seal(seal.code), today)


async def _signers(network: PgsNetwork, members: set[int], signatures: Sequence[Signature]) -> list[SignatureView]:
    """Each signer, who must be an active reviewer of the network, and whether they belong to the holder."""
    reviewers = await support.active_reviewers(network.id, [s.person_id for s in signatures])
    signers = []
    for s in signatures:
        name = await support.person_name(s.person_id)
        if s.person_id not in reviewers:
            raise Forbidden("not_a_reviewer", person=name, network=network.slug)
        signers.append(SignatureView(s.person_id, name, ReviewerRole(s.role), s.person_id in members))
    return signers


async def _validity(seal: Seal | None, action: SealAction, visited_on: date, today: date) -> tuple[date, date]:
    """The seal's new (valid_from, valid_until); a renewal visit may not predate the last grant or renewal."""
    if seal is None or action == SealAction.GRANT:
        validity = granted_validity(visited_on)
    else:
        last = await value_of(PeerReview.filter(
            seal_id=seal.id, decision__in=(ReviewDecision.GRANT, ReviewDecision.RENEW)
        ).order_by("-visited_on").first(), "visited_on", date)
        if last is not None and visited_on < last:
            raise Invalid("visit_before_last_review", last_review_on=last.isoformat())
        validity = renewed_validity(seal.valid_from, seal.valid_until, visited_on)
    if validity[1] < today:
        # The seal would be born expired: the visit is too old to vouch for anything today.
        raise Invalid("visit_too_old", visited_on=visited_on.isoformat())
    return validity


def _required(reason: str) -> str:
    reason = _limited(reason)
    if not reason:
        raise Invalid("reason_missing")
    return reason


def _limited(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    return reason
