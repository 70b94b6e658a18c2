"""What a stock card shows before publishing: each line's lot and offer now; and whom an admin may post for."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from market.enums import MemberRole, MembershipStatus
from market.errors import Forbidden
from market.models import Lot, Member, Offer

# Members shown per page of the "For:" chooser (a phone's screen of buttons).
PAGE = 8


async def lots_now(offer_ids: list[int], member_id: int | None) -> dict[int, tuple[Decimal, Decimal]]:
    """(the lot's stock, the offer's stock) by offer, for a member's lot (None: the organization's own).

    Read without a lock: the card shows them, publishing reads them again under the offer's lock. Two queries
    whatever the number of lines.
    """
    offers = dict(await Offer.filter(id__in=offer_ids).values_list("id", "stock"))
    lots = Lot.filter(offer_id__in=offer_ids)
    lots = lots.filter(member_id=member_id) if member_id is not None else lots.filter(own_key__isnull=False)
    stock = dict(await lots.values_list("offer_id", "stock"))
    return {i: (Decimal(stock.get(i, 0)), Decimal(s)) for i, s in offers.items()}


@dataclass(frozen=True)
class LotPoster:
    """An approved member an admin may post a lot for."""

    person_id: int
    name: str


async def lot_posters(organization_id: int, *, by_person_id: int, page: int = 0) -> tuple[tuple[LotPoster, ...], bool]:
    """The organization's approved members by name, one page, and whether more follow; only for an admin.

    Forbidden("not_an_admin") for anyone else: only an admin posts for another member.
    """
    if not await is_admin(organization_id, by_person_id):
        raise Forbidden("not_an_admin")
    rows = await Member.filter(organization_id=organization_id, status=MembershipStatus.APPROVED).order_by(
        "person__name", "person_id").offset(max(page, 0) * PAGE).limit(PAGE + 1).values_list(
        "person_id", "person__name")
    return tuple(LotPoster(i, name) for i, name in rows[:PAGE]), len(rows) > PAGE


async def poster_name(organization_id: int, person_id: int) -> str | None:
    """An approved member's name (None: not one), for the card's "For:" button."""
    row = await Member.filter(organization_id=organization_id, person_id=person_id,
                              status=MembershipStatus.APPROVED).first().values_list("person__name")
    return row[0] if row else None


async def is_admin(organization_id: int, person_id: int) -> bool:
    """Whether the person is an approved admin of the organization: one who may post for others."""
    return await Member.exists(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=MembershipStatus.APPROVED)
