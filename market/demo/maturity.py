"""The demo's evidence of maturity: what its admins declared and a sale each, for the organizations built past the
embryonic level, and the member register of those built consolidated (each member's own entry, declared a few
months ago: the demo's consolidated organizations are women's); then the level each reaches by the rule
(market.rules.maturity), recorded as a change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from market.demo.organizations import ORGANIZATIONS
from market.demo.rows import Refs, ensure, local_time
from market.enums import DeclarationKind, Gender, LedgerAccount, LedgerKind, Maturity, OrderStatus
from market.models import LedgerEntry, MaturityDeclaration, Member, MemberEntry, Offer, Order, OrderLine, Product
from market.services.organizations.maturity import recompute_all

CONSUMER = "carmen"  # who bought from each of them a month ago
# Days from the seed's day: statutes long ago; an assembly and the contributions within the year.
DECLARED = {DeclarationKind.STATUTES: -3650, DeclarationKind.ASSEMBLY: -60, DeclarationKind.CONTRIBUTIONS: -90}
SOLD_DAY = -30
REGISTER_DAY = -100  # when the consolidated organizations' members last updated their entries


async def seed_maturity(refs: Refs) -> None:
    for o in ORGANIZATIONS:
        if o.maturity == Maturity.EMBRYONIC:
            continue
        kinds = list(DeclarationKind) if o.maturity == Maturity.CONSOLIDATED else [DeclarationKind.STATUTES]
        organization, admin, zone = refs.organizations[o.slug], refs.people[o.admin], refs.time_zones[o.slug]
        for kind in kinds:
            await ensure(MaturityDeclaration, {"organization": organization, "kind": kind},
                         happened_on=refs.day(DECLARED[kind]), declared_by=admin,
                         declared_at=local_time(refs.day(SOLD_DAY), 19, zone))
        await _sale(refs, o.slug, local_time(refs.day(SOLD_DAY), 11, zone))
        if o.maturity == Maturity.CONSOLIDATED:
            await _register(refs, o.slug, local_time(refs.day(REGISTER_DAY), 18, zone))
    await recompute_all(local_time(refs.today, 12, "UTC"))


async def _sale(refs: Refs, slug: str, at: dt.datetime) -> None:
    """One delivered and paid order of a unit of its first product (the demo's evidence of a market)."""
    offer = await Offer.filter(product__organization_id=refs.organizations[slug].id).order_by("id").select_related(
        "product").first()
    if offer is None or await Order.exists(idempotency_key=f"demo-sale-{slug}"):
        return
    fund = (offer.price * refs.organizations[slug].solidarity_fund_rate).quantize(Decimal("0.01"))
    order = await Order.create(
        consumer=refs.people[CONSUMER], organization=refs.organizations[slug], status=OrderStatus.DELIVERED,
        currency=offer.currency, total=offer.price, fund_total=fund, idempotency_key=f"demo-sale-{slug}", paid_at=at)
    await OrderLine.create(order=order, offer=offer, product_name=offer.product.name, quantity=Decimal(1),
                           unit=offer.unit, unit_price=offer.price, amount=offer.price, fund_amount=fund)
    if fund > 0:  # paid: its share went to the fund, in the ledger, as market.services.orders.status records it
        await LedgerEntry.create(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                                 organization=refs.organizations[slug], order=order, amount=fund,
                                 currency=offer.currency, idempotency_key=f"order:{order.id}:fund")


async def _register(refs: Refs, slug: str, at: dt.datetime) -> None:
    """Each approved member's own entry: what they grow (the organization's first product), family, gender."""
    organization = refs.organizations[slug]
    product = await Product.filter(organization_id=organization.id).order_by("id").first()
    production = [{"product": product.name, "quantity": "200", "unit": "kg", "season": "todo el año"}] if product else []
    for i, member in enumerate(await Member.filter(organization_id=organization.id).order_by("id")):
        await ensure(MemberEntry, {"member": member}, community_id=organization.territory_id, community_name="",
                     production=production, family_size=3 + i % 4, gender=Gender.WOMAN, updated_at=at)
