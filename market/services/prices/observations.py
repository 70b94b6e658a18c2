"""A producer's offer price becomes a price observation; kept apart so stock and offers can import it.

One observation per offer and day where the organization is: a price changed ten times in a day is
one price seen that day, the last one, not ten votes in the market's median.

| the offer's price that day (La Paz)     | observations kept for that day |
|-----------------------------------------|--------------------------------|
| 8.00 at 09:00                           | 8.00 (09:00)                   |
| 8.00 at 09:00, 50.00 at 10:00           | 50.00 (10:00)                  |
| 8.00 at 23:30, 9.00 at 00:30 next day   | 8.00, and 9.00 the next day    |
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from market import clock
from market.enums import MarketLevel, PriceSource
from market.models import Offer, PriceObservation
from market.orm import column_of


async def record_offer_price(offer_id: int, *, by_person_id: int | None, at: datetime | None = None) -> int:
    """The offer's price as the producer's observation at the local market where the organization is.

    Called inside the transaction that changed the price (the offer's row locked), so the price and its
    observation go together and two changes of one offer never both add the day's observation.
    """
    at = at or clock.now()
    offer = await Offer.filter(id=offer_id).first().values(
        "price", "unit", "currency", "product_id", "product__name", "product__search_key",
        "product__organization__territory_id", "product__organization__territory__time_zone")
    zone = ZoneInfo(offer["product__organization__territory__time_zone"])
    # In UTC: SQLite compares the stored text, and a La Paz offset would not compare with it.
    day_start = datetime.combine(at.astimezone(zone).date(), time.min, tzinfo=zone)
    day = (day_start.astimezone(timezone.utc), (day_start + timedelta(days=1)).astimezone(timezone.utc))
    seen = {
        "search_key": offer["product__search_key"], "product_name": offer["product__name"],
        "market_level": MarketLevel.LOCAL, "price": offer["price"], "currency": offer["currency"],
        "unit": offer["unit"], "observed_at": at, "recorded_by_id": by_person_id,
    }
    today = await column_of(PriceObservation.filter(
        product_id=offer["product_id"], source=PriceSource.PRODUCER, observed_at__gte=day[0], observed_at__lt=day[1],
    ).order_by("id"), "id", int)
    if today:
        await PriceObservation.filter(id=today[0]).update(**seen)
        return today[0]
    observation = await PriceObservation.create(
        **seen, product_id=offer["product_id"], territory_id=offer["product__organization__territory_id"],
        source=PriceSource.PRODUCER,
    )
    return observation.id
