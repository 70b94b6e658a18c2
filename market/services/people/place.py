"""Where a person is: the place their searches start from (the nearest offers first), asked once and changeable."""

from __future__ import annotations

from dataclasses import dataclass

from market import clock
from market.errors import NotFound
from market.models import Person, Territory


@dataclass(frozen=True)
class PersonPlace:
    territory_id: int
    code: str
    name: str
    country_code: str


async def get_person_place(person_id: int) -> PersonPlace | None:
    """The place the person chose; None when they have not chosen one."""
    row = await Person.filter(id=person_id, territory_id__isnull=False).first().values(
        "territory_id", "territory__code", "territory__name", "territory__country_code")
    if row is None:
        return None
    return PersonPlace(row["territory_id"], row["territory__code"], row["territory__name"],
                       row["territory__country_code"])


async def set_person_place(person_id: int, territory_id: int) -> PersonPlace:
    """The person is here from now on; NotFound for no such place."""
    if not await Territory.exists(id=territory_id):
        raise NotFound("territory_not_found")
    now = clock.now()
    if not await Person.filter(id=person_id).update(territory_id=territory_id, place_asked_at=now, updated_at=now):
        raise NotFound("person_not_found")
    place = await get_person_place(person_id)
    assert place is not None  # just stored
    return place


async def ask_place_once(person_id: int) -> bool:
    """True the first time a person without a place is to be asked where they are (noted: never again)."""
    now = clock.now()
    return bool(await Person.filter(id=person_id, territory_id__isnull=True, place_asked_at__isnull=True).update(
        place_asked_at=now, updated_at=now))
