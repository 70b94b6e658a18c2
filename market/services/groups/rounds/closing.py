"""Extending, cancelling and closing an order round; closing makes packs, allocations, bills, ledger entries, notices.

    open ──extend_round──▶ open (later closes_at: reminders owed again for the new time)
    open ──cancel_round──▶ cancelled (rows kept for the record, no ledger entries)
    open ──close_round (a coordinator, or close_due_rounds: the timer at closes_at)──▶ closed   (read back: bills)

Closing sells: what the members got of each offer leaves its stock and its lots, oldest first (take_for_round).

The close is one transaction behind a conditional update (open → closed): of two coordinators,
or a coordinator and the timer, exactly one closes; every caller gets the same CloseResult
(`closed_now` tells who closed). Queries per close do not depend on the number of members.

Ledger, in the round's currency (a round has one, see open_round):
    member account, charge, -bill total      key round:<id>:member:<member_id>:charge
    solidarity fund, fund contribution, +Σ fund parts of an organization's offers
                                             key round:<id>:organization:<organization_id>:fund
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from market import clock
from market.aggregation import allocate, packs_to_order
from market.enums import LedgerAccount, LedgerKind, MemberRole, MembershipStatus, RoundStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.faults import fault_point
from market.models import (
    GroupMember,
    LedgerEntry,
    Member,
    OrderRound,
    PurchasingGroup,
    RoundAllocation,
    RoundOffer,
)
from market.orm import column_of, value_of
from market.rules.rounds import fund_part, line_amount
from market.services.catalog.version import bump_for_stock_moved
from market.services.groups.rounds.bills import CloseResult, order_rows, round_result
from market.services.groups.rounds.notices import owe_member_reminders, owe_round_change, reachable_members
from market.services.groups.rounds.views import OFFER_FIELDS, RoundView, get_round, is_coordinator, round_offer_view
from market.services.lots.sales import take_for_round
from market.services.messaging.notifications import enqueue_notifications

log = logging.getLogger(__name__)


async def close_round(round_id: int, *, by_person_id: int | None = None, now: datetime | None = None) -> CloseResult:
    """Close the round (None = the timer, only once `closes_at` has passed); closing it again returns the result."""
    now = now or clock.now()
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    if by_person_id is not None and not await is_coordinator(order_round.group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    closed_now = False
    if order_round.status == RoundStatus.OPEN:
        if by_person_id is None and now < order_round.closes_at:
            raise Conflict("round_not_due")
        async with in_transaction():
            due = OrderRound.filter(id=round_id, status=RoundStatus.OPEN)
            if by_person_id is None:  # the timer: not if a coordinator extended the round since it was read
                due = due.filter(closes_at__lte=now)
            closed_now = bool(await due.update(status=RoundStatus.CLOSED, closed_at=now))
            if closed_now:
                await _settle_close(order_round, now)
                await fault_point("round_close.bills_written")  # a kill here must leave the round open
    if not closed_now:
        status = await value_of(OrderRound.filter(id=round_id).first(), "status", RoundStatus)
        if status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
            raise Conflict("round_not_closable", status=str(status))
    return await round_result(round_id, closed_now)


async def _settle_close(order_round: OrderRound, now: datetime) -> None:
    """Allocate every offer's packs, write allocations, charges, fund entries and notices in bulk."""
    round_id = order_round.id
    offers = [round_offer_view(o) for o in await RoundOffer.filter(round_id=round_id).values(*OFFER_FIELDS)]
    rows_by_offer = await order_rows(round_id)
    allocations: list[RoundAllocation] = []
    charges: defaultdict[int, Decimal] = defaultdict(Decimal)  # by member
    funds: defaultdict[int, Decimal] = defaultdict(Decimal)  # by organization
    got: set[int] = set()
    short: set[int] = set()
    sold: dict[int, int] = {}  # units the members got, by round offer
    currency = offers[0].currency if offers else ""
    for offer in offers:
        rows = rows_by_offer.get(offer.id, [])
        q, t = sum(r.quantity for r in rows), sum(r.tolerance for r in rows)
        units = packs_to_order(offer.pack_size, q, t) * offer.pack_size
        ordered: dict[int, int] = defaultdict(int)
        for r in rows:
            ordered[r.member] += r.quantity
        for member_id, given in allocate(rows, units).items():
            sold[offer.id] = sold.get(offer.id, 0) + given.total
            amount = line_amount(given.total, offer.member_price)
            fund = fund_part(given.total, offer.member_price, offer.producer_price)
            allocations.append(RoundAllocation(
                round_offer_id=offer.id, member_id=member_id, quantity=given.quantity, tolerance=given.tolerance,
                amount=amount, fund_amount=fund,
            ))
            charges[member_id] += amount
            funds[offer.organization_id] += fund
            if given.total:
                got.add(member_id)
            if given.quantity < ordered[member_id]:
                short.add(member_id)
    await RoundAllocation.bulk_create(allocations)
    # What the round sold leaves the offers and their lots, oldest first: locked in (organization, offer) order,
    # as checkout locks them, so a close and a checkout never deadlock.
    selling = sorted((o for o in offers if sold.get(o.id)), key=lambda o: (o.organization_id, o.offer_id))
    taken = {}  # by offer (a round holds an offer once)
    for offer in selling:
        taken[offer.offer_id] = await take_for_round(offer.offer_id, offer.id, sold[offer.id], offer.order_unit_quantity)
    await bump_for_stock_moved({offer_id: -quantity for offer_id, quantity in taken.items()})  # search, cards show it
    group_id = order_round.group_id
    await LedgerEntry.bulk_create(
        [LedgerEntry(account=LedgerAccount.MEMBER, kind=LedgerKind.CHARGE, group_id=group_id, member_id=m,
                     round_id=round_id, amount=-total, currency=currency,
                     idempotency_key=f"round:{round_id}:member:{m}:charge")
         for m, total in sorted(charges.items()) if total]
        + [LedgerEntry(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION, group_id=group_id,
                       organization_id=org, round_id=round_id, amount=fund, currency=currency,
                       idempotency_key=f"round:{round_id}:organization:{org}:fund")
           for org, fund in sorted(funds.items()) if fund]
    )
    await _notify(round_id, group_id, got, short, {o.organization_id for o in offers}, now)


