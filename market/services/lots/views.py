"""Whose stock the organization holds, for its admins: every offer's lots with stock, each producer's and its own.

The bot shows one lot at a time, on the stock card a producer or an admin posts (market.services.stock.lot_preview);
the desk lists them all (market.web.desk.org_lots), read-only: stock moves only by posting, sales and refunds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from market.errors import Forbidden
from market.models import Lot
from market.services.lots.preview import is_admin


@dataclass(frozen=True)
class LotLine:
    product_id: int
    product_name: str
    unit: str
    member_id: int | None  # None: the organization's own lot (bought in, or pooled)
    member_name: str | None  # None also for a member whose person was erased
    stock: Decimal
    stocked_since: datetime | None


async def organization_lots(organization_id: int, *, by_person_id: int) -> tuple[LotLine, ...]:
    """Every lot of the organization's active products that holds stock, by product then producer; one query.

    Forbidden("not_an_admin") for anyone but an approved admin.
    """
    if not await is_admin(organization_id, by_person_id):
        raise Forbidden("not_an_admin")
    rows = await Lot.filter(offer__product__organization_id=organization_id, offer__product__active=True,
                            stock__gt=0).order_by("offer__product__search_key", "offer__product_id",
                                                  "member__person__name", "id").values(
        "member_id", "stock", "stocked_since", product_id="offer__product_id", product_name="offer__product__name",
        unit="offer__unit", member_name="member__person__name")
    return tuple(LotLine(r["product_id"], r["product_name"], r["unit"], r["member_id"], r["member_name"],
                         Decimal(r["stock"]), r["stocked_since"]) for r in rows)
