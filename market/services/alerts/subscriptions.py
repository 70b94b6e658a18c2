"""A person's alerts: their subscriptions (list, add, remove their own) and when alerts may reach them.

    NEW_STOCK    a product by name (plurals aside) or a category, in a territory or anywhere
    PRICE_BELOW  a product by name, a threshold in a currency (per a unit, else the price's own unit)
    FAIR_EVENT   ferias announced in a territory (or anywhere), optionally of one organization

Seal expiry reminders go to an organization's admins without a subscription, and round closings
have their own reminders (market.services.groups.rounds.queries): neither is added here.
Muting and quiet hours delay alerts (market.rules.alerts); they never drop them. Unmuting makes
the alerts that waited for the mute due at once (quiet hours still apply).
The fan-out that owes alerts is market.services.alerts.fanout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from market import clock
from market.enums import NotificationStatus, SubscriptionKind, TerritoryLevel
from market.errors import Invalid, NotFound
from market.models import Category, Notification, Organization, Person, Subscription, Territory
from market.orm import value_of
from market.rules.alerts import alert_due_at, minute_time
from market.rules.offers import check_price
from market.services.alerts.fanout import FALLBACK_TIME_ZONE, PRIORITY, territory_chains
from market.services.catalog.categories import THROUGH_CATEGORY, THROUGH_CATEGORY_FIELDS, stored_names
from market.text import search_key

MAX_SUBSCRIPTIONS = 30
MAX_PRODUCT_LENGTH = 160
MUTE_HOURS = (1, 8, 24)
# "Until I unmute": a moment far enough to wait for; unmuting brings the alerts forward.
MUTED_FOREVER = datetime(2100, 1, 1, tzinfo=timezone.utc)
OFFERED = (SubscriptionKind.NEW_STOCK, SubscriptionKind.PRICE_BELOW, SubscriptionKind.FAIR_EVENT)


@dataclass(frozen=True)
class SubscriptionView:
    id: int
    kind: SubscriptionKind
    product: str | None  # the name's search key ("tomate")
    category_code: str | None
    territory_name: str | None  # None: anywhere
    organization_name: str | None
    threshold: Decimal | None
    currency: str | None
    unit: str | None
    # The names an operator stored for the category, by language (market.services.catalog.categories).
    category_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AlertSettings:
    muted_until: datetime | None  # None: not muted; MUTED_FOREVER: until unmuted
    quiet_from: time | None
    quiet_until: time | None
    time_zone: str  # where quiet hours are read

    @property
    def muted_forever(self) -> bool:
        return self.muted_until is not None and self.muted_until >= MUTED_FOREVER


async def list_subscriptions(person_id: int) -> tuple[SubscriptionView, ...]:
    """The person's subscriptions, oldest first."""
    rows = await Subscription.filter(person_id=person_id, active=True).order_by("id").values(
        "id", "kind", "search_key", "threshold", "currency", "unit", category_code="category__code",
        territory_name="territory__name", organization_name="organization__name", **THROUGH_CATEGORY_FIELDS)
    return tuple(
        SubscriptionView(r["id"], SubscriptionKind(r["kind"]), r["search_key"], r["category_code"], r["territory_name"],
                         r["organization_name"], None if r["threshold"] is None else Decimal(r["threshold"]),
                         r["currency"], r["unit"], stored_names(r, THROUGH_CATEGORY))
        for r in rows
    )


@dataclass(frozen=True, slots=True)
class AddSubscription:
    """An alert to subscribe to, of one of the kinds OFFERED, with the filters its kind reads (module docstring)."""

    kind: SubscriptionKind
    product: str | None = None
    category_id: int | None = None
    territory_id: int | None = None
    organization_id: int | None = None
    threshold: Decimal | None = None
    currency: str | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in OFFERED:
            raise Invalid("alert_kind_not_offered", kind=str(self.kind))


async def add_subscription(command: AddSubscription, *, person_id: int) -> SubscriptionView:
    """Add one for the person; the same subscription twice (a double press) is kept once."""
    values = await _checked(command)
    if await Subscription.filter(person_id=person_id, active=True).count() >= MAX_SUBSCRIPTIONS:
        raise Invalid("too_many_alerts", max=MAX_SUBSCRIPTIONS)
    existing = await Subscription.filter(person_id=person_id, active=True, **values).first()
    subscription = existing or await Subscription.create(person_id=person_id, **values)
    return next(s for s in await list_subscriptions(person_id) if s.id == subscription.id)


