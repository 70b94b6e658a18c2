"""Where a price summary looks: a territory, the places above it, and the places of its three markets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from market import clock
from market.enums import MarketLevel, TerritoryLevel
from market.errors import NotFound
from market.models import Territory


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    country_code: str
    currency: str
    time_zone: str
    chain: tuple[int, ...]                          # the place, then each place above it
    scopes: dict[MarketLevel, tuple[int, ...]]      # where each market's observations are recorded

    def today(self) -> date:
        return clock.today(self.time_zone)

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(), ZoneInfo(self.time_zone)).astimezone(timezone.utc)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.time_zone)).date()


async def load_place(territory_id: int) -> Place:
    """The territory and its markets, from two queries: the territory, then every place of its country."""
    territory = await Territory.filter(id=territory_id).first().values(
        "id", "name", "country_code", "currency", "time_zone")
    if territory is None:
        raise NotFound("territory_not_found")
    rows = await Territory.filter(country_code=territory["country_code"]).values_list("id", "parent_id", "level")
    parent = {tid: pid for tid, pid, _ in rows}
    level = {tid: TerritoryLevel(lv) for tid, _, lv in rows}
    chain = [territory_id]
    while parent.get(chain[-1]) in parent and len(chain) <= len(rows):
        chain.append(parent[chain[-1]])
    return Place(
        id=territory["id"], name=territory["name"], country_code=territory["country_code"],
        currency=territory["currency"], time_zone=territory["time_zone"], chain=tuple(chain),
        scopes={market: _below(root, parent) for market, root in market_roots(chain, level).items()},
    )


def market_roots(chain: list[int], level: dict[int, TerritoryLevel]) -> dict[MarketLevel, int]:
    """The place whose subtree holds each market's observations, from the chain of places upwards.

    | place (level)          | local        | regional  | national |
    |------------------------|--------------|-----------|----------|
    | Chicaloma (community)  | Irupana      | La Paz    | Bolivia  |
    | Comarapa (municipality)| Comarapa     | Santa Cruz| Bolivia  |
    | Santa Cruz (region)    | Santa Cruz   | Santa Cruz| Bolivia  |
    | Bolivia (country)      | Bolivia      | Bolivia   | Bolivia  |
    | a town under the country, no region | the town | Bolivia | Bolivia |
    """
    local = next((t for t in chain if level[t] != TerritoryLevel.COMMUNITY), chain[-1])
    region = next((t for t in chain if level[t] == TerritoryLevel.REGION), chain[-1])
    return {MarketLevel.LOCAL: local, MarketLevel.REGIONAL: region, MarketLevel.NATIONAL: chain[-1]}


def _below(root: int, parent: dict[int, int | None]) -> tuple[int, ...]:
    children = defaultdict(list)
    for child, of in parent.items():
        children[of].append(child)
    found, todo = [], [root]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children[current])
    return tuple(found)
