"""The ferias of the coming days, by territory: what /ferias lists in the bot and on the web.

A feria is listed until it ends (until it starts, when its end was not said), and only within the window asked for
(60 days by default). Groups come in the order a reader near a place expects: the territories on that place's
line (the place, what it lies in, what lies in it) first, then the others, each by its first feria.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q

from market.models import FairEvent
from market.services.alerts.fanout import territory_chains
from market.services.prices.fairs import FairView, fair_rows

WINDOW_DAYS = 60
MAX_FAIRS = 150  # the page stays under 100 KB (about 450 bytes a feria); nobody reads further ahead than that


@dataclass(frozen=True)
class FairsInTerritory:
    territory_id: int
    territory_code: str
    territory_name: str
    near: bool  # on the line of the place the reader is near
    fairs: tuple[FairView, ...]


async def upcoming_fairs(*, now: datetime, days: int = WINDOW_DAYS, near_territory_id: int | None = None,
                         within_territory_id: int | None = None) -> tuple[FairsInTerritory, ...]:
    """The ferias not over by `now` that start within `days`, grouped by territory.

    `within_territory_id` keeps the ferias of that territory and of the places in it; `near_territory_id` puts the
    groups on its line first.
    """
    query = FairEvent.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now),
                             starts_at__lt=now + timedelta(days=days))
    # Ids only, then the filter, then the limit: a place's ferias are not crowded out by others'.
    ids = await query.order_by("starts_at", "id").values_list("id", "territory_id")
    territories = {territory for _, territory in ids}
    chains = await territory_chains(territories | ({near_territory_id} if near_territory_id else set()))
    if within_territory_id is not None:
        ids = [(i, t) for i, t in ids if within_territory_id in chains[t]]
    ids = ids[:MAX_FAIRS]
    fairs = await fair_rows(FairEvent.filter(id__in=[i for i, _ in ids]).order_by("starts_at", "id"))
    territory_of = dict(ids)
    near_line = chains.get(near_territory_id, set()) if near_territory_id else set()
    groups: dict[int, list[FairView]] = {}
    for fair in fairs:
        groups.setdefault(territory_of[fair.id], []).append(fair)
    listed = [
        FairsInTerritory(territory, listed[0].territory_code, listed[0].territory_name,
                         bool(near_line) and (territory in near_line or near_territory_id in chains[territory]),
                         tuple(listed))
        for territory, listed in groups.items()
    ]
    # Dicts keep insertion order: each group already comes by its first feria.
    return tuple(sorted(listed, key=lambda group: not group.near))
