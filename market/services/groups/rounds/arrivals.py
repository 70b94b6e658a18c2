"""What arrived of a closed round's bulk orders, as a coordinator records it: per offer ordered from a producer,
the units ordered at the close, the units recorded as arrived (record_units_received), and those handed out now.

| ordered at the close | recorded as arrived | handed out now (members' allocations)    |
|----------------------|---------------------|------------------------------------------|
| 8 (2 packs of 4)     | None                | 8: nothing recorded, the bills stand     |
| 8                    | 6                   | 6: two units fewer, by first-come rules  |
| 8                    | 0                   | 0: it never came, nobody pays for it     |
"""

from __future__ import annotations

from dataclasses import dataclass

from market.aggregation import packs_to_order
from market.enums import RoundStatus
from market.errors import Conflict, Forbidden, NotFound
from market.models import OrderRound, RoundAllocation, RoundOffer
from market.orm import value_of
from market.services.groups.rounds.bills import order_rows
from market.services.groups.rounds.views import RoundOfferView, get_round, is_coordinator


@dataclass(frozen=True)
class Arrival:
    """One offer of the round's bulk orders: what was ordered of its producer, what came, what members get."""

    offer: RoundOfferView
    ordered: int  # order units ordered at the close (whole packs)
    received: int | None  # order units recorded as arrived; None until recorded
    handed_out: int  # order units the members get now


async def round_arrivals(round_id: int, *, viewer_person_id: int) -> tuple[Arrival, ...]:
    """For the group's coordinators, once the round is closed (or settled): each offer ordered of a producer."""
    group_id = await value_of(OrderRound.filter(id=round_id).first(), "group_id", int)
    if group_id is None:
        raise NotFound("round_not_found")
    if not await is_coordinator(group_id, viewer_person_id):
        raise Forbidden("not_a_coordinator")
    view = await get_round(round_id)
    if view.status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        raise Conflict("round_not_closed", status=str(view.status))
    rows = await order_rows(round_id)
    received = dict(await RoundOffer.filter(round_id=round_id).values_list("id", "units_received"))
    handed_out: dict[int, int] = {}
    for offer_id, quantity, tolerance in await RoundAllocation.filter(round_offer__round_id=round_id).values_list(
        "round_offer_id", "quantity", "tolerance"
    ):
        handed_out[offer_id] = handed_out.get(offer_id, 0) + quantity + tolerance
    arrivals = []
    for offer in view.offers:
        offer_rows = rows.get(offer.id, [])
        q, t = sum(r.quantity for r in offer_rows), sum(r.tolerance for r in offer_rows)
        ordered = packs_to_order(offer.pack_size, q, t) * offer.pack_size
        if ordered or received.get(offer.id) is not None:
            arrivals.append(Arrival(offer, ordered, received.get(offer.id), handed_out.get(offer.id, 0)))
    return tuple(arrivals)
