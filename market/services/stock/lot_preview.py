"""A stock card's lots before publishing: "Tu lote: 80 → 10 kg · En venta: 120 → 50 kg" for each line."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from market.enums import MembershipStatus
from market.models import Member, Offer, Organization
from market.orm import value_of
from market.rules.lots import lot_after
from market.rules.orders import QUANTITY_PLACES
from market.rules.units import convert
from market.services.lots.posting import LotMove
from market.services.lots.preview import is_admin, lots_now, poster_name
from market.services.stock.drafts import StockDraft
from market.services.territories.units import local_units


@dataclass(frozen=True)
class LotPreview:
    """Each line's lot and offer before → after (by line number), and whose lot the card posts on."""

    moves: dict[int, tuple[LotMove, str]]  # line number → (the move, the offer's unit)
    admin: bool  # the poster may post for another member: the card offers "For:"
    for_name: str | None  # the member an admin posts for; None: the poster's own lot, or an admin's organization's
    # line number → (the lot, what the line takes away, the offer's unit): "-N" beyond the lot, refused on publishing
    short: dict[int, tuple[Decimal, Decimal, str]] = field(default_factory=dict)


async def preview_lots(draft: StockDraft, *, by_person_id: int) -> LotPreview:
    """What publishing the (read) draft would do to the lots now; lines it would refuse show nothing.

    Read only: publishing reads the lots again under the offer's lock, and refuses what no longer holds.
    """
    organization_id = draft.organization_id
    if organization_id is None:
        return LotPreview({}, False, None)
    admin = await is_admin(organization_id, by_person_id)
    for_name = await poster_name(organization_id, draft.lot_for) if admin and draft.lot_for is not None else None
    if admin:
        member_id = await _member_id(organization_id, draft.lot_for) if for_name is not None else None
    else:
        member_id = await _member_id(organization_id, by_person_id)
    lines = [line for line in draft.read_lines if line.stock is not None and line.problem is None]
    products = [line.product_id for line in lines if line.product_id is not None]
    offers = {p: (i, u) for i, p, u in await Offer.filter(product_id__in=products).values_list("id", "product_id", "unit")}
    now = await lots_now([i for i, _ in offers.values()], member_id)
    territory = await value_of(Organization.filter(id=organization_id).first(), "territory_id", int)
    local = await local_units(territory) if territory is not None else {}
    moves, short = {}, {}
    for line in lines:
        stock = line.stock
        assert stock is not None  # kept above
        offer_id, unit = offers.get(line.product_id or 0, (None, stock.unit))
        lot, total = now.get(offer_id or 0, (Decimal(0), Decimal(0)))
        quantity = Decimal(0) if stock.quantity == 0 else convert(stock.quantity, stock.unit, unit, local, stock.content)
        if quantity is None:
            continue  # publishing refuses it, with the numbers
        quantity = quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES))
        if (after := lot_after(stock.mode, lot, quantity)) is None:
            short[line.number] = (lot, quantity, unit)  # taking away more than the lot holds
            continue
        moves[line.number] = (LotMove(lot, after, total, total + after - lot, member_id is None), unit)
    return LotPreview(moves, admin, for_name, short)


async def _member_id(organization_id: int, person_id: int | None) -> int | None:
    return await value_of(Member.filter(organization_id=organization_id, person_id=person_id,
                                        status=MembershipStatus.APPROVED).first(), "id", int)
