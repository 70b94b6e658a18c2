"""What Feria keeps about a person, and forgetting them: their things go, the group's accounts stay to the cent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from market.enums import GroupMemberStatus, GroupRole, MemberRole, OrderStatus, SubscriptionKind
from market.errors import Conflict
from market.models import (
    CartItem,
    ChatState,
    GroupMember,
    InboxUpdate,
    LedgerEntry,
    Member,
    MemberOrderRow,
    Notification,
    Order,
    Person,
    Subscription,
)
from market.services.alerts.subscriptions import AddSubscription, add_subscription
from market.services.groups.accounts import get_group_accounts
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.queries import pickup_list
from market.services.groups.rounds.settlement import record_payment
from market.services.groups.rounds.setup import OpenRound, open_round
from market.services.messaging.chats import set_awaiting
from market.services.messaging.inbox import store_update
from market.services.messaging.notifications import enqueue_notification
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.status import advance_order
from market.services.people.privacy import forget_person, what_we_keep
from market.services.people.profile import register_person
from tests.market.services.round_world import CLOSES, OPENED, make_round_world

D = Decimal
CLOSED_AT = OPENED + timedelta(hours=1)
NOW = OPENED + timedelta(hours=2)
ROSA_TG, BETO_TG = 5000, 5001  # make_round_world gives members Telegram ids from 5000, in order


async def _world():
    """Rosa and Beto ordered in a closed round (Rosa paid 10.00), and Rosa has a line in a second, open round.

    Each of them also has a cart, an alert, a direct order, a notification owed, a chat state and an update.
    """
    world = await make_round_world(("Rosa", "Beto"))
    for i, name in enumerate(("Rosa", "Beto")):
        await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members[name], quantity=3,
                             tolerance=0, now=OPENED + timedelta(minutes=i))
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=CLOSED_AT)
    await record_payment(world.round_id, member_person_id=world.members["Rosa"], amount=D("10.00"),
                         by_person_id=world.coordinator_id)
    second = await open_round(OpenRound(world.group_id, closes_at=CLOSES + timedelta(days=7),
                                        offer_ids=tuple(world.shop.offers.values())),
                              by_person_id=world.coordinator_id, now=NOW)
    lechuga = next(o.id for o in second.offers if o.offer_id == world.shop.offers["Lechuga"])
    await set_order_line(second.id, lechuga, person_id=world.members["Rosa"], quantity=2, tolerance=0, now=NOW)
    for name, tg in (("Rosa", ROSA_TG), ("Beto", BETO_TG)):
        person = world.members[name]
        await add_to_cart(person, world.shop.offers["Café"], D("1"))
        await place_orders(person, idempotency_key=f"k-{name}", pickup=False, delivery_note=f"Calle de {name} 12")
        await add_to_cart(person, world.shop.offers["Lechuga"], D("1"))
        await add_subscription(AddSubscription(SubscriptionKind.NEW_STOCK, product="tomate"), person_id=person)
        await enqueue_notification(chat_id=tg, template="round_reminder", person_id=person)
        await set_awaiting(tg, "alert_product", {"draft": name}, person_id=person)
        await store_update(tg * 10, {"message": {"from": {"id": tg, "first_name": name}}}, chat_id=tg)
    return world, second.id


async def _group_money(world):
    """Every amount of the group's ledger, by entry: what must not move by a cent."""
    return dict(await LedgerEntry.filter(group_id=world.group_id).values_list("id", "amount"))


async def test_what_we_keep_lists_the_persons_things_and_nobody_elses(db):
    world, _ = await _world()

    data = await what_we_keep(world.members["Rosa"])

    assert (data.profile.name, data.profile.telegram_user_id) == ("Rosa", ROSA_TG)
    assert [(g.name, g.role) for g in data.groups] == [("Grupo Equipetrol", GroupRole.MEMBER)]
    assert data.orders == 1 and data.last_orders[0].organization_name == "OECA Valles de Comarapa"
    assert (data.cart_items, data.alerts, data.inbox_updates) == (1, 1, 1)
    # Hers only: the reminders, bill and the one enqueued here, not Beto's.
    assert data.pending_notifications == await Notification.filter(person_id=world.members["Rosa"]).count() > 1
    assert (data.round_lines, data.open_round_lines) == (2, 1)
    [ledger] = data.ledger
    assert (ledger.group_name, ledger.currency, ledger.entries) == ("Grupo Equipetrol", "BOB", 2)
    assert ledger.total == D("10.00") - D("22.50")  # paid 10, billed 3 kg of Tomate at 7.50
    assert data.organizations == () and data.review_signatures == 0


