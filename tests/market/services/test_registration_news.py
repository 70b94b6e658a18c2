"""Registering at the same moment, and the operators' one-an-hour word that something waits for them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from market import clock
from market.models import Notification, Organization, Person, Territory
from market.services.operators.roles import COMMAND_LINE, add_operator
from market.services.organizations import registration
from market.services.organizations.registration import register_organization
from market.services.territories.proposals import propose_territory

QUIET_22_TO_6 = {"quiet_from_minute": 22 * 60, "quiet_until_minute": 6 * 60}


async def place() -> int:
    bolivia = await Territory.create(code="bo", iso_code="BO", name="Bolivia", level="country", country_code="BO",
                                     currency="BOB", time_zone="America/La_Paz")
    santa_cruz = await Territory.create(code="bo-s", iso_code="BO-S", name="Santa Cruz", level="region",
                                        parent=bolivia, country_code="BO", currency="BOB", time_zone="America/La_Paz")
    return santa_cruz.id


def draft(name: str, territory_id: int) -> dict:
    return {"name": name, "legal_form": "cooperative", "territory_id": territory_id, "fund_percent": "5"}


async def test_two_people_registering_the_same_name_at_once_get_two_organizations_with_free_slugs(db):
    territory_id = await place()
    rosa = await Person.create(name="Rosa", telegram_user_id=801)
    juan = await Person.create(name="Juan", telegram_user_id=802)

    both = await asyncio.gather(register_organization(draft("Cooperativa Sol", territory_id), by_person_id=rosa.id),
                                register_organization(draft("Cooperativa Sol", territory_id), by_person_id=juan.id))

    assert sorted(r.slug for r in both) == ["cooperativa-sol", "cooperativa-sol-2"]
    assert await Organization.filter(name="Cooperativa Sol").count() == 2


async def test_a_slug_taken_between_choosing_it_and_storing_it_makes_way_for_the_next_free_one(db, monkeypatch):
    territory_id = await place()
    rosa = await Person.create(name="Rosa", telegram_user_id=801)
    juan = await Person.create(name="Juan", telegram_user_id=802)
    await register_organization(draft("Cooperativa Sol", territory_id), by_person_id=rosa.id)
    chosen = registration._free_slug
    stale = iter(["cooperativa-sol"])  # what a registration that looked a moment too early saw as free

    async def looked_too_early(name: str) -> str:
        return next(stale, None) or await chosen(name)
    monkeypatch.setattr(registration, "_free_slug", looked_too_early)

    registered = await register_organization(draft("Cooperativa Sol", territory_id), by_person_id=juan.id)

    assert registered.slug == "cooperativa-sol-2"
    assert await Organization.filter(name="Cooperativa Sol").count() == 2


async def test_operators_hear_once_an_hour_that_things_wait_and_a_quiet_operator_after_their_quiet_hours(db):
    territory_id = await place()
    olivia = await Person.create(name="Olivia", telegram_user_id=701, territory_id=territory_id)
    omar = await Person.create(name="Omar", telegram_user_id=702, territory_id=territory_id, **QUIET_22_TO_6)
    rosa = await Person.create(name="Rosa", telegram_user_id=801)
    for operator in (olivia, omar):
        await add_operator(operator.id, by=COMMAND_LINE)
    clock.freeze(clock.now().replace(hour=3, minute=0))  # 23:00 in La Paz: Omar's quiet hours

    await register_organization(draft("Cooperativa Sol", territory_id), by_person_id=rosa.id)
    await propose_territory("BO-S", "Buena Vista", by_person_id=rosa.id)
    await propose_territory("BO-S", "Comarapa", by_person_id=rosa.id)
    clock.advance(timedelta(minutes=61))
    await propose_territory("BO-S", "Pailón", by_person_id=rosa.id)

    owed = await Notification.filter(template="queue_waiting").order_by("id").values_list(
        "chat_id", "not_before", "created_at")
    assert [chat for chat, _, _ in owed] == [701, 702, 701, 702]
    first_olivia, first_omar = owed[0], owed[1]
    assert first_olivia[1] == first_olivia[2]  # at once
    assert first_omar[1].astimezone(clock.now().tzinfo).hour == 10  # 06:00 in La Paz


async def test_only_operators_are_told(db):
    await place()
    olivia = await Person.create(name="Olivia", telegram_user_id=701)
    rosa = await Person.create(name="Rosa", telegram_user_id=801)
    await add_operator(olivia.id, by=COMMAND_LINE)

    await propose_territory("BO-S", "Buena Vista", by_person_id=rosa.id)

    assert await Notification.filter(template="queue_waiting").values_list("chat_id", flat=True) == [701]
