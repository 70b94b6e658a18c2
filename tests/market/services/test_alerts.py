"""Alerts: what a change owes the people who follow it, grouped, delayed by quiet hours, in the same transaction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MarketLevel, NetworkStatus, PriceSource, SealStatus, SubscriptionKind, TerritoryLevel
from market.errors import Forbidden, Invalid, NotFound
from market.models import Category, FairEvent, Notification, Person, PgsNetwork, PriceObservation, Seal, Territory
from market.rules.alerts import alert_due_at
from market.services.alerts.fanout import owe_price_observation_alerts, owe_seal_expiry_alerts
from market.services.alerts.subscriptions import (
    AddSubscription,
    add_subscription,
    alert_territories,
    list_subscriptions,
    mute_alerts,
    remove_subscription,
    set_quiet_hours,
    unmute_alerts,
)
from market.services.prices.fairs import AnnounceFair, announce_fair
from market.services.stock.offers import update_offer
from market.services.stock.publishing import PublishItem, publish_stock
from market.stock_messages import StockLine
from tests.market.services.shop import make_person

NEW_STOCK, PRICE_BELOW, FAIR = SubscriptionKind.NEW_STOCK, SubscriptionKind.PRICE_BELOW, SubscriptionKind.FAIR_EVENT
LA_PAZ = "America/La_Paz"  # UTC-4


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("now, muted, quiet, expected", [
    (utc(2026, 11, 21, 15), None, None, utc(2026, 11, 21, 15)),
    (utc(2026, 11, 21, 15), utc(2026, 11, 21, 23), None, utc(2026, 11, 21, 23)),
    (utc(2026, 11, 21, 15), utc(2026, 11, 21, 10), None, utc(2026, 11, 21, 15)),
    (utc(2026, 11, 22, 3), None, (22, 6), utc(2026, 11, 22, 10)),
    (utc(2026, 11, 22, 9), None, (22, 6), utc(2026, 11, 22, 10)),
    (utc(2026, 11, 22, 11), None, (22, 6), utc(2026, 11, 22, 11)),
    (utc(2026, 11, 21, 15), None, (13, 14), utc(2026, 11, 21, 15)),
    (utc(2026, 11, 21, 17, 30), None, (13, 14), utc(2026, 11, 21, 18)),
    (utc(2026, 11, 21, 15), utc(2026, 11, 22, 3), (22, 6), utc(2026, 11, 22, 10)),
    (utc(2026, 11, 21, 15), None, (6, 6), utc(2026, 11, 21, 15)),
])
def test_an_alert_waits_out_the_mute_and_the_quiet_hours_where_the_person_is(now, muted, quiet, expected):
    quiet_from, quiet_until = (time(quiet[0]), time(quiet[1])) if quiet else (None, None)

    assert alert_due_at(now, time_zone=LA_PAZ, muted_until=muted, quiet_from=quiet_from,
                        quiet_until=quiet_until) == expected


async def alerts(person_id: int) -> list[Notification]:
    return await Notification.filter(person_id=person_id, template__startswith="alert_").order_by("id")


def line(product: str, quantity: str, unit: str = "kg", price: str | None = None, number: int = 1) -> StockLine:
    return StockLine(number, product, Decimal(quantity), unit, mode="add",
                     price=None if price is None else Decimal(price))


async def publish(shop, *lines: StockLine):
    from market.models import Product

    items = [PublishItem(ln, product_id=(await Product.get(organization_id=shop.organization_id,
                                                           name=ln.product)).id) for ln in lines]
    # by its admin: a price is the organization's (a producer may not change it, market.services.lots)
    return await publish_stock(shop.organization_id, by_person_id=shop.admin_id, items=items)


async def test_new_stock_of_a_followed_product_is_announced_plurals_aside_and_others_are_not(shop, consumer):
    await add_subscription(AddSubscription(NEW_STOCK, product="Tomates"), person_id=consumer)
    other = await make_person("Otro", telegram_user_id=502)
    await add_subscription(AddSubscription(NEW_STOCK, product="papa"), person_id=other)

    await publish(shop, line("Tomate", "5"))

    [alert] = await alerts(consumer)
    assert (alert.template, alert.chat_id, alert.priority) == ("alert_stock", 501, 8)
    assert alert.params == {"lines": [{"offer_id": shop.offers["Tomate"], "new_stock": True}]}
    assert await alerts(other) == []


async def test_a_category_or_a_territory_around_the_organization_matches_and_a_sibling_territory_does_not(shop, consumer):
    country = await Territory.create(code="bo", name="Bolivia", level=TerritoryLevel.COUNTRY, country_code="BO",
                                     currency="BOB", time_zone=LA_PAZ)
    await Territory.filter(id=shop.territory_id).update(parent_id=country.id)
    sibling = await Territory.create(code="bo-other", name="Otro municipio", level=TerritoryLevel.MUNICIPALITY,
                                     parent=country, country_code="BO", currency="BOB", time_zone=LA_PAZ)
    vegetables = await Category.get(code="vegetables")
    await add_subscription(AddSubscription(NEW_STOCK, category_id=vegetables.id, territory_id=country.id),
                           person_id=consumer)
    away = await make_person("Lejos", telegram_user_id=503)
    await add_subscription(AddSubscription(NEW_STOCK, product="lechuga", territory_id=sibling.id),
                           person_id=away)

    await publish(shop, line("Lechuga", "4", "unit"))

    assert len(await alerts(consumer)) == 1
    assert await alerts(away) == []


async def test_a_price_below_the_threshold_is_announced_and_one_at_it_is_not(shop, consumer):
    await add_subscription(AddSubscription(PRICE_BELOW, product="tomate", threshold=Decimal("7"), currency="BOB"),
                           person_id=consumer)

    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=Decimal("7.00"))
    assert await alerts(consumer) == []
    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=Decimal("6.50"))

    [alert] = await alerts(consumer)
    assert alert.params["lines"] == [{"offer_id": shop.offers["Tomate"], "below": "7.00", "currency": "BOB",
                                      "unit": None}]


async def test_a_threshold_per_quintal_compares_the_price_per_kg_converted(shop, consumer):
    await add_subscription(AddSubscription(PRICE_BELOW, product="tomate", threshold=Decimal("300"), currency="BOB",
                                           unit="quintal"), person_id=consumer)

    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=Decimal("7.00"))  # 322 a quintal
    assert await alerts(consumer) == []
    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=Decimal("6.00"))  # 276

    assert len(await alerts(consumer)) == 1


async def test_several_subscriptions_and_lines_of_one_publish_make_one_message(shop, consumer):
    vegetables = await Category.get(code="vegetables")
    await add_subscription(AddSubscription(NEW_STOCK, product="tomate"), person_id=consumer)
    await add_subscription(AddSubscription(NEW_STOCK, category_id=vegetables.id), person_id=consumer)
    await add_subscription(AddSubscription(PRICE_BELOW, product="tomate", threshold=Decimal("9"), currency="BOB"),
                           person_id=consumer)

    await publish(shop, line("Tomate", "5", price="8", number=1), line("Lechuga", "2", "unit", number=2))

    [alert] = await alerts(consumer)
    assert alert.params["lines"] == sorted([
        {"offer_id": shop.offers["Tomate"], "new_stock": True, "below": "9.00", "currency": "BOB", "unit": None},
        {"offer_id": shop.offers["Lechuga"], "new_stock": True},
    ], key=lambda ln: ln["offer_id"])


async def test_quiet_hours_and_a_mute_delay_the_alert_in_the_persons_time_zone(shop, consumer):
    await Person.filter(id=consumer).update(territory_id=shop.territory_id)
    await add_subscription(AddSubscription(NEW_STOCK, product="tomate"), person_id=consumer)
    await set_quiet_hours(consumer, time(22), time(6))
    night = utc(2026, 11, 22, 3)  # 23:00 in La Paz

    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, stock=Decimal(30), now=night)
    await mute_alerts(consumer, hours=8, now=utc(2026, 11, 22, 12))
    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, stock=Decimal(40),
                       now=utc(2026, 11, 22, 12))

    waiting = await alerts(consumer)
    assert [a.not_before for a in waiting] == [utc(2026, 11, 22, 10), utc(2026, 11, 22, 20)]
    await unmute_alerts(consumer, now=utc(2026, 11, 22, 13))
    assert (await alerts(consumer))[1].not_before == utc(2026, 11, 22, 13)


async def test_muted_until_unmuted_the_alerts_wait_and_come_when_unmuted(shop, consumer):
    await add_subscription(AddSubscription(NEW_STOCK, product="tomate"), person_id=consumer)
    await mute_alerts(consumer, hours=None)

    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, stock=Decimal(30))
    assert (await alerts(consumer))[0].not_before.year == 2100
    await unmute_alerts(consumer)

    assert (await alerts(consumer))[0].not_before <= clock.now()


async def _fan_out_queries(shop, queries, people: int, base: int) -> int:
    for i in range(people):
        person = await make_person(f"P{i}", telegram_user_id=base + i)
        await add_subscription(AddSubscription(NEW_STOCK, product="tomate"), person_id=person)
        await add_subscription(AddSubscription(PRICE_BELOW, product="tomates", threshold=Decimal("99"), currency="BOB"),
                               person_id=person)
    async with in_transaction():
        queries.start()
        from market.enums import OfferEventKind
        from market.models import OfferEvent
        from market.services.alerts.fanout import owe_offer_alerts

        owed = await owe_offer_alerts([OfferEvent(offer_id=shop.offers["Tomate"], kind=OfferEventKind.NEW_STOCK,
                                                  stock=Decimal(5))])
        count = len(queries.statements)
    assert owed == people + (5 if base >= 20_000 else 0)
    return count


async def test_an_alert_fan_out_runs_as_many_queries_for_50_subscribers_as_for_5(shop, queries):
    few = await _fan_out_queries(shop, queries, 5, 10_000)

    many = await _fan_out_queries(shop, queries, 45, 20_000)

    assert many == few <= 5


async def test_a_publish_refused_owes_no_alert(shop, consumer):
    await add_subscription(AddSubscription(NEW_STOCK, product="tomate"), person_id=consumer)

    with pytest.raises(Invalid):
        await publish(shop, line("Tomate", "5", number=1), line("Lechuga", "2", "kg", number=2))  # lettuce is per unit

    assert await alerts(consumer) == []


async def test_a_seal_about_to_expire_is_announced_once_to_each_admin_and_again_after_a_renewal(shop):
    network = await PgsNetwork.create(slug="red", name="Red PGS", territory_id=shop.territory_id, status=NetworkStatus.APPROVED)
    seal = await Seal.create(code="ABC123", network=network, organization_id=shop.organization_id,
                             status=SealStatus.GRANTED, valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 10))
    today = date(2026, 11, 21)

    assert await owe_seal_expiry_alerts(today) == 1
    assert await owe_seal_expiry_alerts(today + timedelta(days=1)) == 0
    await Seal.filter(id=seal.id).update(valid_until=date(2027, 12, 10))
    assert await owe_seal_expiry_alerts(date(2027, 11, 30)) == 1

    assert [a.person_id for a in await Notification.filter(template="alert_seal")] == [shop.admin_id] * 2


async def test_a_feria_announced_by_an_admin_reaches_its_followers_and_others_may_not_announce(shop, consumer):
    await add_subscription(AddSubscription(FAIR, territory_id=shop.territory_id), person_id=consumer)
    starts = clock.now() + timedelta(days=3)

    fair = await announce_fair(AnnounceFair(organization_id=shop.organization_id, title="Feria del tomate",
                                            starts_at=starts, place="Plaza principal", territory_id=shop.territory_id),
                               by_person_id=shop.admin_id)
    with pytest.raises(Forbidden):
        await announce_fair(AnnounceFair(organization_id=shop.organization_id, title="Otra", starts_at=starts,
                                         place="Plaza", territory_id=shop.territory_id), by_person_id=consumer)

    [alert] = await alerts(consumer)
    assert (alert.template, alert.params) == ("alert_fair", {"fair_id": fair.id})


@pytest.mark.parametrize("announcer", [{}, {"organization_id": 1, "network_id": 1}])
def test_a_feria_is_announced_by_an_organization_or_a_network_not_both(announcer):
    with pytest.raises(Invalid) as refused:
        AnnounceFair(title="Feria", starts_at=clock.now(), place="Plaza", territory_id=1, **announcer)

    assert refused.value.code == "fair_announcer_needed"


async def test_a_feria_needs_an_organization_or_a_network_in_the_database_too(shop):
    with pytest.raises((IntegrityError, OperationalError)):
        await FairEvent.create(title="Sin nadie", starts_at=clock.now(), place="x",
                               territory_id=shop.territory_id)


async def test_an_observed_market_price_below_a_threshold_is_announced(shop, consumer):
    await add_subscription(AddSubscription(PRICE_BELOW, product="tomate", threshold=Decimal("6"), currency="BOB"),
                           person_id=consumer)
    now = clock.now()

    async with in_transaction():
        for price in ("5.50", "6.00"):
            observation = await PriceObservation.create(
                search_key="tomate", product_name="Tomate", territory_id=shop.territory_id,
                market_level=MarketLevel.LOCAL, price=Decimal(price), currency="BOB", unit="kg",
                source=PriceSource.SURVEY, observed_at=now)
            await owe_price_observation_alerts(observation)

    [alert] = await alerts(consumer)
    assert alert.template == "alert_price" and alert.params["threshold"] == "6.00"


async def test_a_person_lists_adds_and_removes_only_their_own_subscriptions(shop, consumer):
    mine = await add_subscription(AddSubscription(NEW_STOCK, product="Limón"), person_id=consumer)
    again = await add_subscription(AddSubscription(NEW_STOCK, product="limon"), person_id=consumer)
    other = await make_person("Otro", telegram_user_id=502)

    with pytest.raises(NotFound):
        await remove_subscription(other, mine.id)
    with pytest.raises(Invalid):
        # no currency
        await add_subscription(AddSubscription(PRICE_BELOW, product="tomate", threshold=Decimal("8")),
                               person_id=consumer)
    with pytest.raises(Invalid):
        await add_subscription(AddSubscription(NEW_STOCK), person_id=consumer)
    assert again.id == mine.id and [s.product for s in await list_subscriptions(consumer)] == ["limon"]
    await remove_subscription(consumer, mine.id)
    assert await list_subscriptions(consumer) == ()


@pytest.mark.parametrize("kind", [SubscriptionKind.SEAL_EXPIRING, SubscriptionKind.ROUND_CLOSING])
def test_seal_expiry_and_round_closing_alerts_are_not_subscribed_to(kind):
    with pytest.raises(Invalid) as refused:
        AddSubscription(kind, product="tomate")

    assert refused.value.code == "alert_kind_not_offered"


async def test_the_places_an_alert_may_look_are_the_persons_territory_and_those_around_it(shop, consumer):
    country = await Territory.create(code="bo", name="Bolivia", level=TerritoryLevel.COUNTRY, country_code="BO",
                                     currency="BOB", time_zone=LA_PAZ)
    await Territory.filter(id=shop.territory_id).update(parent_id=country.id)

    assert await alert_territories(consumer) == ((country.id, "Bolivia"),)
    await Person.filter(id=consumer).update(territory_id=shop.territory_id)
    assert [name for _, name in await alert_territories(consumer)] == ["Territory of OECA Valles de Comarapa",
                                                                      "Bolivia"]
