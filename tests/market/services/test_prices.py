"""Price summaries around a place (three markets, their trend, the fair price, the offers) and recording prices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from market import clock
from market.demo.seed import seed_demo
from market.enums import GroupRole, MarketLevel, NetworkStatus, OfferStatus, PriceSource, TerritoryLevel
from market.errors import Forbidden, Invalid, NotFound
from market.models import (
    FairPrice,
    GroupMember,
    Offer,
    Organization,
    Person,
    PgsNetwork,
    PriceObservation,
    PurchasingGroup,
    Territory,
    UnitConversion,
)
from market.services.prices.recording import RecordMarketPrice, default_price_territory, record_market_price
from market.services.prices.summaries import price_series, price_summary
from market.services.stock.offers import update_offer
from market.services.stock.publishing import PublishItem, publish_stock
from market.stock_messages import StockLine
from market.text import search_key
from tests.market.services.shop import make_person, make_shop
from tests.support.clock import TODAY

LOCAL, REGIONAL, NATIONAL = MarketLevel.LOCAL, MarketLevel.REGIONAL, MarketLevel.NATIONAL


@dataclass
class World:
    bolivia: int
    santa_cruz: int
    comarapa: int
    community: int
    la_paz: int


async def place(code, level, parent=None, currency="BOB"):
    territory = await Territory.create(code=code, name=code.title(), level=level, parent_id=parent,
                                       country_code="BO", currency=currency, time_zone="America/La_Paz")
    return territory.id


async def make_world() -> World:
    bolivia = await place("bo", TerritoryLevel.COUNTRY)
    santa_cruz = await place("bo-scz", TerritoryLevel.REGION, bolivia)
    comarapa = await place("bo-scz-comarapa", TerritoryLevel.MUNICIPALITY, santa_cruz)
    community = await place("bo-scz-comarapa-pulquina", TerritoryLevel.COMMUNITY, comarapa)
    la_paz_region = await place("bo-lpz", TerritoryLevel.REGION, bolivia)
    la_paz = await place("bo-lpz-la-paz", TerritoryLevel.MUNICIPALITY, la_paz_region)
    # Not the Andean default of 46 kg: the summary must use the territory's own weight.
    await UnitConversion.create(territory_id=bolivia, unit="quintal", base_unit="kg", factor=D(50))
    return World(bolivia, santa_cruz, comarapa, community, la_paz)


async def seen(territory, level, price, days_ago, unit="kg", currency="BOB", name="tomate"):
    moment = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10), ZoneInfo("America/La_Paz"))
    await PriceObservation.create(
        search_key=search_key(name), product_name=name, territory_id=territory, market_level=level, price=D(price),
        currency=currency, unit=unit, source=PriceSource.SURVEY, observed_at=moment)


@pytest.fixture
async def world(db) -> World:
    return await make_world()


async def test_each_market_takes_the_median_of_its_own_places_over_the_last_14_days(world):
    w = world
    await seen(w.comarapa, LOCAL, "6", 0)
    await seen(w.community, LOCAL, "7", 5)        # below the place: its local market
    await seen(w.comarapa, LOCAL, "8", 13)        # the 14th day back: still in
    await seen(w.comarapa, LOCAL, "100", 14)      # the 15th: out
    await seen(w.la_paz, LOCAL, "50", 1)          # another municipality's fair
    await seen(w.comarapa, LOCAL, "60", 1, currency="USD")
    await seen(w.santa_cruz, REGIONAL, "10", 2)
    await seen(w.la_paz, REGIONAL, "99", 2)       # another region
    await seen(w.bolivia, NATIONAL, "12", 3)

    summary = await price_summary("tomate", territory_id=w.comarapa, today=TODAY)

    local, regional, national = summary.levels
    assert (local.level, local.median, local.observations) == (LOCAL, D(7), 3)
    assert (regional.level, regional.median, regional.observations) == (REGIONAL, D(10), 1)
    assert (national.level, national.median, national.observations) == (NATIONAL, D(12), 1)
    assert (summary.currency, summary.base_unit, summary.territory_name) == ("BOB", "kg", "Bo-Scz-Comarapa")


async def test_a_community_looks_at_its_municipalitys_fair(world):
    await seen(world.comarapa, LOCAL, "6", 0)

    summary = await price_summary("tomate", territory_id=world.community, today=TODAY)

    assert summary.levels[0].median == D(6)


async def test_the_trend_compares_with_the_14_days_that_ended_30_days_ago(world):
    w = world
    await seen(w.comarapa, LOCAL, "7", 1)
    await seen(w.comarapa, LOCAL, "5", 30)
    await seen(w.comarapa, LOCAL, "5", 43)
    await seen(w.comarapa, LOCAL, "1000", 29)     # in neither window
    await seen(w.comarapa, LOCAL, "1000", 44)

    local = (await price_summary("tomate", territory_id=w.comarapa, today=TODAY)).levels[0]

    assert (local.median, local.previous_median, local.trend) == (D(7), D(5), D("0.4"))


async def test_a_price_per_quintal_compares_with_a_price_per_kg_through_the_territorys_weight(world):
    await seen(world.comarapa, LOCAL, "250", 1, unit="quintal")   # 50 kg here: 5 per kg
    await seen(world.comarapa, LOCAL, "5.40", 2)
    await seen(world.comarapa, LOCAL, "5.20", 3, unit="kg")
    await seen(world.comarapa, LOCAL, "9", 3, unit="dozen")        # does not weigh: left out

    local = (await price_summary("tomate", territory_id=world.comarapa, today=TODAY)).levels[0]

    assert (local.median, local.observations) == (D("5.2"), 3)


async def test_the_fair_price_and_its_breakdown_come_per_base_unit_from_the_nearest_network(world):
    network = await PgsNetwork.create(slug="red", name="Red SPG Bolivia", territory_id=world.bolivia,
                                      status=NetworkStatus.APPROVED)
    await FairPrice.create(search_key="tomate", product_name="Tomate", territory_id=world.santa_cruz,
                           network=network, price=D(460), currency="BOB", unit="quintal", producer_share=D(400),
                           transport=D(30), solidarity_fund=D(20), other_costs=D(10),
                           valid_from=TODAY - dt.timedelta(days=10))
    await FairPrice.create(search_key="tomate", product_name="Tomate", territory_id=world.santa_cruz,
                           network=network, price=D(999), currency="BOB", unit="kg", producer_share=D(999),
                           valid_from=TODAY - dt.timedelta(days=100), valid_until=TODAY - dt.timedelta(days=20))

    fair = (await price_summary("Tomates", territory_id=world.comarapa, today=TODAY)).fair_price

    assert (fair.price, fair.producer_share, fair.transport, fair.solidarity_fund, fair.other_costs) == (
        D("9.2"), D(8), D("0.6"), D("0.4"), D("0.2"))
    assert (fair.declared_by, fair.valid_from) == ("Red SPG Bolivia", TODAY - dt.timedelta(days=10))


async def test_offers_of_the_same_product_in_the_country_give_the_range_per_kg(world):
    here = await make_shop(products=(("Tomate", "kg", "7.50", "20"), ("Tomate cherry", "kg", "30.00", "5")))
    there = await make_shop("coop-la-paz", products=(("Tomates", "quintal", "400.00", "2"),), telegram_base=2000)
    gone = await make_shop("coop-gone", products=(("Tomate", "kg", "1.00", "9"),), telegram_base=3000)
    await Organization.filter(id=here.organization_id).update(territory_id=world.comarapa)
    await Organization.filter(id=there.organization_id).update(territory_id=world.la_paz)
    await Organization.filter(id=gone.organization_id).update(territory_id=world.la_paz)
    await Offer.filter(id=gone.offers["Tomate"]).update(status=OfferStatus.WITHDRAWN)

    summary = await price_summary("tomáte", territory_id=world.comarapa, today=TODAY)

    assert summary.offers == (D("7.5"), D(8), 2)
    assert summary.levels[0].median is None and summary.product_name == "Tomate"


async def test_a_name_is_found_whatever_its_accents_capitals_and_plural(world):
    await seen(world.comarapa, LOCAL, "6", 0, name="limón")

    summary = await price_summary("LIMONES", territory_id=world.comarapa, today=TODAY)

    assert (summary.product_name, summary.search_key, summary.levels[0].median) == ("limón", "limon", D(6))


async def test_a_product_nobody_named_is_not_found(world):
    await seen(world.comarapa, LOCAL, "6", 0)

    with pytest.raises(NotFound) as error:
        await price_summary("pepino", territory_id=world.comarapa, today=TODAY)

    assert error.value.code == "price_product_not_found"


async def test_the_summary_takes_as_many_queries_for_many_observations_as_for_one(world, queries):
    await seen(world.comarapa, LOCAL, "6", 0)
    queries.start()
    await price_summary("tomate", territory_id=world.comarapa, today=TODAY)
    few = len(queries.statements)
    for n in range(30):
        await seen(world.comarapa if n % 2 else world.santa_cruz, LOCAL if n % 2 else REGIONAL, "6", n)

    queries.start()
    await price_summary("tomate", territory_id=world.comarapa, today=TODAY)

    assert len(queries.statements) == few


async def test_the_demo_series_give_three_markets_a_fair_price_and_90_days_of_points(db):
    await seed_demo(today=TODAY)
    comarapa = await Territory.get(code="bo-scz-comarapa").values_list("id", flat=True)

    series = await price_series("Tomates", territory_id=comarapa, today=TODAY)

    local, regional, national = series.summary.levels
    assert local.observations == regional.observations == national.observations == 14
    assert D(5) < local.median < regional.median < national.median < D(9)
    assert series.summary.fair_price.price == D(6) + D("0.70") + D("0.40") + D("0.40")
    assert series.summary.fair_price.declared_by
    assert [len(series.points[level]) for level in (LOCAL, REGIONAL, NATIONAL)] == [90, 90, 90]
    assert series.points[LOCAL][-1].day == TODAY and series.points[LOCAL][0].day == TODAY - dt.timedelta(days=89)


async def coordinator(world) -> int:
    person = await make_person("Carmen")
    group = await PurchasingGroup.create(slug="g", name="Grupo", territory_id=world.comarapa)
    await GroupMember.create(group=group, person_id=person, role=GroupRole.COORDINATOR)
    return person


async def test_a_coordinator_records_a_market_price_under_the_name_already_known(world):
    await seen(world.comarapa, LOCAL, "6", 3)
    carmen = await coordinator(world)

    await record_market_price(RecordMarketPrice(product_text="Tomates", territory_id=world.comarapa, level=LOCAL,
                                                price=D("6.50"), unit="kg"), by_person_id=carmen)

    observation = await PriceObservation.filter(source=PriceSource.COORDINATOR).get()
    assert (observation.search_key, observation.product_name, observation.currency) == ("tomate", "tomate", "BOB")
    assert observation.recorded_by_id == carmen
    local = (await price_summary("tomate", territory_id=world.comarapa)).levels[0]
    assert local.observations >= 1


async def test_a_member_of_an_organization_may_record_and_anyone_else_may_not(world):
    shop = await make_shop()
    outsider = await make_person("Nadie")

    await record_market_price(RecordMarketPrice(product_text="papa", territory_id=world.comarapa, level=REGIONAL,
                                                price=D(230), unit="quintal"), by_person_id=shop.producer_id)
    with pytest.raises(Forbidden) as refused:
        await record_market_price(RecordMarketPrice(product_text="papa", territory_id=world.comarapa, level=LOCAL,
                                                    price=D(5), unit="kg"), by_person_id=outsider)
    with pytest.raises(Forbidden):
        await record_market_price(RecordMarketPrice(product_text="papa", territory_id=world.comarapa, level=LOCAL,
                                                    price=D(5), unit="kg"), by_person_id=shop.pending_producer_id)

    assert refused.value.code == "not_allowed_to_record_prices"
    assert await PriceObservation.all().count() == 1


@pytest.mark.parametrize("price, unit, currency, code", [
    (D(0), "kg", None, "bad_price"),
    (D(-3), "kg", None, "bad_price"),
    (D("1000000.01"), "kg", None, "bad_price"),
    (D(5), "furlong", None, "unknown_unit"),
    (D(5), "kg", "USD", "currency_mismatch"),
])
async def test_a_price_out_of_range_in_an_unknown_unit_or_another_currency_is_refused(world, price, unit, currency,
                                                                                      code):
    carmen = await coordinator(world)

    with pytest.raises(Invalid) as refused:
        await record_market_price(RecordMarketPrice(product_text="papa", territory_id=world.comarapa, level=LOCAL,
                                                    price=price, unit=unit, currency=currency), by_person_id=carmen)

    assert refused.value.code == code
    assert not await PriceObservation.exists()


async def test_a_market_price_named_like_a_spreadsheet_formula_is_refused(world):
    carmen = await coordinator(world)

    with pytest.raises(Invalid) as refused:
        await record_market_price(RecordMarketPrice(product_text="@SUM(A1:A9)", territory_id=world.comarapa,
                                                    level=LOCAL, price=D(5), unit="kg"), by_person_id=carmen)

    assert (refused.value.code, refused.value.params) == ("bad_name", {"product": "@SUM(A1:A9)"})
    assert not await PriceObservation.exists()


async def test_a_producers_new_price_becomes_a_local_observation_and_an_unchanged_one_does_not(world):
    shop = await make_shop()
    await Organization.filter(id=shop.organization_id).update(territory_id=world.comarapa)

    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=D("8.00"))
    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, stock=D(30))
    product_id = (await Offer.get(id=shop.offers["Tomate"])).product_id
    clock.advance(dt.timedelta(days=1))  # one observation an offer a day: the next price, the next day
    # "2 qq de tomate a 450 el quintal": 9 per kg, the offer's unit, at 50 kg the quintal.
    line = StockLine(1, "tomate", D(2), "quintal", price=D(450), currency="BOB", price_unit="quintal")
    await publish_stock(shop.organization_id, by_person_id=shop.admin_id,  # a price is the organization's
                        items=[PublishItem(line, product_id=product_id)])

    rows = await PriceObservation.filter(source=PriceSource.PRODUCER).order_by("id").values_list(
        "price", "unit", "market_level", "territory_id", "product_id")
    assert [(D(p), u, lv, t, pid) for p, u, lv, t, pid in rows] == [
        (D(8), "kg", LOCAL, world.comarapa, product_id), (D(9), "kg", LOCAL, world.comarapa, product_id)]
    local = (await price_summary("tomate", territory_id=world.comarapa)).levels[0]
    assert local.median == D("8.5")


async def test_the_default_territory_is_the_persons_else_their_organizations_else_their_languages_country(world):
    brazil = await Territory.create(code="br", name="Brasil", level=TerritoryLevel.COUNTRY, country_code="BR",
                                    currency="BRL", time_zone="America/Sao_Paulo")
    shop = await make_shop()
    await Organization.filter(id=shop.organization_id).update(territory_id=world.comarapa)
    placed = await make_person("Ana")
    await Person.filter(id=placed).update(territory_id=world.la_paz)
    portuguese, english = await make_person("João", locale="pt_BR"), await make_person("Tom", locale="en")

    found = [await default_price_territory(p) for p in (placed, shop.producer_id, portuguese, english)]

    assert found == [world.la_paz, world.comarapa, brazil.id, world.bolivia]


async def test_the_issues_attack_400_posts_over_a_day_at_50_leave_comarapas_median_where_the_survey_put_it(world):
    for days_ago, price in enumerate(("6.20", "6.34", "6.50", "6.34", "6.10")):
        await seen(world.comarapa, LOCAL, price, days_ago)
    shop = await make_shop()
    await Organization.filter(id=shop.organization_id).update(territory_id=world.comarapa)
    await PriceObservation.create(  # another producer's honest price this morning
        search_key="tomate", product_name="tomate", territory_id=world.comarapa, market_level=LOCAL, price=D(7),
        currency="BOB", unit="kg", source=PriceSource.PRODUCER, observed_at=clock.now())

    for i in range(400):
        await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=D(50 + i % 2))
        clock.advance(dt.timedelta(seconds=30))  # 400 posts over 3 hours and 20 minutes

    producers = await PriceObservation.filter(source=PriceSource.PRODUCER).values_list("price", flat=True)
    series = await price_series("tomate", territory_id=world.comarapa, days=14)
    local = series.summary.levels[0]
    assert sorted(D(p) for p in producers) == [D(7), D(51)]  # one a day each: the honest 7 and the last of 400
    assert (local.median, local.observations, local.left_out) == (D("6.34"), 6, 1)
    assert max(point.price for point in series.points[LOCAL]) == D("6.60")  # today: 6.20 and 7, not 51


async def test_without_a_survey_or_official_price_every_producer_price_counts(world):
    shop = await make_shop()
    await Organization.filter(id=shop.organization_id).update(territory_id=world.comarapa)

    await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, price=D(50))

    local = (await price_summary("tomate", territory_id=world.comarapa)).levels[0]
    assert (local.median, local.observations, local.left_out) == (D(50), 1, 0)
