"""GET /api/v1/prices/{search_key}?territory=: the summary the bot and the price page show, and 90 days of medians."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from aiohttp.test_utils import TestClient, TestServer

from market import clock
from market.demo.seed import seed_demo
from market.enums import MarketLevel, PriceSource
from market.models import PriceObservation, Territory
from tests.market.web.api.conftest import TODAY, demo_app, get_json


async def test_the_summary_gives_each_market_level_the_fair_price_and_the_offers_as_money(api):
    status, body = await get_json(api, "/api/v1/prices/tomate", territory="bo-scz-comarapa")

    assert status == 200
    assert body["product"] == {"name": "tomate", "search_key": "tomate"}
    assert body["territory"] == {"code": "bo-scz-comarapa", "name": "Comarapa", "country_code": "BO"}
    assert (body["currency"], body["unit"]) == ("BOB", "kg")
    assert [level["level"] for level in body["levels"]] == ["local", "regional", "national"]
    local = body["levels"][0]
    assert local["median"]["currency"] == "BOB" and local["observations"] == 14
    assert local["trend"] is not None and local["previous_median"] is not None
    assert body["fair_price"] == {
        "price": {"amount": "7.50", "currency": "BOB"}, "producer_share": {"amount": "6.00", "currency": "BOB"},
        "transport": {"amount": "0.70", "currency": "BOB"}, "solidarity_fund": {"amount": "0.40", "currency": "BOB"},
        "other_costs": {"amount": "0.40", "currency": "BOB"}, "declared_by": body["fair_price"]["declared_by"],
        "valid_from": (TODAY - timedelta(days=60)).isoformat(),
    }
    assert body["offers"] == {
        "min": {"amount": "7.50", "currency": "BOB"}, "max": {"amount": "7.50", "currency": "BOB"}, "count": 1,
    }


async def test_the_series_holds_a_median_a_day_for_90_days_at_each_level(api):
    _, body = await get_json(api, "/api/v1/prices/tomate", territory="bo-scz-comarapa")

    series = body["series"]
    assert series["days"] == 90
    for level in ("local", "regional", "national"):
        days = [point["day"] for point in series[level]]
        assert len(days) == 90 and days == sorted(days), level
        assert days[0] == (TODAY - timedelta(days=89)).isoformat() and days[-1] == TODAY.isoformat()
    assert series["local"][-1]["price"]["currency"] == "BOB"


async def test_a_territory_must_be_named_and_known_and_the_product_priced(api):
    missing, missing_body = await get_json(api, "/api/v1/prices/tomate")
    unknown, unknown_body = await get_json(api, "/api/v1/prices/tomate", territory="atlantis", lang="en")
    unpriced, unpriced_body = await get_json(api, "/api/v1/prices/unobtainium", territory="bo", lang="en")

    assert missing == 400 and missing_body["invalid_params"][0]["name"] == "territory"
    assert (unknown, unknown_body["code"], unknown_body["detail"]) == (404, "territory_not_found",
                                                                       "We don't know that place.")
    assert (unpriced, unpriced_body["code"], unpriced_body["detail"]) == (
        404, "price_product_not_found", "We have no prices for that product yet.")


async def test_a_producers_price_far_from_the_survey_is_left_out_of_the_median_and_counted(seeded):
    url = await seeded(lambda: seed_demo(TODAY), ("demo", TODAY))
    async with TestClient(TestServer(demo_app(url))) as client:
        _, before = await get_json(client, "/api/v1/prices/tomate", territory="bo-scz-comarapa")
        comarapa = await Territory.get(code="bo-scz-comarapa")
        await PriceObservation.create(  # the attack, after one observation a day: one price of 50
            search_key="tomate", product_name="tomate", territory=comarapa, market_level=MarketLevel.LOCAL,
            price=Decimal(50), currency="BOB", unit="kg", source=PriceSource.PRODUCER, observed_at=clock.now())

        _, after = await get_json(client, "/api/v1/prices/tomate", territory="bo-scz-comarapa")

    local, was = after["levels"][0], before["levels"][0]
    assert (local["median"], local["observations"], local["left_out"]) == (was["median"], 14, 1)
    assert was["left_out"] == 0
    assert after["series"]["local"] == before["series"]["local"]
