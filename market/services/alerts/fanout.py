"""Owing alerts: the subscriptions an event matches become notifications, in the transaction of the event.

    publish_stock / update_offer ──▶ owe_offer_alerts       ──▶ "alert_stock"  (one per person and change)
    a market price recorded      ──▶ owe_price_observation_alerts ─▶ "alert_price"
    announce_fair                ──▶ owe_fair_alerts        ──▶ "alert_fair"
    a daily check                ──▶ owe_seal_expiry_alerts ──▶ "alert_seal"   (once per seal and expiry date),
                                                               "alert_seal_committee" (to the network's committee)

Each runs a constant number of queries whatever the number of subscribers: the territories around
the event (at most TERRITORY_DEPTH queries), the matching subscriptions with their people in one
query, and the notifications in one INSERT. A person whose several subscriptions match one event
gets one message; their dedupe key names the event and the person, unique by construction.
Alerts wait out a person's mute and quiet hours (`not_before`): they are never dropped.
Alerts go after other notices (PRIORITY; lower sends first).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, OfferEventKind, SealStatus, SubscriptionKind
from market.models import Member, Notification, Offer, PgsReviewer, Seal, Subscription, Territory
from market.orm import Row, column_of
from market.rules.alerts import alert_due_at, minute_time
from market.rules.names import name_forms, same_name
from market.rules.units import price_per
from market.services.territories.units import TERRITORY_DEPTH, local_units
from market.text import search_key

PRIORITY = 8
SEAL_NOTICE_DAYS = 30
# Names with more words than this are only matched when spelled as saved (keeps the IN list short).
MAX_NAME_WORDS = 4
FALLBACK_TIME_ZONE = "UTC"
_ENDINGS = ("", "s", "es")
Units = dict[str, tuple[str, Decimal]]  # a territory's own weights, as local_units gives them
_PERSON = dict(
    chat_id="person__telegram_user_id", muted_until="person__alerts_muted_until",
    quiet_from="person__quiet_from_minute", quiet_until="person__quiet_until_minute", time_zone="person__territory__time_zone",
)


@dataclass(frozen=True)
class _Owed:
    chat_id: int
    person_id: int
    template: str
    params: dict[str, Any]
    key: str
    not_before: datetime


def name_spellings(key: str) -> tuple[str, ...]:
    """The search keys an alert may be saved under that same_name takes for the name `key` (a superset).

    | key         | includes                                 |
    |-------------|------------------------------------------|
    | "tomate"    | "tomate", "tomates"                      |
    | "tomates"   | "tomates", "tomate"                      |
    | "papa lisa" | "papa lisa", "papas lisas", "papa lisas" |
    """
    words = key.split()
    if not words or len(words) > MAX_NAME_WORDS:
        return (key,) if words else ()
    spellings = [sorted({form + end for form in name_forms(word)[0] for end in _ENDINGS}) for word in words]
    combos = [""]
    for options in spellings:
        combos = [f"{head} {option}".strip() for head in combos for option in options]
    return tuple(combos)


async def owe_offer_alerts(events: Sequence[Any], *, now: datetime | None = None) -> int:
    """New stock and prices below a threshold, for the offers of one change (a publish of many lines, an edit).

    `events` are OfferEvents (offer_id, kind, stock), or market.services.stock.publishing.Published lines
    (product_id, events, stock). Each person gets one "alert_stock" listing every line that matches
    any of their subscriptions. Call it inside the transaction that wrote the events: a change rolled
    back owes nothing.
    """
    now = now or clock.now()
    by_offer: dict[int, set[str]] = {}
    by_product: dict[int, set[str]] = {}
    for event in events:
        happened = set(getattr(event, "events", ())) or {getattr(event, "kind", None)}
        happened &= {OfferEventKind.NEW_STOCK, OfferEventKind.PRICE_CHANGE}
        if happened and Decimal(event.stock) > 0:
            target = by_offer if hasattr(event, "offer_id") else by_product
            target.setdefault(event.offer_id if target is by_offer else event.product_id, set()).update(happened)
    if not by_offer and not by_product:
        return 0
    offers = await Offer.filter(Q(id__in=list(by_offer)) | Q(product_id__in=list(by_product))).values(
        "id", "product_id", "price", "currency", "unit", key="product__search_key",
        category_id="product__category_id", organization_id="product__organization_id",
        territory_id="product__organization__territory_id")
    kinds = {o["id"]: by_offer.get(o["id"], set()) | by_product.get(o["product_id"], set()) for o in offers}
    chains = await territory_chains({o["territory_id"] for o in offers})
    new_stock = [o for o in offers if OfferEventKind.NEW_STOCK in kinds[o["id"]]]
    spellings = {s for o in offers for s in name_spellings(o["key"])}
    wanted = Q(kind=SubscriptionKind.PRICE_BELOW, search_key__in=list(spellings))
    if new_stock:
        wanted |= Q(kind=SubscriptionKind.NEW_STOCK, search_key__in=list(spellings))
        wanted |= Q(kind=SubscriptionKind.NEW_STOCK, category_id__in=list({o["category_id"] for o in new_stock}))
    subscriptions = await _subscriptions(wanted, set().union(*chains.values()))
    local = await _local_units_if_needed(subscriptions, offers)
    lines: dict[int, dict[int, dict[str, Any]]] = {}
    for sub in subscriptions:
        for offer in offers:
            if not _in_place(sub, chains[offer["territory_id"]], offer["organization_id"]):
                continue
            reason = _offer_reason(sub, offer, kinds[offer["id"]], local)
            if reason is None:
                continue
            line = lines.setdefault(sub["person_id"], {}).setdefault(offer["id"], {"offer_id": offer["id"]})
            if reason == "new_stock":
                line["new_stock"] = True
            elif "below" not in line or Decimal(reason[1]) < Decimal(line["below"]):
                line["below"], line["currency"], line["unit"] = reason[1], sub["currency"], sub["unit"]
    change = uuid.uuid4().hex[:16]  # the change this fan-out announces: its rows' keys are new by construction
    people = {sub["person_id"]: sub for sub in subscriptions}
    return await _owe(
        _Owed(people[pid]["chat_id"], pid, "alert_stock",
              {"lines": [by_offer[oid] for oid in sorted(by_offer)]},
              f"alert:offers:{change}:person:{pid}", _due(people[pid], now))
        for pid, by_offer in lines.items()
    )


def _offer_reason(sub: Row, offer: Row, kinds: set[str], local: Units) -> str | tuple[str, str] | None:
    """"new_stock", ("below", threshold), or None: what this subscription finds in this offer's change."""
    if sub["kind"] == SubscriptionKind.NEW_STOCK:
        if OfferEventKind.NEW_STOCK not in kinds:
            return None
        if sub["category_id"] is not None:
            return "new_stock" if sub["category_id"] == offer["category_id"] else None
        return "new_stock" if same_name(sub["search_key"], offer["key"]) else None
    if not same_name(sub["search_key"], offer["key"]) or sub["currency"] != offer["currency"]:
        return None
    price = _price_in(Decimal(offer["price"]), offer["unit"], sub["unit"], local)
    if price is None or price >= Decimal(sub["threshold"]):
        return None
    return ("below", str(sub["threshold"]))


