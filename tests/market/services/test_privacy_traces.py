"""After /misdatos, no table keeps the person: every column of every table is searched for what named her."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from market.enums import InboxStatus, OrderStatus, SubscriptionKind
from market.models import GroupMember, InboxUpdate, Person
from market.services.alerts.subscriptions import AddSubscription, add_subscription
from market.services.catalog.demand import record_search_miss
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.messaging.chats import set_awaiting
from market.services.messaging.inbox import store_update
from market.services.messaging.notifications import enqueue_notification
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.status import advance_order, refuse_order
from market.services.people.privacy import forget_person
from tests.market.services.round_world import OPENED, make_round_world
from tests.market.services.shop import make_person
from tests.support.traces import traces

GABRIELA_TG = 987_654_321
PHONE = "71234567"
NOTE = "Av Banzer 44, cel 71234567"
TYPED = "hola buenas tardes, mañana llevo lo de siempre"
WHAT_NAMES_HER = {"words": ("Gabriela", "Roca", "gabyroca", PHONE, "Banzer", "llevo lo de siempre"),
                  "numbers": (GABRIELA_TG,)}
NOW = OPENED + timedelta(hours=2)


async def _gabriela_everywhere():
    """Gabriela in a group (a closed round, billed), with two orders to deliver, a cart, an alert, a search,
    a notification owed, a draft in her chat and updates in the inbox, one processed and one waiting."""
    world = await make_round_world(("Beto",))
    gabriela = await make_person("Gabriela Roca", telegram_user_id=GABRIELA_TG)
    await Person.filter(id=gabriela).update(username="gabyroca", phone=PHONE, territory_id=world.shop.territory_id)
    await GroupMember.create(group_id=world.group_id, person_id=gabriela)
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=gabriela, quantity=3, tolerance=0,
                         now=OPENED)
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=OPENED + timedelta(hours=1))
    orders = []
    for key in ("one", "two"):
        await add_to_cart(gabriela, world.shop.offers["Café"], Decimal(1))
        (placed,) = await place_orders(gabriela, idempotency_key=key, pickup=False, delivery_note=NOTE)
        orders.append(placed.id)
    await add_to_cart(gabriela, world.shop.offers["Lechuga"], Decimal(1))
    await add_subscription(AddSubscription(SubscriptionKind.NEW_STOCK, product="tomate"), person_id=gabriela)
    await record_search_miss("achachairu", channel="bot", person_id=gabriela)
    await enqueue_notification(chat_id=GABRIELA_TG, template="round_reminder", person_id=gabriela)
    await set_awaiting(GABRIELA_TG, "search", {"search": TYPED}, person_id=gabriela)
    sender = {"id": GABRIELA_TG, "first_name": "Gabriela", "last_name": "Roca", "username": "gabyroca"}
    for update_id in (1, 2):
        message = {"from": sender, "chat": {"id": GABRIELA_TG, "type": "private"}, "text": TYPED}
        await store_update(update_id, {"update_id": update_id, "message": message}, chat_id=GABRIELA_TG)
    await InboxUpdate.filter(update_id=1).update(status=InboxStatus.DONE, payload={}, processed_at=NOW)
    return world, gabriela, orders


async def test_before_forgetting_she_shows_in_many_tables(db):
    await _gabriela_everywhere()

    found = {(t.table, t.column) for t in await traces(**WHAT_NAMES_HER)}

    assert {("person", "name"), ("person", "phone"), ("person", "telegram_user_id"), ("order", "delivery_note"),
            ("inbox_update", "chat_id"), ("inbox_update", "payload"), ("chat_state", "data"),
            ("notification", "chat_id")} <= found


async def test_after_forgetting_only_the_notes_of_orders_still_to_deliver_remain_and_they_go_as_the_orders_end(db):
    world, gabriela, (delivered, refused) = await _gabriela_everywhere()

    await forget_person(gabriela, now=NOW)
    left = await traces(**WHAT_NAMES_HER)
    for status in (OrderStatus.CONFIRMED, OrderStatus.READY, OrderStatus.DELIVERED):
        await advance_order(delivered, by_person_id=world.shop.admin_id, to=status)
    halfway = await traces(**WHAT_NAMES_HER)
    await refuse_order(refused, by_person_id=world.shop.admin_id, reason="Sin stock de café")

    assert sorted((t.table, t.column, t.row_id) for t in left) == [
        ("order", "delivery_note", delivered), ("order", "delivery_note", refused),
    ]
    assert [(t.table, t.row_id) for t in halfway] == [("order", refused)]
    assert await traces(**WHAT_NAMES_HER) == []
