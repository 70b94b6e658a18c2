"""Opening an order round, and what a coordinator chooses from when creating a group or opening one: places and organizations.

The bot's wizards ask in small steps on a phone: a group's place is found by typing its name, a round's
organizations are those of the group's country with offers on sale (one country, one currency: a bill
is one amount).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, OfferStatus, OrganizationStatus, RoundStatus, TerritoryLevel
from market.errors import Forbidden, Invalid, NotFound
from market.models import (
    Member,
    MemberOrderRow,
    Offer,
    OrderRound,
    Organization,
    PurchasingGroup,
    RoundOffer,
    Territory,
)
from market.orm import column_of, value_of
from market.services.groups.rounds.notices import owe_opening_notices
from market.services.groups.rounds.views import PICKUP_POINT_LIMIT, RoundView, get_round, is_coordinator
from market.text import search_key

PLACES_SHOWN = 8
ORGANIZATIONS_SHOWN = 12
# A round takes the offers people can order now: active, and with some stock.
# A round includes only offers on sale of organizations an operator approved (the catalog's public ones).
ON_SALE = {"status": OfferStatus.ACTIVE, "product__active": True, "stock__gt": 0,
           "product__organization__status": OrganizationStatus.APPROVED}


@dataclass(frozen=True)
class PlaceChoice:
    id: int
    name: str
    parent_name: str | None
    country_code: str
    time_zone: str


@dataclass(frozen=True)
class OrganizationChoice:
    id: int
    name: str
    territory_name: str
    offers: int  # active offers of active products


async def find_places(text: str) -> tuple[PlaceChoice, ...]:
    """Cities, towns and communities whose name holds the words typed, accents and case aside.

    | typed        | finds (demo data)              |
    |--------------|--------------------------------|
    | "santa cruz" | Santa Cruz de la Sierra        |
    | "porto"      | Porto Alegre                   |
    | "xyz"        | nothing                        |
    """
    words = search_key(text).split()
    if not words:
        return ()
    rows = await Territory.filter(level__in=[TerritoryLevel.MUNICIPALITY, TerritoryLevel.COMMUNITY]).values(
        "id", "name", "parent__name", "country_code", "time_zone"
    )
    found = [r for r in rows if all(w in search_key(r["name"]) for w in words)]
    found.sort(key=lambda r: (not search_key(r["name"]).startswith(words[0]), search_key(r["name"]), r["id"]))
    return tuple(
        PlaceChoice(r["id"], r["name"], r["parent__name"], r["country_code"], r["time_zone"])
        for r in found[:PLACES_SHOWN]
    )


async def organizations_for_round(group_id: int, *, by_person_id: int) -> tuple[OrganizationChoice, ...]:
    """Organizations of the group's country with active offers, most offers first (a coordinator's choice)."""
    country = await PurchasingGroup.filter(id=group_id).first().values_list("territory__country_code", flat=True)
    if country is None:
        raise NotFound("group_not_found")
    if not await is_coordinator(group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    rows = await (
        Offer.filter(**ON_SALE, product__organization__territory__country_code=country)
        .group_by("product__organization_id", "product__organization__name", "product__organization__territory__name")
        .annotate(n=Count("id"))
        .values("product__organization_id", "product__organization__name",
                "product__organization__territory__name", "n")
    )
    rows.sort(key=lambda r: (-r["n"], r["product__organization__name"]))
    return tuple(
        OrganizationChoice(r["product__organization_id"], r["product__organization__name"],
                           r["product__organization__territory__name"], r["n"])
        for r in rows[:ORGANIZATIONS_SHOWN]
    )


async def offers_of(organization_ids: list[int] | tuple[int, ...]) -> list[int]:
    """The active offers of these organizations, to open a round on."""
    if not organization_ids:
        return []
    return await column_of(
        Offer.filter(**ON_SALE, product__organization_id__in=list(organization_ids)).order_by("id"), "id", int)


@dataclass(frozen=True)
class GroupPlace:
    """A group's name, time zone and country: how its rounds' dates and money are shown."""

    group_id: int
    group_name: str
    time_zone: str
    country_code: str
    pickup_weekday: int | None = None  # 0 Monday … 6 Sunday: the day its members usually pick up


async def group_place(
    *, group_id: int | None = None, round_id: int | None = None, slug: str | None = None
) -> GroupPlace:
    """The place of a group (by id, or by the slug that names its desk pages), or of the group of a round (one query)."""
    if group_id is not None:
        query = PurchasingGroup.filter(id=group_id)
    elif slug is not None:
        query = PurchasingGroup.filter(slug=slug)
    else:
        query = PurchasingGroup.filter(rounds__id=round_id)
    row = await query.first().values("id", "name", "territory__time_zone", "territory__country_code", "pickup_weekday")
    if row is None:
        raise NotFound("round_not_found" if group_id is None and slug is None else "group_not_found")
    return GroupPlace(row["id"], row["name"], row["territory__time_zone"], row["territory__country_code"],
                      row["pickup_weekday"])


async def round_of_offer(round_offer_id: int) -> int:
    """The round a round offer belongs to (the bot's buttons carry the offer alone, to stay short)."""
    round_id = await value_of(RoundOffer.filter(id=round_offer_id).first(), "round_id", int)
    if round_id is None:
        raise NotFound("round_offer_not_found")
    return round_id


async def organization_names(organization_ids: list[int]) -> dict[int, str]:
    return dict(await Organization.filter(id__in=sorted(set(organization_ids))).values_list("id", "name"))


async def may_see_bulk_order(round_id: int, organization_id: int, *, person_id: int) -> None:
    """A bulk order is for the group's coordinators and the organization's approved admins."""
    group_id = await value_of(OrderRound.filter(id=round_id).first(), "group_id", int)
    if group_id is None:
        raise NotFound("round_not_found")
    if await is_coordinator(group_id, person_id):
        return
    if not await Member.filter(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=MembershipStatus.APPROVED).exists():
        raise Forbidden("not_a_coordinator")


async def member_has_ordered(round_id: int, member_id: int) -> bool:
    """Whether a group member has any line in the round (reminders go to those who have not)."""
    return await MemberOrderRow.filter(round_offer__round_id=round_id, member_id=member_id).exists()


@dataclass(frozen=True, slots=True)
class OpenRound:
    """A group's round to open on these offers, closing at `closes_at` (aware); an empty pickup point: the group's."""

    group_id: int
    closes_at: datetime
    offer_ids: tuple[int, ...]
    pickup_point: str = ""
    pickup_on: date | None = None


async def open_round(command: OpenRound, *, by_person_id: int, now: datetime | None = None) -> RoundView:
    """A coordinator opens a round on active offers; price, fund rate, order unit and pack are frozen now.

    All offers must share one currency: a bill is one amount.
    The announcement and the members' reminders are owed in the same transaction (round_lifecycle).
    """
    now, group_id, closes_at = now or clock.now(), command.group_id, command.closes_at
    group = await PurchasingGroup.get_or_none(id=group_id)
    if group is None:
        raise NotFound("group_not_found")
    if not await is_coordinator(group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    if closes_at.tzinfo is None or closes_at <= now:
        raise Invalid("closes_at_in_past")
    # Members never pick up before they can order (the bot offers only later days; the desk's form is typed).
    time_zone = await value_of(PurchasingGroup.filter(id=group_id).first(), "territory__time_zone", str)
    if command.pickup_on is not None and command.pickup_on <= closes_at.astimezone(ZoneInfo(time_zone or "UTC")).date():
        raise Invalid("pickup_before_close", pickup=command.pickup_on)
    pickup_point = command.pickup_point.strip() or group.pickup_point
    if len(pickup_point) > PICKUP_POINT_LIMIT:
        raise Invalid("pickup_point_too_long", limit=PICKUP_POINT_LIMIT)
    wanted = sorted(set(command.offer_ids))
    if not wanted:
        raise Invalid("no_offers")
    offers = await Offer.filter(id__in=wanted, status=OfferStatus.ACTIVE, product__active=True,
                                product__organization__status=OrganizationStatus.APPROVED).select_related(
        "product__organization"
    ).order_by("id")  # the round's offers (its bills' and bulk orders' lines) in the offers' order, on any engine
    if len(offers) != len(wanted):
        missing = sorted(set(wanted) - {o.id for o in offers})
        raise NotFound("offer_not_found", offer_id=missing[0])
    if len({o.currency for o in offers}) > 1:
        raise Invalid("mixed_currencies")
    async with in_transaction():
        order_round = await OrderRound.create(
            group_id=group_id, number=await next_round_number(group_id), status=RoundStatus.OPEN, opens_at=now,
            closes_at=closes_at, pickup_point=pickup_point, pickup_on=command.pickup_on, created_by_id=by_person_id,
        )
        if command.pickup_on is not None:  # the group's usual day, offered first next time
            await PurchasingGroup.filter(id=group_id).update(pickup_weekday=command.pickup_on.weekday())
        await RoundOffer.bulk_create([
            RoundOffer(
                round_id=order_round.id, offer_id=o.id, price=o.price, currency=o.currency,
                fund_rate=o.product.organization.solidarity_fund_rate,
                margin_rate=o.product.organization.margin_rate, unit=o.unit,
                order_unit_quantity=o.order_unit_quantity, pack_size=o.pack_size, fund_inside=True,
            )
            for o in offers
        ])

        await owe_opening_notices(order_round, group.telegram_chat_id, now)
    return await get_round(order_round.id)


async def round_opened_since(group_id: int, person_id: int, since: datetime) -> int | None:
    """The round this person opened in the group at or after `since`, if any (the desk's form, posted again, finds
    the round its first post opened instead of opening a second one)."""
    return await value_of(OrderRound.filter(group_id=group_id, created_by_id=person_id, opens_at__gte=since)
                          .order_by("id").first(), "id", int)


async def next_round_number(group_id: int) -> int:
    """The number a group's new round takes: one more than its last (1 for its first). Called in the transaction
    that creates the round, after locking the group's row: two rounds opened at once take two numbers."""
    await PurchasingGroup.filter(id=group_id).select_for_update().first()
    last = await value_of(OrderRound.filter(group_id=group_id).order_by("-number").first(), "number", int)
    return (last or 0) + 1
