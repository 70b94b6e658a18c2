"""Fair-market events: an organization's admin or a network's reviewer announces a feria; its followers hear of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, NetworkStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import FairEvent, Member, PgsReviewer, Territory
from market.services.alerts.fanout import owe_fair_alerts

MAX_TITLE, MAX_PLACE, MAX_PARTICIPANTS = 160, 255, 2000


@dataclass(frozen=True)
class FairView:
    id: int
    title: str
    starts_at: datetime
    place: str
    territory_name: str
    time_zone: str
    country_code: str
    participants: str
    announced_by: str  # the organization's or the network's name
    ends_at: datetime | None = None  # None: the announcer did not say
    organization_slug: str | None = None  # when an organization announced it: its page
    territory_code: str = ""


@dataclass(frozen=True, slots=True)
class AnnounceFair:
    """A feria to announce: what, when, where, who will be there; by an organization or a PGS network."""

    title: str
    starts_at: datetime
    place: str
    territory_id: int
    participants: str = ""
    organization_id: int | None = None
    network_id: int | None = None
    ends_at: datetime | None = None

    def __post_init__(self) -> None:
        if (self.organization_id is None) == (self.network_id is None):
            raise Invalid("fair_announcer_needed")


def check_fair_ends(starts_at: datetime, ends_at: datetime | None) -> None:
    """A feria ends after it starts (no end said is fine): Invalid("fair_ends_before_it_starts") otherwise."""
    if ends_at is not None and ends_at <= starts_at:
        raise Invalid("fair_ends_before_it_starts", starts_at=starts_at, ends_at=ends_at)


async def announce_fair(command: AnnounceFair, *, by_person_id: int, now: datetime | None = None) -> FairView:
    """Record the feria and, in the same transaction, owe its alerts (so a feria never goes unannounced)."""
    await _check_announcer(by_person_id, command.organization_id, command.network_id, committee=True)
    title, place, participants = command.title.strip(), command.place.strip(), command.participants
    if not title or len(title) > MAX_TITLE:
        raise Invalid("fair_title_length", max=MAX_TITLE)
    if not place or len(place) > MAX_PLACE:
        raise Invalid("fair_place_length", max=MAX_PLACE)
    if len(participants) > MAX_PARTICIPANTS:
        raise Invalid("fair_participants_too_long", limit=MAX_PARTICIPANTS)
    if command.starts_at <= (now or clock.now()):
        raise Invalid("moment_past")
    check_fair_ends(command.starts_at, command.ends_at)
    if not await Territory.exists(id=command.territory_id):
        raise NotFound("territory_not_found")
    async with in_transaction():
        fair = await FairEvent.create(
            organization_id=command.organization_id, network_id=command.network_id, title=title,
            starts_at=command.starts_at, ends_at=command.ends_at, place=place, territory_id=command.territory_id,
            participants=participants.strip(), created_by_id=by_person_id)
        await owe_fair_alerts(fair, now=now)
    return await get_fair(fair.id)


async def get_fair(fair_id: int) -> FairView:
    rows = await fair_rows(FairEvent.filter(id=fair_id))
    if not rows:
        raise NotFound("fair_not_found")
    return rows[0]


FAIR_FIELDS = ("id", "title", "starts_at", "ends_at", "place", "participants")
FAIR_RELATED = {"territory_name": "territory__name", "territory_code": "territory__code",
                "time_zone": "territory__time_zone", "country_code": "territory__country_code",
                "organization_name": "organization__name", "organization_slug": "organization__slug",
                "network_name": "network__name"}


async def fair_rows(query: QuerySet[FairEvent]) -> list[FairView]:
    """The ferias a query finds, as views (market.services.prices.fair_calendar lists them)."""
    rows = await query.values(*FAIR_FIELDS, **FAIR_RELATED)
    return [FairView(r["id"], r["title"], r["starts_at"], r["place"], r["territory_name"], r["time_zone"],
                     r["country_code"], r["participants"], r["organization_name"] or r["network_name"],
                     ends_at=r["ends_at"], organization_slug=r["organization_slug"], territory_code=r["territory_code"])
            for r in rows]


async def _check_announcer(person_id: int, organization_id: int | None, network_id: int | None, *,
                           committee: bool = False) -> None:
    """An approved admin of the organization; or an active reviewer of the approved network, on its committee when
    `committee` (a network's feria is its committee's to announce; any of its reviewers declares a fair price)."""
    if organization_id is not None:
        if not await Member.filter(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                                   status=MembershipStatus.APPROVED).exists():
            raise Forbidden("not_an_admin")
        return
    seat = await PgsReviewer.filter(network_id=network_id, person_id=person_id, active=True,
                                    network__status=NetworkStatus.APPROVED).first().values("committee", "person__name")
    if seat is None:
        raise Forbidden("not_a_reviewer")
    if committee and not seat["committee"]:
        raise Forbidden("not_on_committee", person=seat["person__name"])
