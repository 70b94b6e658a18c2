"""Purchasing groups, their members, order rounds, round offers and member order rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import GroupJoinPolicy, GroupMemberStatus, GroupRole, JoinRequestStatus, RoundStatus
from market.models.base import created_at, currency, money, quantity, rate, unit_code

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Offer
    from market.models.places import Person, Territory


class PurchasingGroup(Model):
    """Families that pool their orders to buy by the case or sack, with their own Telegram group."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=160)
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="purchasing_groups", on_delete=fields.RESTRICT
    )
    territory_id: int
    pickup_point = fields.TextField(default="")
    pickup_weekday = fields.SmallIntField(null=True)  # 0 Monday … 6 Sunday: the last round's pickup day
    telegram_chat_id = fields.BigIntField(unique=True, null=True)
    # The payload of the group's invite link; a coordinator replaces it to stop old links working.
    invite_code = fields.CharField(max_length=32, unique=True, null=True)
    # Open: the link makes a member. Approval: the link makes a request a coordinator answers.
    join_policy = fields.CharEnumField(GroupJoinPolicy, max_length=16, default=GroupJoinPolicy.OPEN,
                                       db_default=GroupJoinPolicy.OPEN)
    created_at = created_at()

    class Meta:
        table = "purchasing_group"


class GroupMember(Model):
    """A person in a purchasing group, as coordinator or member."""

    id = fields.IntField(primary_key=True)
    group: fields.ForeignKeyRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="members", on_delete=fields.CASCADE
    )
    group_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="group_memberships", on_delete=fields.RESTRICT
    )
    person_id: int
    role = fields.CharEnumField(GroupRole, max_length=16, default=GroupRole.MEMBER)
    status = fields.CharEnumField(GroupMemberStatus, max_length=16, default=GroupMemberStatus.ACTIVE)
    joined_at = created_at()

    class Meta:
        table = "group_member"
        unique_together = (("group_id", "person_id"),)
        indexes = (("person_id",),)


class GroupJoinRequest(Model):
    """A person's request to join a group that approves newcomers, and its outcome: who decided, when, why.

    Kept for good, as the group's record of who asked and who let them in. `pending_key` holds "group:person"
    while the request waits and NULL after: unique, so a person has one waiting request per group at most, on
    both engines (NULLs never clash), however many presses arrive at once.
    """

    id = fields.IntField(primary_key=True)
    group: fields.ForeignKeyRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="join_requests", on_delete=fields.CASCADE
    )
    group_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="group_join_requests", on_delete=fields.RESTRICT
    )
    person_id: int
    status = fields.CharEnumField(JoinRequestStatus, max_length=16, default=JoinRequestStatus.PENDING)
    pending_key = fields.CharField(max_length=32, unique=True, null=True)
    asked_at = created_at()
    decided_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="group_joins_decided", null=True, on_delete=fields.RESTRICT
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    reason = fields.TextField(default="")  # a refusal's, optional: the person who asked reads it

    class Meta:
        table = "group_join_request"
        indexes = (("group_id", "status"), ("person_id",))


class OrderRound(Model):
    """A group's buying window: open until `closes_at`, then closed, then settled."""

    id = fields.IntField(primary_key=True)
    group: fields.ForeignKeyRelation[PurchasingGroup] = fields.ForeignKeyField(
        "market.PurchasingGroup", related_name="rounds", on_delete=fields.RESTRICT
    )
    group_id: int
    number = fields.IntField(default=0, db_default=0)  # in its group: 1 for the group's first (next_round_number)
    status = fields.CharEnumField(RoundStatus, max_length=16, default=RoundStatus.OPEN)
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    pickup_point = fields.TextField(default="")
    pickup_on = fields.DateField(null=True)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="rounds_opened", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    closed_at = fields.DatetimeField(null=True)
    created_at = created_at()

    class Meta:
        table = "order_round"
        indexes = (("group_id", "status"), ("status", "closes_at"))


class RoundOffer(Model):
    """An offer included in a round, with its price and pack frozen when the round opened."""

    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[OrderRound] = fields.ForeignKeyField(
        "market.OrderRound", related_name="offers", on_delete=fields.CASCADE
    )
    round_id: int
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "market.Offer", related_name="round_offers", on_delete=fields.RESTRICT
    )
    offer_id: int
    price = money()
    currency = currency()
    fund_rate = rate()
    # The organization's margin (market.rules.statements) on what the round sells of it, frozen like the price.
    margin_rate = rate(default=0, db_default=0)
    # True: the member price is the offer's own price for an order unit, the fund's share inside it, as in the cart.
    # The rounds opened before migration 0031 priced the share on top of the producer's price, and keep that
    # (the column's default, False, is what they got); every round opened since is made with True.
    fund_inside = fields.BooleanField(default=True, db_default=False)
    unit = unit_code()
    order_unit_quantity = quantity()
    pack_size = fields.IntField()
    # Whole order units actually delivered, recorded at settlement.
    units_received = fields.IntField(null=True)

    class Meta:
        table = "round_offer"
        unique_together = (("round_id", "offer_id"),)
        constraints = (CheckConstraint(check="pack_size >= 1", name="round_offer_pack_size_positive"),)


class MemberOrderRow(Model):
    """One timestamped row of a member's order line: later increases queue behind earlier orders."""

    id = fields.IntField(primary_key=True)
    round_offer: fields.ForeignKeyRelation[RoundOffer] = fields.ForeignKeyField(
        "market.RoundOffer", related_name="rows", on_delete=fields.CASCADE
    )
    round_offer_id: int
    member: fields.ForeignKeyRelation[GroupMember] = fields.ForeignKeyField(
        "market.GroupMember", related_name="order_rows", on_delete=fields.RESTRICT
    )
    member_id: int
    quantity = fields.IntField()
    tolerance = fields.IntField(default=0)
    at = fields.DatetimeField()

    class Meta:
        table = "member_order_row"
        indexes = (("round_offer_id", "at"), ("member_id",))
        constraints = (
            CheckConstraint(check="quantity >= 0 AND tolerance >= 0", name="member_order_row_not_negative"),
        )


class RoundAllocation(Model):
    """What a member takes home from one round offer, decided when the round closes."""

    id = fields.IntField(primary_key=True)
    round_offer: fields.ForeignKeyRelation[RoundOffer] = fields.ForeignKeyField(
        "market.RoundOffer", related_name="allocations", on_delete=fields.CASCADE
    )
    round_offer_id: int
    member: fields.ForeignKeyRelation[GroupMember] = fields.ForeignKeyField(
        "market.GroupMember", related_name="allocations", on_delete=fields.RESTRICT
    )
    member_id: int
    quantity = fields.IntField()
    tolerance = fields.IntField()
    amount = money()
    fund_amount = money()

    class Meta:
        table = "round_allocation"
        unique_together = (("round_offer_id", "member_id"),)
        constraints = (
            CheckConstraint(check="quantity >= 0 AND tolerance >= 0", name="round_allocation_not_negative"),
        )
