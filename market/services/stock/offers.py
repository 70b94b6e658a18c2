"""A producer's own offers: see them, change stock, price and until when they stand, withdraw them.

    active ──withdraw_offer──▶ withdrawn ──update_offer / set_valid_until──▶ active
      │                                     (editing is publishing: the offer is back on sale)
      └── past valid_until: still "active", but reads as not on sale (market.services.catalog.browse)

Only the organization's approved members (admins and producers) see and change its offers. Each
change is one transaction: the offer row is locked first, so the events written (new stock, sold
out, price change, withdrawn) are measured against what the offer really was, even when two
producers or a buyer change it at the same moment; then the catalog's version is raised, last (its stock version
when only stock or price changed: market.services.catalog.version).
Two producers setting the stock at once: the later one's number stands, and both events are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from types import EllipsisType
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from market import clock
from market.enums import MembershipStatus, OfferEventKind, OfferStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import Member, Offer, OfferEvent, Organization
from market.rules.offers import OfferFace, check_price, check_stock, offer_on_sale
from market.services.alerts.fanout import owe_offer_alerts
from market.services.catalog.version import bump_catalog_version, bump_for_offers
from market.services.lots.posting import set_offer_total
from market.services.prices.observations import record_offer_price


@dataclass(frozen=True)
class OfferRow:
    """An offer as its organization's members manage it."""

    id: int
    product_id: int
    product_name: str
    organization_id: int
    organization_name: str
    stock: Decimal
    unit: str
    price: Decimal
    currency: str
    status: OfferStatus
    # The offer stands until this moment; None: until it is withdrawn.
    valid_until: datetime | None
    updated_at: datetime
    # Where the organization is: how its money reads, and in which time zone an offer's last day ends.
    country_code: str
    time_zone: str
    # Active, but past valid_until: buyers no longer see it on sale.
    expired: bool

    @property
    def on_sale(self) -> bool:
        return self.status == OfferStatus.ACTIVE and not self.expired


_FIELDS = dict(
    product_name="product__name", organization_id="product__organization_id",
    organization_name="product__organization__name",
    country_code="product__organization__territory__country_code",
    time_zone="product__organization__territory__time_zone",
)
_COLUMNS = ("id", "product_id", "stock", "unit", "price", "currency", "status", "valid_until", "updated_at")


async def list_offers(organization_id: int, *, viewer_person_id: int, now: datetime | None = None) -> tuple[OfferRow, ...]:
    """The organization's offers on its active products, withdrawn ones too, by product name (members only)."""
    if not await Organization.exists(id=organization_id):
        raise NotFound("organization_not_found")
    await _check_member(organization_id, viewer_person_id)
    rows = await Offer.filter(product__organization_id=organization_id, product__active=True).order_by(
        "product__search_key", "id").values(*_COLUMNS, **_FIELDS)
    return tuple(_row(r, now or clock.now()) for r in rows)


async def get_offer(offer_id: int, *, viewer_person_id: int, now: datetime | None = None) -> OfferRow:
    """One offer of the viewer's organization; NotFound("offer_not_found") once its product is gone."""
    row = await _get(offer_id, now or clock.now())
    await _check_member(row.organization_id, viewer_person_id)
    return row


async def update_offer(
    offer_id: int, *, by_person_id: int, stock: Decimal | None = None, price: Decimal | None = None,
    valid_until: datetime | None | EllipsisType = ..., now: datetime | None = None,
) -> OfferRow:
    """Set what is given (None / ... leave it), put the offer on sale, and record what alerts announce.

    `valid_until` None: the offer stands until withdrawn. Editing a withdrawn offer publishes it again,
    as posting stock in the chat does (market.services.stock.publishing): a producer who writes a stock means to sell it.
    Nothing changed: nothing written, no event, the catalog's version untouched.
    """
    now = now or clock.now()
    current = await get_offer(offer_id, viewer_person_id=by_person_id, now=now)
    if stock is not None:
        check_stock(stock, current.unit)
    if price is not None:
        check_price(price, current.currency)
    if valid_until is not ... and valid_until is not None and valid_until <= now:
        raise Invalid("valid_until_past")
    async with in_transaction():
        # Locked before reading: the events compare with the offer as it is, not as it was a moment ago.
        before = await Offer.filter(id=offer_id).select_for_update(no_key=True).get()  # get_offer found it
        changes: dict[str, Any] = {  # the columns written, by name
            "stock": before.stock if stock is None else stock,
            "price": before.price if price is None else price,
            "valid_until": before.valid_until if valid_until is ... else valid_until,
            "status": OfferStatus.ACTIVE,
        }
        if all(_same(getattr(before, name), value) for name, value in changes.items()):
            return current
        if not _same(before.stock, changes["stock"]):  # the organization's own lot takes the difference
            await set_offer_total(offer_id, Decimal(changes["stock"]), by_person_id=by_person_id,
                                  product=current.product_name, unit=current.unit)
        await Offer.filter(id=offer_id).update(**changes, updated_at=now)
        kinds = offer_events(
            on_sale_before=_on_sale_stock(before.stock, before.status, before.valid_until, now),
            on_sale_after=_on_sale_stock(changes["stock"], OfferStatus.ACTIVE, changes["valid_until"], now),
            price_before=Decimal(before.price), price_after=Decimal(changes["price"]),
        )
        events = [
            OfferEvent(offer_id=offer_id, kind=kind, stock=changes["stock"], price=changes["price"],
                       currency=before.currency, by_person_id=by_person_id)
            for kind in kinds
        ]
        await OfferEvent.bulk_create(events)
        await owe_offer_alerts(events, now=now)
        if OfferEventKind.PRICE_CHANGE in kinds:
            await record_offer_price(offer_id, by_person_id=by_person_id, at=now)
        # Stock or price alone drops only the answers showing the product (market.rules.offers.offer_change_reach).
        await bump_for_offers([(offer_id, OfferFace(Decimal(before.stock), Decimal(before.price), before.status,
                                                    before.valid_until),
                                OfferFace(Decimal(changes["stock"]), Decimal(changes["price"]), OfferStatus.ACTIVE,
                                          changes["valid_until"]))])
    return await _get(offer_id, now)


