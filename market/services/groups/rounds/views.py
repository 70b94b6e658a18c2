"""An order round and its offers as every round module and screen reads them, and who coordinates it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from market.enums import GroupMemberStatus, GroupRole, RoundStatus
from market.errors import NotFound
from market.models import GroupMember, OrderRound, RoundOffer
from market.orm import Row
from market.rules.rounds import unit_prices

PICKUP_POINT_LIMIT = 500
# What round_offer_view reads of a RoundOffer, in values() queries.
OFFER_FIELDS = (
    "id", "offer_id", "price", "currency", "fund_rate", "fund_inside", "unit", "order_unit_quantity", "pack_size",
    "offer__product__name", "offer__product__organization_id",
)


@dataclass(frozen=True)
class RoundOfferView:
    """An offer as the round froze it; prices are per order unit (`order_unit_quantity` of `unit`), priced by
    `market.rules.rounds.unit_prices` (the fund inside the member price, as in the cart, unless the round is older)."""

    id: int
    offer_id: int
    organization_id: int
    product_name: str
    unit: str
    order_unit_quantity: Decimal
    pack_size: int
    currency: str
    producer_price: Decimal
    member_price: Decimal
    fund_rate: Decimal


@dataclass(frozen=True)
class RoundView:
    id: int
    number: int  # in its group: what people call it ("#2"); `id` names it in links and buttons
    group_id: int
    status: RoundStatus
    opens_at: datetime
    closes_at: datetime
    pickup_point: str
    pickup_on: date | None
    offers: tuple[RoundOfferView, ...]


async def get_round(round_id: int) -> RoundView:
    """A round with its frozen offers."""
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    offers = await RoundOffer.filter(round_id=round_id).order_by("id").values(*OFFER_FIELDS)
    return RoundView(
        id=order_round.id, number=order_round.number, group_id=order_round.group_id, status=RoundStatus(order_round.status),
        opens_at=order_round.opens_at, closes_at=order_round.closes_at, pickup_point=order_round.pickup_point,
        pickup_on=order_round.pickup_on, offers=tuple(round_offer_view(o) for o in offers),
    )


def round_offer_view(o: Row) -> RoundOfferView:
    """Build the view from a values(*OFFER_FIELDS) row of RoundOffer."""
    producer, member = unit_prices(
        Decimal(o["price"]), Decimal(o["order_unit_quantity"]), Decimal(o["fund_rate"]), o["currency"],
        bool(o["fund_inside"]),
    )
    return RoundOfferView(
        id=o["id"], offer_id=o["offer_id"], organization_id=o["offer__product__organization_id"],
        product_name=o["offer__product__name"], unit=o["unit"], order_unit_quantity=Decimal(o["order_unit_quantity"]),
        pack_size=o["pack_size"], currency=o["currency"], producer_price=producer,
        member_price=member, fund_rate=Decimal(o["fund_rate"]),
    )


async def is_coordinator(group_id: int, person_id: int) -> bool:
    return await GroupMember.filter(
        group_id=group_id, person_id=person_id, role=GroupRole.COORDINATOR, status=GroupMemberStatus.ACTIVE
    ).exists()
