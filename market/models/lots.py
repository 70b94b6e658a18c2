"""Whose stock an offer holds: each producer's lot, the organization's own, their history, and what orders took.

The invariant, kept in the same transaction by every write (market.services.lots):

    offer.stock == the sum of its lots' stock

An offer's stock is what buyers see and what checkout's guarded UPDATE protects; its lots say whose it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import LotChangeReason
from market.models.base import created_at, quantity

if TYPE_CHECKING:  # the models a relation points to, for the type checker only
    from market.models.catalog import Offer
    from market.models.groups import RoundOffer
    from market.models.orders import OrderLine
    from market.models.organizations import Member
    from market.models.places import Person


class Lot(Model):
    """A producer's share of an offer's stock, or the organization's own (member NULL: bought in, or pooled).

    One per (offer, member), and one own lot per offer: own_key holds the offer's id on the own lot and NULL on a
    member's, unique, since NULL members are distinct to a unique key. stocked_since is when posting last filled
    it from empty: checkout takes from the oldest first (market.rules.lots).
    """

    id = fields.IntField(primary_key=True)
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "market.Offer", related_name="lots", on_delete=fields.CASCADE
    )
    offer_id: int
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "market.Member", related_name="lots", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    own_key = fields.IntField(null=True, unique=True)
    stock = quantity(default=0)
    stocked_since = fields.DatetimeField(null=True)

    class Meta:
        table = "lot"
        unique_together = (("offer_id", "member_id"),)
        constraints = (CheckConstraint(check="CAST(stock AS NUMERIC) >= 0", name="lot_stock_not_negative"),)


class LotChange(Model):
    """A change of a lot's stock: who, before, after, why, the order line if a sale's, when. Never updated.

    A round's sale names its round offer instead of an order line."""

    id = fields.IntField(primary_key=True)
    lot: fields.ForeignKeyRelation[Lot] = fields.ForeignKeyField(
        "market.Lot", related_name="changes", on_delete=fields.CASCADE
    )
    lot_id: int
    by_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="lot_changes", null=True, on_delete=fields.SET_NULL
    )
    by_person_id: int | None
    before = quantity()
    after = quantity()
    reason = fields.CharEnumField(LotChangeReason, max_length=16)
    order_line: fields.ForeignKeyNullableRelation[OrderLine] = fields.ForeignKeyField(
        "market.OrderLine", related_name="lot_changes", null=True, on_delete=fields.SET_NULL
    )
    order_line_id: int | None
    round_offer: fields.ForeignKeyNullableRelation[RoundOffer] = fields.ForeignKeyField(
        "market.RoundOffer", related_name="lot_changes", null=True, on_delete=fields.SET_NULL
    )
    round_offer_id: int | None
    at = created_at()

    class Meta:
        table = "lot_change"
        indexes = (("lot_id", "at"),)


class LotTake(Model):
    """What an order line took from a lot, and when it was given back (once: the order cancelled or refused)."""

    id = fields.IntField(primary_key=True)
    order_line: fields.ForeignKeyRelation[OrderLine] = fields.ForeignKeyField(
        "market.OrderLine", related_name="lot_takes", on_delete=fields.CASCADE
    )
    order_line_id: int
    lot: fields.ForeignKeyRelation[Lot] = fields.ForeignKeyField(
        "market.Lot", related_name="takes", on_delete=fields.RESTRICT
    )
    lot_id: int
    quantity = quantity()
    returned_at = fields.DatetimeField(null=True)

    class Meta:
        table = "lot_take"
        indexes = (("order_line_id",), ("lot_id",))
        constraints = (CheckConstraint(check="CAST(quantity AS NUMERIC) > 0", name="lot_take_quantity_positive"),)


class RoundLotTake(Model):
    """What a round's closing took from a lot for one of its offers (market.services.lots.sales.take_for_round).

    A round's sale is the round offer's, not a member's line: its members' bills split it, the takes say whose
    produce it was. Never given back (a round is not cancelled once closed).
    """

    id = fields.IntField(primary_key=True)
    round_offer: fields.ForeignKeyRelation[RoundOffer] = fields.ForeignKeyField(
        "market.RoundOffer", related_name="lot_takes", on_delete=fields.CASCADE
    )
    round_offer_id: int
    lot: fields.ForeignKeyRelation[Lot] = fields.ForeignKeyField(
        "market.Lot", related_name="round_takes", on_delete=fields.RESTRICT
    )
    lot_id: int
    quantity = quantity()

    class Meta:
        table = "round_lot_take"
        indexes = (("round_offer_id",), ("lot_id",))
        constraints = (CheckConstraint(check="CAST(quantity AS NUMERIC) > 0", name="round_lot_take_quantity_positive"),)