async def set_valid_until(
    offer_id: int, *, by_person_id: int, until: date | None, now: datetime | None = None
) -> OfferRow:
    """The offer stands through the day `until` where the organization is (None: no end); see update_offer.

    The day is read in the organization's time zone, so "until the 28th" ends at midnight there.
    """
    now = now or clock.now()
    current = await get_offer(offer_id, viewer_person_id=by_person_id, now=now)
    if until is None:
        return await update_offer(offer_id, by_person_id=by_person_id, valid_until=None, now=now)
    if until < local_today(current.time_zone, now):
        raise Invalid("valid_until_past")
    return await update_offer(offer_id, by_person_id=by_person_id, valid_until=end_of_day(until, current.time_zone),
                              now=now)


async def withdraw_offer(offer_id: int, *, by_person_id: int, now: datetime | None = None) -> OfferRow:
    """Take the offer off sale; withdrawing a withdrawn offer changes nothing and records nothing."""
    now = now or clock.now()
    await get_offer(offer_id, viewer_person_id=by_person_id, now=now)
    async with in_transaction():
        if await Offer.filter(id=offer_id, status=OfferStatus.ACTIVE).update(status=OfferStatus.WITHDRAWN,
                                                                             updated_at=now):
            offer = await Offer.get(id=offer_id)
            await OfferEvent.create(offer_id=offer_id, kind=OfferEventKind.WITHDRAWN, stock=offer.stock,
                                    price=offer.price, currency=offer.currency, by_person_id=by_person_id)
            await bump_catalog_version()
    return await _get(offer_id, now)


def offer_events(
    *, on_sale_before: Decimal, on_sale_after: Decimal, price_before: Decimal, price_after: Decimal
) -> tuple[OfferEventKind, ...]:
    """What an edit tells the alerts. "On sale" is the stock buyers could order: 0 when withdrawn or expired.

    | on sale before | on sale after | price before | price after | events                  |
    |----------------|---------------|--------------|-------------|-------------------------|
    | 5              | 10            | 8.00         | 8.00        | new_stock               |
    | 10             | 5             | 8.00         | 8.00        | (none)                  |
    | 5              | 0             | 8.00         | 8.00        | sold_out                |
    | 0              | 0             | 8.00         | 8.00        | (none)                  |
    | 5              | 5             | 8.00         | 9.50        | price_change            |
    | 0 (withdrawn)  | 5             | 8.00         | 9.50        | new_stock, price_change |
    """
    kinds = []
    if on_sale_after > on_sale_before:
        kinds.append(OfferEventKind.NEW_STOCK)
    if on_sale_after == 0 and on_sale_before > 0:
        kinds.append(OfferEventKind.SOLD_OUT)
    if price_after != price_before:
        kinds.append(OfferEventKind.PRICE_CHANGE)
    return tuple(kinds)


def local_today(time_zone: str, now: datetime) -> date:
    """The date it is now where the organization is (La Paz is still on the 21st at 02:00 UTC on the 22nd)."""
    return now.astimezone(ZoneInfo(time_zone)).date()


def end_of_day(day: date, time_zone: str) -> datetime:
    """The last moment of `day` in `time_zone`, in UTC: 2026-11-28 in America/La_Paz → 2026-11-29 03:59:59.999999."""
    return datetime.combine(day, time.max, tzinfo=ZoneInfo(time_zone)).astimezone(timezone.utc)


def _on_sale_stock(stock: Decimal, status: OfferStatus, valid_until: datetime | None, now: datetime) -> Decimal:
    return Decimal(stock) if offer_on_sale(status, valid_until, now) else Decimal(0)


def _same(old: Any, new: Any) -> bool:
    """Two values of one column (a Decimal, a datetime, a status); decimals come back from SQLite as text-made
    numbers: compare by value."""
    if isinstance(new, Decimal) or isinstance(old, Decimal):
        return Decimal(old) == Decimal(new)
    return bool(old == new)


async def _get(offer_id: int, now: datetime) -> OfferRow:
    row = await Offer.filter(id=offer_id, product__active=True).first().values(*_COLUMNS, **_FIELDS)
    if row is None:
        raise NotFound("offer_not_found")
    return _row(row, now)


def _row(row: dict[str, Any], now: datetime) -> OfferRow:
    status = OfferStatus(row["status"])
    return OfferRow(
        id=row["id"], product_id=row["product_id"], product_name=row["product_name"],
        organization_id=row["organization_id"], organization_name=row["organization_name"],
        stock=Decimal(row["stock"]), unit=row["unit"], price=Decimal(row["price"]), currency=row["currency"],
        status=status, valid_until=row["valid_until"], updated_at=row["updated_at"],
        country_code=row["country_code"], time_zone=row["time_zone"],
        expired=status == OfferStatus.ACTIVE and not offer_on_sale(status, row["valid_until"], now),
    )


async def _check_member(organization_id: int, person_id: int) -> None:
    if not await Member.filter(organization_id=organization_id, person_id=person_id,
                               status=MembershipStatus.APPROVED).exists():
        raise Forbidden("not_a_member")