async def _notify(
    round_id: int, group_id: int, got: set[int], short: set[int], organization_ids: set[int], now: datetime
) -> None:
    """Owe the messages in one insert (enqueue_notification is one query per message); the close runs once,
    and the dedupe keys still keep any later enqueue of the same cause out. The group's chat, when it has
    one, gets the round's summary."""
    # The whole group, filtered here: an IN list of 2,000 ids would hit SQLite's variable limit.
    group = await GroupMember.filter(group_id=group_id, person__telegram_user_id__isnull=False).values_list(
        "id", "person_id", "person__telegram_user_id"
    )
    members = [m for m in group if m[0] in got or m[0] in short]
    admins = await Member.filter(
        organization_id__in=sorted(organization_ids), role=MemberRole.ADMIN, status=MembershipStatus.APPROVED,
        person__telegram_user_id__isnull=False,
    ).values_list("organization_id", "person_id", "person__telegram_user_id")
    owed = []
    for member_id, person_id, chat_id in members:
        params = {"round_id": round_id, "member_id": member_id}
        if member_id in got:
            owed.append((chat_id, person_id, "round_bill", params, f"round:{round_id}:bill:{member_id}"))
        if member_id in short:
            owed.append((chat_id, person_id, "round_pack_unfilled", params, f"round:{round_id}:unfilled:{member_id}"))
    for organization_id, person_id, chat_id in admins:
        params = {"round_id": round_id, "organization_id": organization_id}
        key = f"round:{round_id}:bulk_order:{organization_id}:{person_id}"
        owed.append((chat_id, person_id, "round_bulk_order", params, key))
    group_chat = await PurchasingGroup.filter(id=group_id).first().values_list("telegram_chat_id", flat=True)
    if group_chat is not None:
        summary = {"round_id": round_id, "group_id": group_id}
        owed.append((group_chat, None, "round_summary", summary, f"round:{round_id}:summary"))
    await enqueue_notifications(owed, not_before=now)