async def test_forgetting_erases_their_things_and_keeps_the_groups_money_to_the_cent(db):
    world, second_round = await _world()
    rosa, beto = world.members["Rosa"], world.members["Beto"]
    money_before = await _group_money(world)
    balances_before = (await get_group_accounts(world.group_id, viewer_person_id=world.coordinator_id)).balances

    result = await forget_person(rosa, now=NOW)

    assert (result.already_forgotten, result.groups_left, result.lines_removed) == (False, 1, 1)
    row = await Person.get(id=rosa)
    assert (row.name, row.username, row.telegram_user_id, row.forgotten_at) == ("", None, None, NOW)
    for model, field in ((CartItem, "person_id"), (Subscription, "person_id"), (Notification, "person_id"),
                         (ChatState, "person_id")):
        assert not await model.filter(**{field: rosa}).exists(), model.__name__
        assert await model.filter(**{field: beto}).exists(), model.__name__
    assert not await ChatState.filter(chat_id=ROSA_TG).exists()
    assert not await InboxUpdate.filter(chat_id=ROSA_TG).exists()
    assert await InboxUpdate.filter(update_id=ROSA_TG * 10).values_list("chat_id", "payload") == [(None, {})]
    assert await InboxUpdate.filter(chat_id=BETO_TG).values_list("payload", flat=True) != [{}]
    assert not await MemberOrderRow.filter(member__person_id=rosa, round_offer__round_id=second_round).exists()
    assert await MemberOrderRow.filter(member__person_id=rosa, round_offer__round_id=world.round_id).exists()
    assert await GroupMember.filter(person_id=rosa).values_list("status", flat=True) == [GroupMemberStatus.LEFT]
    order_id = await Order.filter(consumer_id=rosa).first().values_list("id", flat=True)
    confirmed = await advance_order(order_id, by_person_id=world.shop.admin_id, to=OrderStatus.CONFIRMED)
    assert (confirmed.consumer_name, confirmed.delivery_note) == ("", "Calle de Rosa 12")  # still to deliver
    assert await _group_money(world) == money_before
    accounts = await get_group_accounts(world.group_id, viewer_person_id=world.coordinator_id)
    assert accounts.balances == balances_before
    assert [p.member_name for p in accounts.payments] == [""]  # the bot shows "Former member"
    assert "" in {m.name for m in accounts.member_balances} and "Rosa" not in str(accounts)
    listing = await pickup_list(world.round_id, by_person_id=world.coordinator_id)
    assert sorted(m.name for m in listing.members) == ["", "Beto"]
    assert (await what_we_keep(beto)).cart_items == 1


async def test_the_same_telegram_user_coming_back_is_a_new_person(db):
    world, _ = await _world()
    await forget_person(world.members["Rosa"], now=NOW)

    again = await register_person(ROSA_TG, "Rosa", None, "es")

    assert again.id != world.members["Rosa"]
    data = await what_we_keep(again.id)
    assert (data.groups, data.orders, data.cart_items, data.ledger) == ((), 0, 0, ())


async def test_the_last_coordinator_is_refused_and_nothing_changes(db):
    world, _ = await _world()
    carmen, other = world.coordinator_id, world.second_coordinator_id
    await GroupMember.filter(person_id=other).update(role=GroupRole.MEMBER)
    await add_subscription(AddSubscription(SubscriptionKind.NEW_STOCK, product="papa"), person_id=carmen)

    with pytest.raises(Conflict) as refused:
        await forget_person(carmen, now=NOW)

    assert (refused.value.code, refused.value.params) == ("forget_last_coordinator", {"group": "Grupo Equipetrol"})
    assert (await Person.get(id=carmen)).forgotten_at is None
    assert await Subscription.filter(person_id=carmen).exists()
    assert await GroupMember.filter(person_id=carmen, status=GroupMemberStatus.ACTIVE).exists()


async def test_the_last_admin_of_an_organization_is_refused(db):
    world, _ = await _world()

    with pytest.raises(Conflict) as refused:
        await forget_person(world.shop.admin_id, now=NOW)

    assert refused.value.code == "forget_last_admin"
    assert await Member.filter(person_id=world.shop.admin_id, role=MemberRole.ADMIN).exists()


async def test_forgetting_twice_is_harmless(db):
    world, _ = await _world()
    await forget_person(world.members["Rosa"], now=NOW)
    money = await _group_money(world)

    again = await forget_person(world.members["Rosa"], now=NOW + timedelta(days=1))

    assert again.already_forgotten
    assert (await Person.get(id=world.members["Rosa"])).forgotten_at == NOW
    assert await _group_money(world) == money
