"""A purchasing group with an open round on a shop's offers, for the round service tests.

    world = await make_round_world(("A", "B", "C"))   # Tomate: pack of 3 kg, 7.50 a kg (7.12 + 0.38 fund)
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members["A"], quantity=3, tolerance=2)

Members get Telegram ids from 5000 on, in the order given; the coordinators are Carmen and Ana.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from market.enums import GroupRole
from market.models import GroupMember, Lot, Offer, PurchasingGroup
from market.services.groups.rounds.setup import OpenRound, open_round
from tests.market.services.shop import Shop, make_person, make_shop

OPENED = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
CLOSES = OPENED + timedelta(days=3)
# (name, unit, price, stock)
PRODUCTS = (("Tomate", "kg", "7.50", "100"), ("Lechuga", "unit", "4.00", "100"), ("Café", "kg", "95.00", "50"))
# name → (order unit quantity, pack size)
PACKS = {"Tomate": ("1", 3), "Lechuga": ("1", 1), "Café": ("0.5", 4)}


@dataclass(frozen=True)
class RoundWorld:
    shop: Shop
    group_id: int
    coordinator_id: int
    second_coordinator_id: int
    members: dict[str, int]  # person id by name
    member_ids: dict[str, int]  # GroupMember id by name
    round_id: int
    offers: dict[str, int]  # round offer id by product name


async def make_round_world(names: tuple[str, ...] = ("A", "B", "C"), *, stock: dict[str, str] | None = None) -> RoundWorld:
    shop = await make_shop(products=PRODUCTS)
    for product, (unit_quantity, pack_size) in PACKS.items():
        values = {"order_unit_quantity": unit_quantity, "pack_size": pack_size}
        if stock and product in stock:
            values["stock"] = stock[product]
        await Offer.filter(id=shop.offers[product]).update(**values)
        if "stock" in values:  # the shop's own lot holds it all: offer.stock == its lots' sum
            await Lot.filter(own_key=shop.offers[product]).update(stock=values["stock"])
    group = await PurchasingGroup.create(
        slug="grupo-equipetrol", name="Grupo Equipetrol", territory_id=shop.territory_id,
        pickup_point="Casa comunal de Equipetrol",
    )
    coordinators = [await make_person(n, telegram_user_id=4000 + i) for i, n in enumerate(("Carmen", "Ana"), 1)]
    for person_id in coordinators:
        await GroupMember.create(group=group, person_id=person_id, role=GroupRole.COORDINATOR)
    members, member_ids = {}, {}
    for i, name in enumerate(names):
        members[name] = await make_person(name, telegram_user_id=5000 + i)
        member_ids[name] = (await GroupMember.create(group=group, person_id=members[name])).id
    view = await open_round(
        OpenRound(group.id, closes_at=CLOSES, offer_ids=tuple(shop.offers.values())), by_person_id=coordinators[0],
        now=OPENED,
    )
    by_offer = {o.offer_id: o.id for o in view.offers}
    return RoundWorld(
        shop=shop, group_id=group.id, coordinator_id=coordinators[0], second_coordinator_id=coordinators[1],
        members=members, member_ids=member_ids, round_id=view.id,
        offers={name: by_offer[offer_id] for name, offer_id in shop.offers.items()},
    )
