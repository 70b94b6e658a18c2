"""Seed the demo network in one transaction, creating only what is not there yet, and keep it alive.

Every row is looked up by its natural key (a territory's code, an organization's slug, a
person's Telegram id, a product's organization and search key) and created only when
missing; rows already there are left as they are, even if someone edited them since. A
failure anywhere rolls the whole seed back.

A demo seeded weeks ago would show a dead network: rounds past their close, fair prices
ended, no price this fortnight. So a later run also moves the demo forward to its day:

| what                                  | when                                   | the run                                   |
|---------------------------------------|----------------------------------------|-------------------------------------------|
| a demo group's round                  | the group has no open round            | opens the demo's round as of today        |
| the demo's open round (DemoRow)       | its closing time has passed            | moves it, its orders and pickup to today  |
| a demo fair price (DemoRow)           | it ended before today                  | moves its validity to today's             |
| the demo's market prices              | days missing up to today               | adds those days (at most the last 90)     |

Rows people made (a round a coordinator opened, a price they recorded) are never in DemoRow
nor under the demo's source prefix, so they are never moved. A second run on the same day writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from market import clock
from market.demo.data import DEMO_SOURCE_PREFIX, GroupSpec, NetworkSpec, ReviewSpec, RoundSpec, SealSpec
from market.demo.funds import seed_funds
from market.demo.groups import GROUPS
from market.demo.maturity import seed_maturity
from market.demo.organizations import CATEGORIES, ORGANIZATIONS
from market.demo.payments import seed_payment_methods
from market.demo.people import OPERATORS, PEOPLE
from market.demo.places import ISO_CODES, TERRITORIES, UNIT_CONVERSIONS
from market.demo.prices import DAYS, FAIR_PRICE_VALID_FROM_DAY, FAIR_PRICE_VALID_UNTIL_DAY, FAIR_PRICES
from market.demo.products import PRODUCTS
from market.demo.rows import URL_SAFE, Refs, demo_code, ensure, is_demo_row, local_time, mark_demo_row
from market.demo.seals import NETWORKS, SEALS
from market.demo.series import daily_observations
from market.enums import (
    BoardRole,
    GroupRole,
    Maturity,
    MemberRole,
    MembershipStatus,
    OfferStatus,
    RoundStatus,
)
from market.models import (
    BoardRecord,
    Category,
    DemoRow,
    FairPrice,
    GroupMember,
    Lot,
    Member,
    MemberOrderRow,
    Offer,
    Operator,
    OrderRound,
    Organization,
    PaymentMethod,
    PeerReview,
    PeerReviewProduct,
    PeerReviewSignature,
    Person,
    PgsChecklist,
    PgsNetwork,
    PgsNorm,
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
from market.seal_codes import ALPHABET as SEAL_ALPHABET
from market.seal_codes import LENGTH as SEAL_CODE_LENGTH
from market.services.catalog.version import bump_catalog_version
from market.services.groups.rounds.setup import next_round_number
from market.text import search_key

# The models the demo writes, in the order the counts are reported.
SEEDED_MODELS = (
    Territory, UnitConversion, Person, Organization, Member, BoardRecord, Category, Product, Offer,
    PgsNetwork, PgsReviewer, PgsChecklist, PgsNorm, Seal, SealProduct, PeerReview, PeerReviewProduct, PeerReviewSignature, SealEvent,
    PurchasingGroup, GroupMember, OrderRound, RoundOffer, MemberOrderRow, PriceObservation, FairPrice, DemoRow,
    Operator, PaymentMethod,
)


async def seed_demo(today: dt.date | None = None) -> dict[str, int]:
    """Write the demo network as of `today` (default: the clock's today in UTC), or move the demo forward to it;
    return how many rows each model now has."""
    refs = Refs(today or clock.today())
    # in_transaction puts its connection in the ORM's context: every query below runs in it.
    async with in_transaction():
        await _seed_places(refs)
        await _seed_organizations(refs)
        await seed_payment_methods(refs)
        for handle in OPERATORS:  # named by nobody, as the command line names the first operator
            await ensure(Operator, {"person": refs.people[handle.handle]})
        await _seed_catalog(refs)
        await _seed_seals(refs)
        await _seed_groups(refs)
        await _seed_prices(refs)
        await seed_maturity(refs)
        await seed_funds(refs)
        await bump_catalog_version()
        return {model.__name__: await model.all().count() for model in SEEDED_MODELS}


async def _seed_places(refs: Refs) -> None:
    for t in TERRITORIES:
        refs.territories[t.code] = await ensure(
            Territory, {"code": t.code},
            name=t.name, level=t.level, parent=refs.territories.get(t.parent) if t.parent is not None else None,
            country_code=t.country_code, iso_code=ISO_CODES.get(t.code),
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
            name=o.name, legal_form=o.legal_form, maturity=Maturity.EMBRYONIC,
            territory=refs.territories[o.territory],
            solidarity_fund_rate=o.solidarity_fund_rate, description=o.description, tax_number=o.tax_number,
            pickup_point=o.pickup_point, status=o.status,
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
        # The admin presides since the board was elected; a board changed since (in the demo's chats) stays so.
        if not await BoardRecord.exists(organization=organization):
            elected_on = refs.day(o.board_elected_day) or refs.today
            await BoardRecord.create(organization=organization, person=refs.people[o.admin], role=BoardRole.PRESIDENT,
                                     started_at=local_time(elected_on, 18, refs.time_zones[o.slug]))


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
            content_quantity=p.content[0] if p.content else None, content_unit=p.content[1] if p.content else None,
        )
        # The stock is the organization's own lot (market.models.lots): made with the offer, kept after.
        await ensure(Lot, {"own_key": refs.offers[key].id}, offer_id=refs.offers[key].id,
                     stock=refs.offers[key].stock, stocked_since=refs.offers[key].created_at)


async def _seed_seals(refs: Refs) -> None:
    for n in NETWORKS:
        network = await ensure(
            PgsNetwork, {"slug": n.slug},
            name=n.name, territory=refs.territories[n.territory], description=n.description, status=n.status,
            proposed_by=refs.people[n.proposed_by] if n.proposed_by else None, norms=n.norms,
        )
        if n.norms and not network.norms:  # seeded before networks kept their norms document
            await PgsNetwork.filter(id=network.id).update(norms=n.norms)
        refs.networks[n.slug] = network
        for r in n.reviewers:
            values = {"role": r.role, "organization": refs.organizations[r.organization] if r.organization else None,
                      "committee": r.committee, "named_publicly": r.named_publicly}
            reviewer = await ensure(PgsReviewer, {"network": network, "person": refs.people[r.handle]}, **values)
            if reviewer.role is None:  # seeded before reviewers had roles: given theirs now
                await PgsReviewer.filter(id=reviewer.id).update(**values)
        if n.checklist and not await PgsChecklist.exists(network=network):
            await _write_checklist(refs, network, n)
    for s in SEALS:
        network, organization = refs.networks[s.network], refs.organizations[s.organization]
        # One seal per network and organization in the demo: that pair is its natural key. A
        # seal found keeps the history it has (its reviews are dated from an earlier day).
        if not await Seal.filter(network=network, organization=organization, producer_id=None).exists():
            await _create_seal(refs, network, organization, s)


async def _write_checklist(refs: Refs, network: PgsNetwork, n: NetworkSpec) -> None:
    """Version 1 of the network's checklist, by the first member of its committee."""
    author = next(r.handle for r in n.reviewers if r.committee)
    checklist = await PgsChecklist.create(network=network, version=1, created_by=refs.people[author])
    await PgsNorm.bulk_create([PgsNorm(checklist=checklist, position=position, text=text)
                               for position, text in enumerate(n.checklist, start=1)])


async def _create_seal(refs: Refs, network: PgsNetwork, organization: Organization, s: SealSpec) -> None:
    seal = await Seal.create(
        code=demo_code(SEAL_ALPHABET, SEAL_CODE_LENGTH, "seal", network.slug, organization.slug),
        network=network, organization=organization, status=s.status,
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
            PurchasingGroup, {"slug": g.slug}, name=g.name, territory=territory, pickup_point=g.pickup_point,
            # 12 characters, as the 9 random bytes of a group's own code are written.
            invite_code=demo_code(URL_SAFE, 12, "group", g.slug),
        )
        members = {}
        for handles, role in ((g.coordinators, GroupRole.COORDINATOR), (g.members, GroupRole.MEMBER)):
            for handle in handles:
                members[handle] = await ensure(GroupMember, {"group": group, "person": refs.people[handle]}, role=role)
        open_rounds = await OrderRound.filter(group=group, status=RoundStatus.OPEN)
        if not open_rounds:  # a group with an open round (the demo's, or one opened since) gets no other
            await _open_round(refs, group, territory.time_zone, members, g)
        for order_round in open_rounds:
            if order_round.closes_at <= clock.now() and await is_demo_row(order_round):
                await _move_round(refs, order_round, territory.time_zone, g)


def _pickup_on(refs: Refs, r: RoundSpec) -> dt.date:
    """The first of the group's usual weekdays after the round closes (the pickup point names that day)."""
    day = refs.day(r.closes_day) + dt.timedelta(days=1)
    return day + dt.timedelta(days=(r.pickup_weekday - day.weekday()) % 7)


async def _open_round(
    refs: Refs, group: PurchasingGroup, time_zone: str, members: dict[str, GroupMember], g: GroupSpec
) -> None:
    r = g.round
    opens_at = local_time(refs.day(r.opens_day), r.opens_hour, time_zone)
    order_round = await OrderRound.create(
        group=group, number=await next_round_number(group.id), status=RoundStatus.OPEN, opens_at=opens_at,
        closes_at=local_time(refs.day(r.closes_day), r.closes_hour, time_zone),
        pickup_point=g.pickup_point, pickup_on=_pickup_on(refs, r), created_by=refs.people[g.coordinators[0]],
    )
    await mark_demo_row(order_round)
    await PurchasingGroup.filter(id=group.id).update(pickup_weekday=r.pickup_weekday)
    round_offers = {}
    for slug, name in r.offers:
        offer = refs.offers[slug, search_key(name)]
        # Price, pack and fund share are frozen as they are when the round opens.
        round_offers[slug, search_key(name)] = await RoundOffer.create(
            round=order_round, offer=offer, price=offer.price, currency=offer.currency,
            fund_rate=refs.organizations[slug].solidarity_fund_rate, unit=offer.unit,
            order_unit_quantity=offer.order_unit_quantity, pack_size=offer.pack_size, fund_inside=True,
        )
    await MemberOrderRow.bulk_create([
        MemberOrderRow(
            round_offer=round_offers[o.organization, search_key(o.product)], member=members[o.member],
            quantity=o.quantity, tolerance=o.tolerance, at=opens_at + dt.timedelta(hours=o.hours_after_opening),
        )
        for o in r.orders
    ])


async def _move_round(refs: Refs, order_round: OrderRound, time_zone: str, g: GroupSpec) -> None:
    """The demo's round, past its close and never closed, opened again as of today: its orders keep
    their order (each moves by as much as the opening) and nobody's order is lost."""
    r = g.round
    opens_at = local_time(refs.day(r.opens_day), r.opens_hour, time_zone)
    if opens_at <= order_round.opens_at:
        return
    moved_by = opens_at - order_round.opens_at
    await OrderRound.filter(id=order_round.id).update(
        opens_at=opens_at, closes_at=local_time(refs.day(r.closes_day), r.closes_hour, time_zone),
        pickup_on=_pickup_on(refs, r),
    )
    rows = await MemberOrderRow.filter(round_offer__round_id=order_round.id)
    for row in rows:
        row.at += moved_by
    if rows:
        await MemberOrderRow.bulk_update(rows, fields=["at"])


async def _seed_prices(refs: Refs) -> None:
    valid_from, valid_until = refs.day(FAIR_PRICE_VALID_FROM_DAY), refs.day(FAIR_PRICE_VALID_UNTIL_DAY)
    for f in FAIR_PRICES:
        organization = refs.organizations[f.organization] if f.organization else None
        network = refs.networks[f.network] if f.network else None
        territory = refs.territories[f.territory]
        lookup: dict[str, Any] = {"search_key": search_key(f.product_name), "territory": territory,
                  "organization_id": organization and organization.id, "network_id": network and network.id}
        fair = await FairPrice.filter(**lookup).first()
        if fair is None:
            fair = await FairPrice.create(
                **lookup, product_name=f.product_name, price=f.price, currency=territory.currency, unit=f.unit,
                producer_share=f.producer_share, transport=f.transport, solidarity_fund=f.solidarity_fund,
                other_costs=f.other_costs, valid_from=valid_from, valid_until=valid_until,
            )
            await mark_demo_row(fair)
        elif fair.valid_until is not None and fair.valid_until < refs.today and await is_demo_row(fair):
            await FairPrice.filter(id=fair.id).update(valid_from=valid_from, valid_until=valid_until)
    await PriceObservation.bulk_create(
        daily_observations(await _days_without_demo_prices(refs.today), refs.territories), batch_size=1000
    )


async def _days_without_demo_prices(today: dt.date) -> list[dt.date]:
    """The days after the demo's last market prices, up to `today`; the last DAYS days when there are none."""
    first = today - dt.timedelta(days=DAYS - 1)
    last = await PriceObservation.filter(source_detail__startswith=DEMO_SOURCE_PREFIX).order_by("-observed_at").first()
    if last is not None:
        # The demo's markets report between 9:00 and 12:00 in the Americas: the same date in UTC.
        first = max(first, last.observed_at.date() + dt.timedelta(days=1))
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
