"""Seed the demo network in one transaction, creating only what is not there yet.

Every row is looked up by its natural key (a territory's code, an organization's slug, a
person's Telegram id, a product's organization and search key) and created only when
missing; rows already there are left as they are, even if someone edited them since. So a
second run writes nothing, and a failure anywhere rolls the whole seed back.
"""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from market.demo.data import DEMO_SOURCE_PREFIX, GroupSpec, ReviewSpec, SealSpec
from market.demo.groups import GROUPS
from market.demo.organizations import CATEGORIES, ORGANIZATIONS
from market.demo.people import PEOPLE
from market.demo.places import TERRITORIES, UNIT_CONVERSIONS
from market.demo.prices import FAIR_PRICE_VALID_FROM_DAY, FAIR_PRICE_VALID_UNTIL_DAY, FAIR_PRICES
from market.demo.products import PRODUCTS
from market.demo.rows import Refs, ensure, local_time
from market.demo.seals import NETWORKS, SEALS
from market.demo.series import daily_observations
from market.models import (
    Category,
    FairPrice,
    GroupMember,
    Member,
    MemberOrderRow,
    Offer,
    OrderRound,
    Organization,
    PeerReview,
    PeerReviewProduct,
    PeerReviewSignature,
    Person,
    PgsNetwork,
    PgsReviewer,
    PriceObservation,
    Product,
    PurchasingGroup,
    RoundOffer,
    Seal,
    SealEvent,
    SealProduct,
    Territory,
    UnitConversion,
)
from market.models.enums import GroupRole, MemberRole, MembershipStatus, OfferStatus, RoundStatus
from market.seal_codes import new_seal_code
from market.services.catalog_version import bump_catalog_version
from market.text import search_key

# The models the demo writes, in the order the counts are reported.
SEEDED_MODELS = (
    Territory, UnitConversion, Person, Organization, Member, Category, Product, Offer,
    PgsNetwork, PgsReviewer, Seal, SealProduct, PeerReview, PeerReviewProduct, PeerReviewSignature, SealEvent,
    PurchasingGroup, GroupMember, OrderRound, RoundOffer, MemberOrderRow, PriceObservation, FairPrice,
)


async def seed_demo(today: dt.date | None = None) -> dict[str, int]:
    """Write the demo network as of `today` (default: today in UTC); return how many rows each model now has."""
    refs = Refs(today or dt.datetime.now(dt.timezone.utc).date())
    # in_transaction puts its connection in the ORM's context: every query below runs in it.
    async with in_transaction():
        await _seed_places(refs)
        await _seed_organizations(refs)
        await _seed_catalog(refs)
        await _seed_seals(refs)
        await _seed_groups(refs)
        await _seed_prices(refs)
        await bump_catalog_version()
        return {model.__name__: await model.all().count() for model in SEEDED_MODELS}


async def _seed_places(refs: Refs) -> None:
    for t in TERRITORIES:
        refs.territories[t.code] = await ensure(
            Territory, {"code": t.code},
            name=t.name, level=t.level, parent=refs.territories.get(t.parent), country_code=t.country_code,
            currency=t.currency, time_zone=t.time_zone,
        )
    for c in UNIT_CONVERSIONS:
        await ensure(
            UnitConversion, {"territory": refs.territories[c.territory], "unit": c.unit},
            base_unit=c.base_unit, factor=c.factor,
        )
    for p in PEOPLE:
        refs.people[p.handle] = await ensure(
            Person, {"telegram_user_id": p.telegram_user_id},
            name=p.name, locale=p.locale, language_code=p.language_code, territory=refs.territories[p.territory],
        )


async def _seed_organizations(refs: Refs) -> None:
    for o in ORGANIZATIONS:
        organization = await ensure(
            Organization, {"slug": o.slug},
            name=o.name, legal_form=o.legal_form, maturity=o.maturity, territory=refs.territories[o.territory],
            solidarity_fund_rate=o.solidarity_fund_rate, description=o.description, tax_number=o.tax_number,
            pickup_point=o.pickup_point,
        )
        refs.organizations[o.slug] = organization
        refs.currencies[o.slug] = refs.territories[o.territory].currency
        refs.time_zones[o.slug] = refs.territories[o.territory].time_zone
        roles = [(o.admin, MemberRole.ADMIN)] + [(handle, MemberRole.PRODUCER) for handle in o.producers]
        for handle, role in roles:
            await ensure(
                Member, {"organization": organization, "person": refs.people[handle]},
                role=role, status=MembershipStatus.APPROVED,
            )


async def _seed_catalog(refs: Refs) -> None:
    for position, code in enumerate(CATEGORIES):
        refs.categories[code] = await ensure(Category, {"code": code}, position=position)
    for p in PRODUCTS:
        key = (p.organization, search_key(p.name))
        product = await ensure(
            Product, {"organization": refs.organizations[p.organization], "search_key": key[1]},
            category=refs.categories[p.category], name=p.name, description=p.description, unit=p.unit,
        )
        refs.products[key] = product
        refs.offers[key] = await ensure(
            Offer, {"product": product},
            stock=p.stock, unit=p.unit, price=p.price, currency=refs.currencies[p.organization],
            order_unit_quantity=p.order_unit_quantity, pack_size=p.pack_size, status=OfferStatus.ACTIVE,
        )


