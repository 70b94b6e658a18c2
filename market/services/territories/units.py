"""The weights each place uses for its local units (a quintal is 46 kg in Bolivia, an arroba 15 kg in Brazil)."""

from __future__ import annotations

from decimal import Decimal

from market.models import Territory, UnitConversion
from market.orm import value_of

TERRITORY_DEPTH = 5


async def local_units(territory_id: int) -> dict[str, tuple[str, Decimal]]:
    """The territory's own weights, the nearest place's first (a country's quintal, a town's exception)."""
    chain: list[int] = []
    current: int | None = territory_id
    for _ in range(TERRITORY_DEPTH):
        if current is None:
            break
        chain.append(current)
        current = await value_of(Territory.filter(id=current).first(), "parent_id", int)
    rows = await UnitConversion.filter(territory_id__in=chain).values_list("territory_id", "unit", "base_unit", "factor")
    rank = {t: i for i, t in enumerate(chain)}
    local: dict[str, tuple[str, Decimal]] = {}
    for _territory, unit, base, factor in sorted(rows, key=lambda r: rank[r[0]], reverse=True):
        local[unit] = (base, Decimal(factor))
    return local