async def owe_price_observation_alerts(observation: Any, *, now: datetime | None = None) -> int:
    """A market price observed below someone's threshold (same product, currency, and a territory around it).

    `observation` is a saved PriceObservation (or anything with its id, search_key, territory_id, price,
    currency and unit). Call it inside the transaction that records it.
    """
    now = now or clock.now()
    chains = await territory_chains({observation.territory_id})
    key = search_key(observation.search_key)
    subscriptions = await _subscriptions(
        Q(kind=SubscriptionKind.PRICE_BELOW, search_key__in=list(name_spellings(key)), currency=observation.currency),
        chains[observation.territory_id])
    local = await _local_units_if_needed(subscriptions, [{"unit": observation.unit,
                                                          "territory_id": observation.territory_id}])
    best: dict[int, Row] = {}
    for sub in subscriptions:
        price = _price_in(Decimal(observation.price), observation.unit, sub["unit"], local)
        if not same_name(sub["search_key"], key) or price is None or price >= Decimal(sub["threshold"]):
            continue
        if sub["person_id"] not in best or Decimal(sub["threshold"]) < Decimal(best[sub["person_id"]]["threshold"]):
            best[sub["person_id"]] = sub
    return await _owe(
        _Owed(sub["chat_id"], pid, "alert_price",
              {"observation_id": observation.id, "threshold": str(sub["threshold"]), "currency": sub["currency"],
               "unit": sub["unit"] or observation.unit},
              f"alert:price_observation:{observation.id}:person:{pid}", _due(sub, now))
        for pid, sub in best.items()
    )


async def owe_fair_alerts(fair: Any, *, now: datetime | None = None) -> int:
    """A feria announced: to everyone following ferias in a territory around its place (or everywhere)."""
    now = now or clock.now()
    chains = await territory_chains({fair.territory_id})
    subscriptions = await _subscriptions(Q(kind=SubscriptionKind.FAIR_EVENT), chains[fair.territory_id])
    people = {s["person_id"]: s for s in subscriptions
              if _in_place(s, chains[fair.territory_id], fair.organization_id)}
    return await _owe(
        _Owed(sub["chat_id"], pid, "alert_fair", {"fair_id": fair.id}, f"alert:fair:{fair.id}:person:{pid}",
              _due(sub, now))
        for pid, sub in people.items()
    )


