"""A producer's offer price becomes a price observation; kept apart so stock and offers can import it."""

from __future__ import annotations

from datetime import datetime

from market import clock
from market.models import Offer, PriceObservation
from market.models.enums import MarketLevel, PriceSource


async def record_offer_price(offer_id: int, *, by_person_id: int | None, at: datetime | None = None) -> int:
    """The offer's price as the producer's observation at the local market where the organization is.

    Called inside the transaction that changed the price, so the price and its observation go together.
    """
    offer = await Offer.filter(id=offer_id).first().values(
        "price", "unit", "currency", "product_id", "product__name", "product__search_key",
        "product__organization__territory_id")
    observation = await PriceObservation.create(
        search_key=offer["product__search_key"], product_name=offer["product__name"],
        product_id=offer["product_id"], territory_id=offer["product__organization__territory_id"],
        market_level=MarketLevel.LOCAL, price=offer["price"], currency=offer["currency"], unit=offer["unit"],
        source=PriceSource.PRODUCER, observed_at=at or clock.now(), recorded_by_id=by_person_id,
    )
    return observation.id
