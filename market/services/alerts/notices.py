"""What an alert shows when it is sent, read then: an alert that waited (quiet hours) tells what is true now.

A line whose offer is no longer on sale, or no longer below the threshold it was sent for, is left
out; an alert left with nothing to say renders as nothing (the outbox then sends nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from market import clock
from market.enums import MarketLevel, OfferStatus, SealStatus
from market.errors import NotFound
from market.models import Offer, PriceObservation, Seal
from market.rules.offers import offer_on_sale


@dataclass(frozen=True)
class OfferAlertLine:
    product_id: int
    product_name: str
    organization_name: str
    stock: Decimal
    unit: str
    price: Decimal
    currency: str
    country_code: str
    new_stock: bool
    below: Decimal | None  # the threshold the price is under, when that is (part of) why


@dataclass(frozen=True)
class PriceAlert:
    product_name: str
    territory_name: str
    market_level: MarketLevel
    price: Decimal
    currency: str
    unit: str
    country_code: str
    observed_at: datetime
    threshold: Decimal


@dataclass(frozen=True)
class SealAlert:
    code: str
    organization_name: str
    network_name: str
    valid_until: date


async def offer_alert_lines(lines: list[dict[str, Any]], *, now: datetime | None = None) -> tuple[OfferAlertLine, ...]:
    """The lines of an "alert_stock" that still hold: on sale, and under the threshold they were sent for."""
    now = now or clock.now()
    asked = {line["offer_id"]: line for line in lines}
    rows = await Offer.filter(id__in=list(asked), product__active=True, status=OfferStatus.ACTIVE).values(
        "id", "stock", "unit", "price", "currency", "status", "valid_until", "product_id",
        product_name="product__name", organization_name="product__organization__name",
        country_code="product__organization__territory__country_code")
    found = {row["id"]: row for row in rows}
    result = []
    for offer_id, line in asked.items():
        row = found.get(offer_id)
        if row is None or Decimal(row["stock"]) <= 0 or not offer_on_sale(row["status"], row["valid_until"], now):
            continue
        price = Decimal(row["price"])
        below = Decimal(line["below"]) if line.get("below") else None
        if below is not None and line.get("unit") in (None, row["unit"]) and price >= below:
            below = None  # a threshold per another unit stands as it was found (converting needs the weights)
        if below is None and not line.get("new_stock"):
            continue  # it was only about the price, and the price is no longer under the threshold
        result.append(OfferAlertLine(row["product_id"], row["product_name"], row["organization_name"],
                                     Decimal(row["stock"]), row["unit"], price, row["currency"], row["country_code"],
                                     bool(line.get("new_stock")), below))
    return tuple(result)


async def price_alert(observation_id: int, threshold: str) -> PriceAlert:
    row = await PriceObservation.filter(id=observation_id).first().values(
        "product_name", "market_level", "price", "currency", "unit", "observed_at",
        territory_name="territory__name", country_code="territory__country_code")
    if row is None:
        raise NotFound("price_observation_not_found")
    return PriceAlert(row["product_name"], row["territory_name"], MarketLevel(row["market_level"]),
                      Decimal(row["price"]), row["currency"], row["unit"], row["country_code"], row["observed_at"],
                      Decimal(threshold))


async def seal_alert(seal_id: int, valid_until: str) -> SealAlert | None:
    """None when the seal was renewed, suspended or revoked since: the reminder no longer applies."""
    row = await Seal.filter(id=seal_id).first().values(
        "code", "status", "valid_until", organization_name="organization__name", network_name="network__name")
    if row is None or row["status"] != SealStatus.GRANTED or row["valid_until"] is None \
            or row["valid_until"].isoformat() != valid_until:
        return None
    return SealAlert(row["code"], row["organization_name"], row["network_name"], row["valid_until"])