async def _checked(command: AddSubscription) -> dict[str, Any]:
    """The subscription's columns, validated for its kind."""
    kind, territory_id, organization_id = command.kind, command.territory_id, command.organization_id
    territory = None
    if territory_id is not None:
        territory = await Territory.filter(id=territory_id).first().values("id", "currency")
        if territory is None:
            raise NotFound("territory_not_found")
    if organization_id is not None and not await Organization.exists(id=organization_id):
        raise NotFound("organization_not_found")
    key = search_key(command.product or "") or None
    if key is not None and len(key) > MAX_PRODUCT_LENGTH:
        raise Invalid("alert_product_too_long", limit=MAX_PRODUCT_LENGTH)
    values: dict[str, Any] = dict(kind=kind, territory_id=territory_id, organization_id=organization_id,
                                  search_key=None, category_id=None, threshold=None, currency=None, unit=None)
    if kind == SubscriptionKind.NEW_STOCK:
        if (key is None) == (command.category_id is None):
            raise Invalid("alert_product_or_category")
        if command.category_id is not None and not await Category.exists(id=command.category_id):
            raise NotFound("category_not_found")
        values.update(search_key=key, category_id=command.category_id)
    elif kind == SubscriptionKind.PRICE_BELOW:
        if key is None:
            raise Invalid("alert_product_missing")
        currency = command.currency or (territory and territory["currency"])
        if not currency:
            raise Invalid("alert_currency_needed")
        if not isinstance(command.threshold, Decimal):
            raise Invalid("amount_not_positive")
        check_price(command.threshold, currency)
        values.update(search_key=key, threshold=command.threshold, currency=currency, unit=command.unit)
    return values


async def remove_subscription(person_id: int, subscription_id: int) -> None:
    """Remove one of the person's own; someone else's (or one already removed) is NotFound."""
    if not await Subscription.filter(id=subscription_id, person_id=person_id).delete():
        raise NotFound("alert_not_found")


async def alert_territories(person_id: int) -> tuple[tuple[int, str], ...]:
    """Where an alert may look: the person's territory and those containing it, nearest first;
    without a territory, the countries."""
    territory_id = await value_of(Person.filter(id=person_id).first(), "territory_id", int)
    if territory_id is None:
        return tuple(await Territory.filter(level=TerritoryLevel.COUNTRY).order_by("name").values_list("id", "name"))
    chain = (await territory_chains([territory_id]))[territory_id]
    rows = await Territory.filter(id__in=list(chain)).values_list("id", "name", "parent_id")
    parents = {tid: parent for tid, _, parent in rows}
    names = {tid: name for tid, name, _ in rows}
    ordered, current = [], territory_id
    while current in names and current not in ordered:
        ordered.append(current)
        current = parents[current]
    return tuple((tid, names[tid]) for tid in ordered)


async def alert_settings(person_id: int) -> AlertSettings:
    row = await Person.filter(id=person_id).first().values(
        "alerts_muted_until", "quiet_from_minute", "quiet_until_minute", time_zone="territory__time_zone")
    if row is None:
        raise NotFound("person_not_found")
    return AlertSettings(row["alerts_muted_until"], minute_time(row["quiet_from_minute"]), minute_time(row["quiet_until_minute"]),
                         row["time_zone"] or FALLBACK_TIME_ZONE)


async def mute_alerts(person_id: int, *, hours: int | None, now: datetime | None = None) -> AlertSettings:
    """Alerts wait `hours` (one of MUTE_HOURS), or until unmuted (None). Alerts already waiting keep their time."""
    if hours is not None and hours not in MUTE_HOURS:
        raise Invalid("bad_mute_hours")
    until = MUTED_FOREVER if hours is None else (now or clock.now()) + timedelta(hours=hours)
    await Person.filter(id=person_id).update(alerts_muted_until=until)
    return await alert_settings(person_id)


async def unmute_alerts(person_id: int, *, now: datetime | None = None) -> AlertSettings:
    """Alerts reach the person again; those that waited for the mute are due now (or when quiet hours end)."""
    now = now or clock.now()
    await Person.filter(id=person_id).update(alerts_muted_until=None)
    settings = await alert_settings(person_id)
    due = alert_due_at(now, time_zone=settings.time_zone, quiet_from=settings.quiet_from,
                       quiet_until=settings.quiet_until)
    await Notification.filter(person_id=person_id, status=NotificationStatus.PENDING, priority=PRIORITY,
                              template__startswith="alert_", not_before__gt=due).update(not_before=due)
    return settings


async def set_quiet_hours(person_id: int, quiet_from: time | None, quiet_until: time | None) -> AlertSettings:
    """Alerts wait from `quiet_from` to `quiet_until` each day (local time); both None: no quiet hours."""
    if (quiet_from is None) != (quiet_until is None) or (quiet_from is not None and quiet_from == quiet_until):
        raise Invalid("bad_quiet_hours")
    await Person.filter(id=person_id).update(quiet_from_minute=_minute(quiet_from), quiet_until_minute=_minute(quiet_until))
    return await alert_settings(person_id)



def _minute(moment: time | None) -> int | None:
    return None if moment is None else moment.hour * 60 + moment.minute
