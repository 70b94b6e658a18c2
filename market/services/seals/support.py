"""Lookups, checks and writes shared by the seal write services (market.services.seals.reviews)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, NetworkStatus, SealStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import Member, Organization, Person, PgsNetwork, PgsReviewer, Product, Seal, SealProduct
from market.orm import column_of, value_of
from market.rules.reviews import SealAction, seal_transition
from market.rules.seals import effective_status
from market.seal_codes import new_seal_code, normalize_seal_code
from market.services.messaging.notifications import enqueue_notification
from market.text import search_key

# 30**8 codes: one collision is already unlikely, a handful of draws in a row never all collide.
CODE_ATTEMPTS = 5
# A pending member has a stake in the outcome too: their signature must not count as an outsider's.
_MEMBER_STATUSES = (MembershipStatus.APPROVED, MembershipStatus.PENDING)


async def get_seal(code: str) -> Seal:
    """The seal with this code (as a person types it), with its network and organization."""
    normalized = normalize_seal_code(code)
    seal = await Seal.filter(code=normalized).select_related("network", "organization").first()
    if seal is None:
        raise NotFound("seal_not_found", seal_code=normalized)
    return seal


async def live_seal(network_id: int, organization_id: int, producer_id: int | None) -> Seal | None:
    """The holder's seal from this network that is not revoked (the newest, should there be several)."""
    return await Seal.filter(
        network_id=network_id, organization_id=organization_id, producer_id=producer_id,
        status__not=SealStatus.REVOKED,
    ).select_related("network", "organization").order_by("-id").first()


async def get_network(slug: str) -> PgsNetwork:
    # Only an approved network certifies: one waiting for an operator (or refused) is no network yet.
    network = await PgsNetwork.get_or_none(slug=slug, status=NetworkStatus.APPROVED)
    if network is None:
        raise NotFound("network_not_found", network=slug)
    return network


async def get_organization(slug: str) -> Organization:
    organization = await Organization.get_or_none(slug=slug)
    if organization is None:
        raise NotFound("organization_not_found", organization=slug)
    return organization


async def member_ids(organization_id: int) -> set[int]:
    """Who counts as a member of the organization when it is reviewed."""
    members = Member.filter(organization_id=organization_id, status__in=_MEMBER_STATUSES)
    return set(await column_of(members, "person_id", int))


async def person_name(person_id: int) -> str:
    name = await value_of(Person.filter(id=person_id).first(), "name", str)
    if name is None:
        raise NotFound("person_not_found", person_id=person_id)
    return name


async def check_actor(network: PgsNetwork, members: set[int], person_id: int) -> None:
    """Only the network's committee acts on its seals and decides its visits, and never on their own organization's.

    | the person                                        | refused with                        |
    |---------------------------------------------------|-------------------------------------|
    | no active reviewer of the network                 | not_a_reviewer                      |
    | a reviewer, not on the committee                  | not_on_committee                    |
    | on the committee, a member of the organization    | member_of_reviewed_organization     |
    """
    name = await person_name(person_id)
    row = await PgsReviewer.filter(network_id=network.id, person_id=person_id, active=True).first()
    if row is None:
        raise Forbidden("not_a_reviewer", person=name, network=network.slug)
    if not row.committee:
        raise Forbidden("not_on_committee", person=name)
    if person_id in members:
        raise Forbidden("member_of_reviewed_organization", person=name)


async def reviewer(network_id: int, person_id: int) -> PgsReviewer:
    """The person as an active reviewer of the network; Forbidden("not_a_reviewer") when they are none."""
    row = await PgsReviewer.get_or_none(network_id=network_id, person_id=person_id, active=True)
    if row is None:
        raise Forbidden("not_a_reviewer", person=await person_name(person_id), network=str(network_id))
    return row


async def check_committee(network_id: int, person_id: int) -> PgsReviewer:
    """The person as a member of the network's committee (its admins); Forbidden("not_on_committee") otherwise."""
    row = await PgsReviewer.get_or_none(network_id=network_id, person_id=person_id, active=True, committee=True)
    if row is None:
        raise Forbidden("not_on_committee", person=await person_name(person_id))
    return row


