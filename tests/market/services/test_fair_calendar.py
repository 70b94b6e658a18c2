"""The coming days' ferias by territory (market.services.prices.fair_calendar): which are listed, in which order,
and a territory's filter; and a feria's end, which the announcement refuses before its start."""

from datetime import timedelta

import pytest

from market.enums import TerritoryLevel
from market.errors import Invalid
from market.models import FairEvent, Territory
from market.services.prices.fair_calendar import upcoming_fairs
from market.services.prices.fairs import AnnounceFair, announce_fair
from tests.support.clock import NOW


async def place(code: str, parent: Territory | None = None) -> Territory:
    return await Territory.create(code=code, name=code.title(), parent=parent, country_code="BO", currency="BOB",
                                  time_zone="America/La_Paz",
                                  level=TerritoryLevel.REGION if parent else TerritoryLevel.COUNTRY)


@pytest.fixture
async def world(shop):
    """Bolivia with two regions, and ferias of the shop's organization in each, some past, some far ahead."""
    bolivia = await place("bo")
    santa_cruz, la_paz = await place("scz", bolivia), await place("lpz", bolivia)
    await Territory.filter(id=shop.territory_id).update(parent_id=santa_cruz.id)
    org = shop.organization_id

    async def fair(title, territory, days, hours=None):
        starts = NOW + timedelta(days=days)
        await FairEvent.create(organization_id=org, title=title, starts_at=starts, place="Plaza", territory=territory,
                               ends_at=None if hours is None else starts + timedelta(hours=hours))

    await fair("La Paz pronto", la_paz, 2)
    await fair("Comarapa luego", await Territory.get(id=shop.territory_id), 10, hours=8)
    await fair("Santa Cruz", santa_cruz, 5)
    await fair("Terminada", santa_cruz, -2, hours=3)
    await fair("Empezó ayer, sigue", la_paz, -1, hours=48)
    await fair("Dentro de tres meses", la_paz, 90)
    return {"bolivia": bolivia.id, "santa_cruz": santa_cruz.id, "la_paz": la_paz.id, "comarapa": shop.territory_id}


def titles(groups) -> list[tuple[str, list[str]]]:
    return [(group.territory_code, [fair.title for fair in group.fairs]) for group in groups]


async def test_the_ferias_not_over_within_60_days_come_by_territory_each_by_its_first(world):
    groups = await upcoming_fairs(now=NOW)

    assert titles(groups) == [("lpz", ["Empezó ayer, sigue", "La Paz pronto"]), ("scz", ["Santa Cruz"]),
                              ("territory-oeca-valles-comarapa", ["Comarapa luego"])]


async def test_the_territories_on_the_readers_line_come_first(world):
    groups = await upcoming_fairs(now=NOW, near_territory_id=world["comarapa"])

    assert [(group.territory_code, group.near) for group in groups] == [
        ("scz", True), ("territory-oeca-valles-comarapa", True), ("lpz", False)]


async def test_a_territorys_filter_keeps_its_ferias_and_those_of_the_places_in_it(world):
    groups = await upcoming_fairs(now=NOW, within_territory_id=world["santa_cruz"])

    assert titles(groups) == [("scz", ["Santa Cruz"]), ("territory-oeca-valles-comarapa", ["Comarapa luego"])]


async def test_an_announced_end_before_the_start_is_refused_and_nothing_is_stored(shop):
    starts = NOW + timedelta(days=3)

    with pytest.raises(Invalid) as refused:
        await announce_fair(AnnounceFair(title="Feria", starts_at=starts, ends_at=starts - timedelta(hours=1),
                                         place="Plaza", territory_id=shop.territory_id,
                                         organization_id=shop.organization_id), by_person_id=shop.admin_id)

    assert refused.value.code == "fair_ends_before_it_starts"
    assert await FairEvent.all().count() == 0