async def owe_seal_expiry_alerts(today: date, *, now: datetime | None = None) -> int:
    """Granted seals whose last valid day is within SEAL_NOTICE_DAYS: once to each approved admin of the holder,
    and once to each member of the network's committee (who plans the renewal visit).

    Runs daily (and may run twice at once): a seal and expiry date already announced is skipped, and
    a renewal (a later valid_until) is announced again when its time comes.
    """
    now = now or clock.now()
    seals = await Seal.filter(status=SealStatus.GRANTED, valid_until__gte=today,
                              valid_until__lte=today + timedelta(days=SEAL_NOTICE_DAYS)).values(
        "id", "organization_id", "network_id", "valid_until")
    if not seals:
        return 0
    admins = await Member.filter(
        organization_id__in=list({s["organization_id"] for s in seals}), role=MemberRole.ADMIN,
        status=MembershipStatus.APPROVED, person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
    ).values("organization_id", "person_id", place_time_zone="organization__territory__time_zone", **_PERSON)
    owed = [
        _Owed(admin["chat_id"], admin["person_id"], "alert_seal",
              {"seal_id": seal["id"], "valid_until": seal["valid_until"].isoformat()},
              f"alert:seal:{seal['id']}:until:{seal['valid_until'].isoformat()}:person:{admin['person_id']}",
              _due(admin, now))
        for seal in seals for admin in admins if admin["organization_id"] == seal["organization_id"]
    ]
    committee = await PgsReviewer.filter(
        network_id__in=list({s["network_id"] for s in seals}), active=True, committee=True,
        person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
    ).values("network_id", "person_id", **_PERSON)
    owed += [
        _Owed(member["chat_id"], member["person_id"], "alert_seal_committee",
              {"seal_id": seal["id"], "valid_until": seal["valid_until"].isoformat()},
              f"alert:seal:{seal['id']}:until:{seal['valid_until'].isoformat()}:committee:{member['person_id']}",
              _due(member, now))
        for seal in seals for member in committee if member["network_id"] == seal["network_id"]
    ]
    done = set(await column_of(Notification.filter(dedupe_key__in=[o.key for o in owed]), "dedupe_key", str))
    try:
        async with in_transaction():  # a savepoint: another process announcing them first is no error
            return await _owe(o for o in owed if o.key not in done)
    except IntegrityError:
        return 0


async def territory_chains(territory_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each territory with all its ancestors: a query per level, at most TERRITORY_DEPTH."""
    parent: dict[int, int | None] = {}
    frontier = {t for t in territory_ids if t is not None}
    for _ in range(TERRITORY_DEPTH):
        frontier -= parent.keys()
        if not frontier:
            break
        rows = await Territory.filter(id__in=list(frontier)).values_list("id", "parent_id")
        parent.update(rows)
        frontier = {p for _, p in rows if p is not None}
    chains = {}
    for start in {t for t in territory_ids if t is not None}:
        chain: set[int] = set()
        current: int | None = start
        while current is not None and current not in chain:
            chain.add(current)
            current = parent.get(current)
        chains[start] = chain
    return chains


async def _subscriptions(wanted: Q, territories: set[int]) -> list[Row]:
    """The active subscriptions `wanted` in these territories (or anywhere), of people the bot can reach."""
    return await Subscription.filter(
        wanted, Q(territory_id__in=list(territories)) | Q(territory_id__isnull=True), active=True,
        person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
    ).order_by("id").values(
        "id", "person_id", "kind", "search_key", "category_id", "territory_id", "organization_id", "threshold",
        "currency", "unit", place_time_zone="territory__time_zone", **_PERSON)


def _in_place(sub: Row, chain: set[int], organization_id: int | None) -> bool:
    """The subscription's territory contains the event's (none: anywhere), and its organization is the event's."""
    if sub["territory_id"] is not None and sub["territory_id"] not in chain:
        return False
    return sub["organization_id"] is None or sub["organization_id"] == organization_id


async def _local_units_if_needed(subscriptions: list[Row], prices: list[Row]) -> Units:
    """The territory's weights, read only when some threshold is per another unit than a price is."""
    units = {p["unit"] for p in prices}
    if not any(s["unit"] and s["unit"] not in units for s in subscriptions) or not prices:
        return {}
    return await local_units(prices[0]["territory_id"])


def _price_in(price: Decimal, unit: str, to_unit: str | None, local: Units) -> Decimal | None:
    return price if not to_unit or to_unit == unit else price_per(price, unit, to_unit, local)


def _due(row: Row, now: datetime) -> datetime:
    return alert_due_at(
        now, time_zone=row.get("time_zone") or row.get("place_time_zone") or FALLBACK_TIME_ZONE,
        muted_until=row["muted_until"], quiet_from=minute_time(row["quiet_from"]), quiet_until=minute_time(row["quiet_until"]),
    )



async def _owe(owed: Iterable[_Owed]) -> int:
    """One INSERT for the whole fan-out, at the alerts' priority, each at its own due moment."""
    rows = [
        Notification(chat_id=o.chat_id, person_id=o.person_id, template=o.template, params=o.params,
                     priority=PRIORITY, not_before=o.not_before, dedupe_key=o.key)
        for o in owed
    ]
    if rows:
        await Notification.bulk_create(rows)
    return len(rows)

