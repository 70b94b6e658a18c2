"""What is in season near a place: what its producers have in stock now and posted or restocked lately.

Feria records no harvest calendar; what producers post is the season as it happens. A product is in
season in a territory when an approved organization of that place (or a place below it) has it in stock
today and its offer was posted or changed in the last SEASON_DAYS days: honey posted last spring and
still on the shelf is for sale (the search finds it) but it is not what the season brings now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from market.models import Product, Territory
from market.services.catalog.browse import in_stock_filter, in_territory_filter, public_filter
from market.services.catalog.products import ProductSummary, summarize

SEASON_DAYS = 30
SHOWN = 8  # a phone's screen or two: the search shows the rest


@dataclass(frozen=True)
class InSeason:
    territory_code: str
    territory_name: str
    products: tuple[ProductSummary, ...]  # the latest posted first


async def in_season_near(code: str, *, now: datetime, today: date, limit: int = SHOWN) -> InSeason | None:
    """What is in season in territory `code` and the places below it; None for a code it does not know."""
    place = await Territory.filter(code=code).first().values("code", "name")
    if place is None:
        return None
    fresh = Product.filter(
        public_filter(), in_stock_filter(now=now), in_territory_filter(place["code"]), active=True,
        offer__updated_at__gte=now - timedelta(days=SEASON_DAYS),
    )
    products = await summarize(fresh, ("-offer__updated_at", "id"), limit, today=today)
    return InSeason(place["code"], place["name"], products)