async def extend_round(
    round_id: int, *, by_person_id: int, closes_at: datetime, pickup_on: date | None = None,
    now: datetime | None = None,
) -> RoundView:
    """A coordinator moves an open round's close later; the group's chat and members who ordered are told.

    A close on or after the round's pickup day must move the pickup too (`pickup_on`, after the new close's day,
    in the group's time zone): members never pick up before they can order.
    """
    now = now or clock.now()
    order_round = await _round_of_coordinator(round_id, by_person_id)
    before = order_round.closes_at
    if order_round.status != RoundStatus.OPEN or now >= before:
        raise Conflict("round_closed")
    if closes_at.tzinfo is None or closes_at <= before:
        raise Invalid("closes_at_not_later")
    time_zone = await value_of(PurchasingGroup.filter(id=order_round.group_id).first(), "territory__time_zone", str)
    closing_day = closes_at.astimezone(ZoneInfo(time_zone or "UTC")).date()
    pickup = pickup_on or order_round.pickup_on
    if pickup is not None and pickup <= closing_day:
        raise Invalid("pickup_before_close", pickup=pickup)
    async with in_transaction():
        # The close as read: a close (the timer's or a coordinator's) or another extension in between wins.
        if not await OrderRound.filter(id=round_id, status=RoundStatus.OPEN, closes_at=before).update(
            closes_at=closes_at, pickup_on=pickup
        ):
            raise Conflict("round_closed")
        await owe_round_change(order_round, "round_extended", f"extended:{int(closes_at.timestamp())}", now)
        members = await reachable_members(order_round.group_id)
        await owe_member_reminders(order_round.id, order_round.group_id, closes_at, members, now)
    return await get_round(round_id)


async def cancel_round(round_id: int, *, by_person_id: int, now: datetime | None = None) -> RoundView:
    """A coordinator cancels an open round before it closes: nothing is allocated or charged, rows stay."""
    now = now or clock.now()
    order_round = await _round_of_coordinator(round_id, by_person_id)
    async with in_transaction():
        if not await OrderRound.filter(id=round_id, status=RoundStatus.OPEN, closes_at__gt=now).update(
            status=RoundStatus.CANCELLED, closed_at=now
        ):
            raise Conflict("round_closed")
        await owe_round_change(order_round, "round_cancelled", "cancelled", now)
    return await get_round(round_id)


async def close_due_rounds(*, now: datetime | None = None, limit: int = 50) -> list[int]:
    """The timer: close the open rounds whose time has come; the ids this call closed.

    Two timers (or a timer and a coordinator) may close the same round: close_round closes it once.
    """
    now = now or clock.now()
    due = await column_of(OrderRound.filter(
        status=RoundStatus.OPEN, closes_at__lte=now).order_by("closes_at", "id").limit(limit), "id", int)
    closed = []
    for round_id in due:
        try:
            result = await close_round(round_id, by_person_id=None, now=now)
        except Conflict:
            continue  # extended or cancelled since it was read
        except Exception:  # one round's failure must not keep the others open
            log.exception("rounds: the timer could not close round %s", round_id)
            continue
        if result.closed_now:
            closed.append(round_id)
    return closed


async def next_closing_at() -> datetime | None:
    """When the next open round closes, so that the timer can sleep until then."""
    return await value_of(
        OrderRound.filter(status=RoundStatus.OPEN).order_by("closes_at").first(), "closes_at", datetime)


async def _round_of_coordinator(round_id: int, person_id: int) -> OrderRound:
    order_round = await OrderRound.filter(id=round_id).select_related("group").first()
    if order_round is None:
        raise NotFound("round_not_found")
    if not await is_coordinator(order_round.group_id, person_id):
        raise Forbidden("not_a_coordinator")
    return order_round