async def active_reviewers(network_id: int, person_ids: Sequence[int]) -> set[int]:
    return set(await column_of(
        PgsReviewer.filter(network_id=network_id, active=True, person_id__in=list(person_ids)), "person_id", int
    ))


async def check_producer(organization_id: int, person_id: int) -> None:
    """A reviewed producer is an approved member of the organization."""
    if not await Member.filter(
        organization_id=organization_id, person_id=person_id, status=MembershipStatus.APPROVED
    ).exists():
        raise Invalid("producer_not_of_organization", person=await person_name(person_id))


async def find_products(organization: Organization, wanted: Sequence[int | str], seal: Seal | None) -> list[Product]:
    """The organization's products named by id or by name (accents and case aside); none named: the seal's scope."""
    if not wanted:
        if seal is None:
            raise Invalid("no_products")
        return await Product.filter(seal_scopes__seal_id=seal.id).order_by("name", "id")
    owned = await Product.filter(organization_id=organization.id)
    by_id, by_key = {p.id: p for p in owned}, {p.search_key: p for p in owned}
    found: dict[int, Product] = {}
    for ref in wanted:
        product = by_id.get(ref) if isinstance(ref, int) else by_key.get(search_key(ref))
        if product is None:
            raise Invalid("product_not_of_organization", product=str(ref), organization=organization.slug)
        found[product.id] = product
    return list(found.values())


def transition(seal: Seal, action: SealAction, today: date) -> SealStatus:
    """market.rules.reviews.seal_transition for this seal as it reads today; a refusal names the seal."""
    try:
        return seal_transition(effective_status(seal.status, seal.valid_from, seal.valid_until, today), action)
    except Conflict as refused:
        raise Conflict(refused.code, seal_code=seal.code, **refused.params) from None


async def move_seal(seal: Seal, status: SealStatus, **values: Any) -> None:
    """Change the seal only if it is as we read it: of two people acting at once, the second is refused."""
    query = Seal.filter(id=seal.id, status=seal.status)
    query = query.filter(valid_until=seal.valid_until) if seal.valid_until else query.filter(valid_until__isnull=True)
    if not await query.update(status=status, updated_at=clock.now(), **values):
        raise Conflict("seal_status_changed", seal_code=seal.code)


async def create_seal(network: PgsNetwork, organization: Organization, producer_id: int | None) -> Seal:
    """A seal in review under a fresh random code, for the caller to grant; a taken code is drawn again."""
    for _ in range(CODE_ATTEMPTS):
        try:
            # A savepoint: a taken code must not abort the caller's transaction (PostgreSQL would).
            async with in_transaction():
                return await Seal.create(
                    code=new_seal_code(), network=network, organization=organization, producer_id=producer_id,
                    status=SealStatus.IN_REVIEW,
                )
        except IntegrityError:
            continue
    raise Conflict("seal_code_unavailable")


async def set_scope(seal_id: int, products: list[Product]) -> None:
    """The seal covers what its last granting review covered; earlier scopes stay on their reviews."""
    ids = {p.id for p in products}
    await SealProduct.filter(seal_id=seal_id).exclude(product_id__in=ids).delete()
    present = set(await SealProduct.filter(seal_id=seal_id).values_list("product_id", flat=True))
    await SealProduct.bulk_create([SealProduct(seal_id=seal_id, product_id=i) for i in sorted(ids - present)])


async def tell_admins(organization_id: int, template: str, params: dict[str, Any], key: str) -> None:
    """Owe each approved admin of the organization one message, once per `key` (a repeated call owes nothing)."""
    admins = await Member.filter(
        organization_id=organization_id, role=MemberRole.ADMIN, status=MembershipStatus.APPROVED,
        person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
    ).values_list("person_id", "person__telegram_user_id")
    for person_id, chat_id in admins:
        await enqueue_notification(chat_id=chat_id, person_id=person_id, template=template, params=params,
                                   dedupe_key=f"{key}:person:{person_id}")
