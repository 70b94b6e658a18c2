""""My community is not listed": a person proposes a place under the one they reached, for an operator to decide.

| propose_territory(parent, name, by)                  | result                                              |
|------------------------------------------------------|-----------------------------------------------------|
| under a row they can see, a new name                 | a pending row one level down, shown only to them    |
| a name shorter than 2 or longer than NAME_LIMIT      | Invalid("territory_name_length")                    |
| a name already under that parent (accents aside)     | Conflict("territory_exists", name)                  |
| under a subdivision with no row yet                  | its row created first (the time zone given when its |
|                                                      | country has several, or Invalid("time_zone_unknown")|
| under a country that has subdivisions, or nowhere    | NotFound("territory_not_found")                     |
| by a person id nobody has                            | NotFound("person_not_found")                        |

market.services.operators.decisions lists the pending rows for operators and settles them (approved: seen by
everyone; refused: by nobody but kept, with the decision's reason told to the proposer).
"""

from __future__ import annotations

import re
import secrets

from tortoise.transactions import in_transaction

from market.enums import TerritoryLevel, TerritoryStatus
from market.errors import Conflict, Invalid, NotFound
from market.models import Person, Territory
from market.services.messaging.operator_news import tell_operators_something_waits
from market.services.territories.names import find_iso_place, subdivisions
from market.services.territories.places import BELOW, choose_place, row_id_of, visible_to
from market.text import search_key

NAME_LENGTH = (2, 80)


async def propose_territory(parent_key: str, name: str, *, by_person_id: int, time_zone: str | None = None) -> int:
    """A pending place under `parent_key` (see the table above); its id."""
    if not await Person.exists(id=by_person_id):  # only someone who wrote to the bot
        raise NotFound("person_not_found", person_id=by_person_id)
    name = " ".join(name.split())
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        raise Invalid("territory_name_length", min=low, max=high)
    iso = find_iso_place(parent_key) if not parent_key.isdecimal() else None
    if iso is not None and "-" not in iso.iso_code and subdivisions(iso.iso_code):
        raise NotFound("territory_not_found")  # a country's regions come from the ISO lists
    async with in_transaction():  # a subdivision's row created for it goes if the proposal is refused
        parent_id = await row_id_of(parent_key) if iso is not None or parent_key.isdecimal() else None
        if parent_id is None and iso is not None:
            parent_id = await choose_place(iso.iso_code, by_person_id, time_zone)
        parent = await Territory.filter(visible_to(by_person_id), id=parent_id).first() if parent_id else None
        if parent is None:
            raise NotFound("territory_not_found")
        siblings = await Territory.filter(parent_id=parent.id).exclude(status=TerritoryStatus.REFUSED).values_list(
            "name", flat=True)
        if any(search_key(str(s)) == search_key(name) for s in siblings):
            raise Conflict("territory_exists", name=name)
        slug = re.sub(r"[^a-z0-9]+", "-", search_key(name)).strip("-")[:24]
        row = await Territory.create(
            code=f"{parent.code[:30]}-{slug}-{secrets.token_hex(3)}", name=name,
            level=BELOW.get(parent.level, TerritoryLevel.COMMUNITY), parent_id=parent.id,
            country_code=parent.country_code, currency=parent.currency, time_zone=parent.time_zone,
            status=TerritoryStatus.PENDING, proposed_by_id=by_person_id)
        await tell_operators_something_waits()
    return row.id