async def _seed_seals(refs: Refs) -> None:
    for n in NETWORKS:
        network = await ensure(
            PgsNetwork, {"slug": n.slug},
            name=n.name, territory=refs.territories[n.territory], description=n.description,
        )
        refs.networks[n.slug] = network
        for handle in n.reviewers:
            await ensure(PgsReviewer, {"network": network, "person": refs.people[handle]})
    for s in SEALS:
        network, organization = refs.networks[s.network], refs.organizations[s.organization]
        # One seal per network and organization in the demo: that pair is its natural key. A
        # seal found keeps the history it has (its reviews are dated from an earlier day).
        if not await Seal.filter(network=network, organization=organization, producer_id=None).exists():
            await _create_seal(refs, network, organization, s)


async def _create_seal(refs: Refs, network: PgsNetwork, organization: Organization, s: SealSpec) -> None:
    seal = await Seal.create(
        code=new_seal_code(), network=network, organization=organization, status=s.status,
        valid_from=refs.day(s.valid_from_day), valid_until=refs.day(s.valid_until_day),
        status_reason=s.status_reason,
    )
    products = [refs.products[s.organization, search_key(name)] for name in s.products]
    await SealProduct.bulk_create([SealProduct(seal=seal, product=product) for product in products])
    time_zone = refs.time_zones[s.organization]
    reviews = [await _record_review(refs, seal, products, time_zone, r) for r in s.reviews]
    await SealEvent.bulk_create([
        SealEvent(
            seal=seal, kind=e.kind, review=reviews[e.review] if e.review is not None else None, reason=e.reason,
            by_person=refs.people[e.by], at=local_time(refs.day(e.day), 18, time_zone),
        )
        for e in s.events
    ])


async def _record_review(
    refs: Refs, seal: Seal, products: list[Product], time_zone: str, r: ReviewSpec
) -> PeerReview:
    visited_on = refs.day(r.visited_day)
    review = await PeerReview.create(
        network_id=seal.network_id, organization_id=seal.organization_id, seal=seal, visited_on=visited_on,
        findings=r.findings, decision=r.decision, recorded_by=refs.people[r.recorded_by],
    )
    await PeerReviewProduct.bulk_create([PeerReviewProduct(review=review, product=p) for p in products])
    # Reviewers sign at the end of the visit's day, where the organization is.
    signed_at = local_time(visited_on, 17, time_zone)
    await PeerReviewSignature.bulk_create([
        PeerReviewSignature(review=review, person=refs.people[handle], role=role, signed_at=signed_at)
        for handle, role in r.signatures
    ])
    return review


async def _seed_groups(refs: Refs) -> None:
    for g in GROUPS:
        territory = refs.territories[g.territory]
        group = await ensure(
            PurchasingGroup, {"slug": g.slug}, name=g.name, territory=territory, pickup_point=g.pickup_point
        )
        members = {}
        for handles, role in ((g.coordinators, GroupRole.COORDINATOR), (g.members, GroupRole.MEMBER)):
            for handle in handles:
                members[handle] = await ensure(GroupMember, {"group": group, "person": refs.people[handle]}, role=role)
        # A group that already has a round (the demo's, or one opened since) gets no other.
        if not await OrderRound.filter(group=group).exists():
            await _open_round(refs, group, territory.time_zone, members, g)


async def _open_round(
    refs: Refs, group: PurchasingGroup, time_zone: str, members: dict[str, GroupMember], g: GroupSpec
) -> None:
    r = g.round
    opens_at = local_time(refs.day(r.opens_day), r.opens_hour, time_zone)
    order_round = await OrderRound.create(
        group=group, status=RoundStatus.OPEN, opens_at=opens_at,
        closes_at=local_time(refs.day(r.closes_day), r.closes_hour, time_zone),
        pickup_point=g.pickup_point, pickup_on=refs.day(r.pickup_day), created_by=refs.people[g.coordinators[0]],
    )
    round_offers = {}
    for slug, name in r.offers:
        offer = refs.offers[slug, search_key(name)]
        # Price, pack and fund share are frozen as they are when the round opens.
        round_offers[slug, search_key(name)] = await RoundOffer.create(
            round=order_round, offer=offer, price=offer.price, currency=offer.currency,
            fund_rate=refs.organizations[slug].solidarity_fund_rate, unit=offer.unit,
            order_unit_quantity=offer.order_unit_quantity, pack_size=offer.pack_size,
        )
    await MemberOrderRow.bulk_create([
        MemberOrderRow(
            round_offer=round_offers[o.organization, search_key(o.product)], member=members[o.member],
            quantity=o.quantity, tolerance=o.tolerance, at=opens_at + dt.timedelta(hours=o.hours_after_opening),
        )
        for o in r.orders
    ])


async def _seed_prices(refs: Refs) -> None:
    for f in FAIR_PRICES:
        organization = refs.organizations[f.organization] if f.organization else None
        network = refs.networks[f.network] if f.network else None
        territory = refs.territories[f.territory]
        await ensure(
            FairPrice,
            {"search_key": search_key(f.product_name), "territory": territory,
             "organization_id": organization and organization.id, "network_id": network and network.id},
            product_name=f.product_name, price=f.price, currency=territory.currency, unit=f.unit,
            producer_share=f.producer_share, transport=f.transport, solidarity_fund=f.solidarity_fund,
            other_costs=f.other_costs, valid_from=refs.day(FAIR_PRICE_VALID_FROM_DAY),
            valid_until=refs.day(FAIR_PRICE_VALID_UNTIL_DAY),
        )
    # Thousands of rows: written at once, and only when no demo series is there yet.
    if not await PriceObservation.filter(source_detail__startswith=DEMO_SOURCE_PREFIX).exists():
        await PriceObservation.bulk_create(daily_observations(refs.today, refs.territories), batch_size=1000)
