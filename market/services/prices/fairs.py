"""Fair-market events: an organization's admin or a network's reviewer announces a feria; its followers hear of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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

    def __post_init__(self) -> None:
        if (self.organization_id is None) == (self.network_id is None):
            raise Invalid("fair_announcer_needed")


async def announce_fair(command: AnnounceFair, *, by_person_id: int, now: datetime | None = None) -> FairView:
    """Record the feria and, in the same transaction, owe its alerts (so a feria never goes unannounced)."""
    await _check_announcer(by_person_id, command.organization_id, command.network_id)
    title, place, participants = command.title.strip(), command.place.strip(), command.participants
    if not title or len(title) > MAX_TITLE:
        raise Invalid("fair_title_length", max=MAX_TITLE)
    if not place or len(place) > MAX_PLACE:
        raise Invalid("fair_place_length", max=MAX_PLACE)
    if len(participants) > MAX_PARTICIPANTS:
        raise Invalid("fair_participants_too_long", limit=MAX_PARTICIPANTS)
    if command.starts_at <= (now or clock.now()):
        raise Invalid("moment_past")
    if not await Territory.exists(id=command.territory_id):
        raise NotFound("territory_not_found")
    async with in_transaction():
        fair = await FairEvent.create(
            organization_id=command.organization_id, network_id=command.network_id, title=title,
            starts_at=command.starts_at, place=place, territory_id=command.territory_id,
            participants=participants.strip(), created_by_id=by_person_id)
        await owe_fair_alerts(fair, now=now)
    return await get_fair(fair.id)


async def get_fair(fair_id: int) -> FairView:
    row = await FairEvent.filter(id=fair_id).first().values(
        "id", "title", "starts_at", "place", "participants", territory_name="territory__name",
        time_zone="territory__time_zone", country_code="territory__country_code",
        organization_name="organization__name", network_name="network__name")
    if row is None:
        raise NotFound("fair_not_found")
    return FairView(row["id"], row["title"], row["starts_at"], row["place"], row["territory_name"], row["time_zone"],
                    row["country_code"], row["participants"], row["organization_name"] or row["network_name"])


async def _check_announcer(person_id: int, organization_id: int | None, network_id: int | None) -> None:
    if organization_id is not None:
        if not await Member.filter(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                                   status=MembershipStatus.APPROVED).exists():
            raise Forbidden("not_an_admin")
    elif not await PgsReviewer.filter(network_id=network_id, person_id=person_id, active=True,
                                      network__status=NetworkStatus.APPROVED).exists():
        raise Forbidden("not_a_reviewer")
