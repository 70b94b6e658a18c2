"""An order round's life around the orders: announced, reminded, extended or cancelled, closed on time, read back.

    open ──extend_round──▶ open (later closes_at: reminders owed again for the new time)
    open ──cancel_round──▶ cancelled (rows kept for the record, no ledger entries)
    open ──close_due_rounds (the timer, at closes_at) / a coordinator (round_close)──▶ closed

Messages are owed to the outbox in the transaction of the change; the bot renders them when it sends
and skips one that no longer applies (a reminder whose closes_at no longer matches the round's, whose
member has ordered, or whose round is not open), so nothing owed is ever withdrawn. Dedupe keys:

    round_opened     round:<id>:opened:chat              (the group's chat)  or  round:<id>:opened:<member_id>
    round_reminder   round:<id>:reminder:<closes_at as a Unix time>:day|hour:<member_id>
    round_extended   round:<id>:extended:<new closes_at as a Unix time>:chat  or  ...:<member_id>
    round_cancelled  round:<id>:cancelled:chat  or  round:<id>:cancelled:<member_id>
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from tortoise.expressions import Subquery
from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from market import clock
from market.aggregation import missing_to_complete, packs_to_order
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import GroupMember, MemberOrderRow, Notification, OrderRound, PurchasingGroup, RoundOffer
from market.models.enums import GroupMemberStatus, GroupRole, RoundStatus
from market.services.notifications import enqueue_notification, enqueue_notifications
from market.services.round_bills import get_bulk_orders, round_result
from market.services.round_close import close_round
from market.services.rounds import RoundOfferView, RoundView, is_coordinator, get_round
from market.spreadsheet import csv_text

log = logging.getLogger(__name__)

# How long before the close a member who has not ordered is reminded.
REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))
CSV_HEADER = ("product", "order_unit", "pack_size", "packs", "units", "producer_price", "producer_amount", "currency")


@dataclass(frozen=True)
class BoardOffer:
    """One offer as a member sees it while ordering: how the packs are filling, and their own line."""

    offer: RoundOfferView
    total_quantity: int
    total_tolerance: int
    packs_to_order: int
    missing_to_complete: int
    my_quantity: int
    my_tolerance: int


@dataclass(frozen=True)
class RoundBoard:
    round: RoundView
    member_id: int  # the viewer's GroupMember id
    role: GroupRole
    offers: tuple[BoardOffer, ...]  # in the order of round.offers


@dataclass(frozen=True)
class PickupLine:
    product_name: str
    units: int  # order units allocated (quantity + tolerance)
    order_unit_quantity: Decimal
    unit: str
    amount: Decimal


@dataclass(frozen=True)
class PickupMember:
    member_id: int
    name: str
    lines: tuple[PickupLine, ...]
    total: Decimal  # the member's bill


@dataclass(frozen=True)
class PickupList:
    """What each member takes home from the round's pickup point (a round has one)."""

    round_id: int
    pickup_point: str
    pickup_on: date | None
    currency: str
    members: tuple[PickupMember, ...]  # by name


@dataclass(frozen=True)
class RoundSummary:
    id: int
    status: RoundStatus
    closes_at: datetime
    pickup_on: date | None
    offers: int
    members_ordered: int


async def extend_round(
    round_id: int, *, by_person_id: int, closes_at: datetime, now: datetime | None = None
) -> RoundView:
    """A coordinator moves an open round's close later; the group's chat and members who ordered are told."""
    now = now or clock.now()
    order_round = await _round_of_coordinator(round_id, by_person_id)
    before = order_round.closes_at
    if order_round.status != RoundStatus.OPEN or now >= before:
        raise Conflict("round_closed")
    if closes_at.tzinfo is None or closes_at <= before:
        raise Invalid("closes_at_not_later")
    async with in_transaction():
        # The close as read: a close (the timer's or a coordinator's) or another extension in between wins.
        if not await OrderRound.filter(id=round_id, status=RoundStatus.OPEN, closes_at=before).update(
            closes_at=closes_at
        ):
            raise Conflict("round_closed")
        await _owe_change(order_round, "round_extended", f"extended:{int(closes_at.timestamp())}", now)
        members = await _reachable_members(order_round.group_id)
        await _owe_reminders(order_round.id, order_round.group_id, closes_at, members, now)
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
        await _owe_change(order_round, "round_cancelled", "cancelled", now)
    return await get_round(round_id)


async def close_due_rounds(*, now: datetime | None = None, limit: int = 50) -> list[int]:
    """The timer: close the open rounds whose time has come; the ids this call closed.

    Two timers (or a timer and a coordinator) may close the same round: close_round closes it once.
    """
    now = now or clock.now()
    due = await OrderRound.filter(status=RoundStatus.OPEN, closes_at__lte=now).order_by("closes_at", "id").limit(
        limit
    ).values_list("id", flat=True)
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
    return await OrderRound.filter(status=RoundStatus.OPEN).order_by("closes_at").first().values_list(
        "closes_at", flat=True
    )


async def round_board(round_id: int, *, person_id: int) -> RoundBoard:
    """The round as an active member sees it while ordering: every offer's packs and their own lines."""
    view = await get_round(round_id)
    member = await GroupMember.filter(
        group_id=view.group_id, person_id=person_id, status=GroupMemberStatus.ACTIVE
    ).first().values_list("id", "role")
    if member is None:
        raise Forbidden("not_a_group_member")
    member_id, role = member
    rows = MemberOrderRow.filter(round_offer__round_id=round_id)
    totals = await _sums(rows)
    mine = await _sums(rows.filter(member_id=member_id))
    offers = []
    for offer in view.offers:
        q, t = totals.get(offer.id, (0, 0))
        offers.append(BoardOffer(
            offer, q, t, packs_to_order(offer.pack_size, q, t), missing_to_complete(offer.pack_size, q, t),
            *mine.get(offer.id, (0, 0)),
        ))
    return RoundBoard(view, member_id, GroupRole(role), tuple(offers))


async def bulk_order_csv(round_id: int, organization_id: int) -> str:
    """An organization's bulk order of a closed round as CSV, with '.' decimals so any spreadsheet reads it.

    Names are text cells a spreadsheet will not run (market.spreadsheet); amounts and counts are numbers.

    product,order_unit,pack_size,packs,units,producer_price,producer_amount,currency
    Café,0.5 kg,4,1,4,47.50,190.00,BOB
    total,,,,,,190.00,BOB
    """
    bulk = next((b for b in await get_bulk_orders(round_id) if b.organization_id == organization_id), None)
    if bulk is None:
        raise NotFound("bulk_order_not_found")
    offers = {o.id: o for o in (await get_round(round_id)).offers}
    rows = [CSV_HEADER]
    for line in bulk.lines:
        offer = offers[line.round_offer_id]
        rows.append((
            line.product_name, _order_unit(offer), line.pack_size, line.packs, line.units, line.producer_price,
            line.producer_amount, bulk.currency,
        ))
    rows.append(("total", "", "", "", "", "", bulk.producer_total, bulk.currency))
    return csv_text(rows)


async def pickup_list(round_id: int, *, by_person_id: int) -> PickupList:
    """For coordinators, once the round is closed: what each member takes home from the pickup point."""
    view = await get_round(round_id)
    if not await is_coordinator(view.group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    if view.status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        raise Conflict("round_not_closed", status=str(view.status))
    offers = {o.id: o for o in view.offers}
    bills = (await round_result(round_id, False)).bills
    # The whole group's names: an IN list of 2,000 members would hit SQLite's variable limit.
    names = dict(await GroupMember.filter(group_id=view.group_id).values_list("id", "person__name"))
    members = [
        PickupMember(
            bill.member_id, names.get(bill.member_id) or "",
            tuple(
                PickupLine(line.product_name, line.units, offers[line.round_offer_id].order_unit_quantity,
                           offers[line.round_offer_id].unit, line.amount)
                for line in bill.lines
            ),
            bill.total,
        )
        for bill in bills
    ]
    members.sort(key=lambda m: (m.name.casefold(), m.member_id))
    currency = view.offers[0].currency if view.offers else ""
    return PickupList(round_id, view.pickup_point, view.pickup_on, currency, tuple(members))


async def list_rounds(group_id: int, *, viewer_person_id: int, limit: int = 10) -> tuple[RoundSummary, ...]:
    """A group's latest rounds, newest first, for its active members."""
    if not await PurchasingGroup.exists(id=group_id):
        raise NotFound("group_not_found")
    if not await GroupMember.exists(group_id=group_id, person_id=viewer_person_id, status=GroupMemberStatus.ACTIVE):
        raise Forbidden("not_a_group_member")
    rounds = await OrderRound.filter(group_id=group_id).order_by("-id").limit(limit).values(
        "id", "status", "closes_at", "pickup_on"
    )
    ids = [r["id"] for r in rounds]
    offers = dict(await RoundOffer.filter(round_id__in=ids).group_by("round_id").annotate(n=Count("id")).values_list(
        "round_id", "n"
    ))
    rows = MemberOrderRow.filter(round_offer__round_id__in=ids).group_by("round_offer__round_id")
    ordered = dict(await rows.annotate(n=Count("member_id", distinct=True)).values_list("round_offer__round_id", "n"))
    return tuple(
        RoundSummary(r["id"], RoundStatus(r["status"]), r["closes_at"], r["pickup_on"], offers.get(r["id"], 0),
                     ordered.get(r["id"], 0))
        for r in rounds
    )


async def owe_round_reminders(
    round_id: int, *, member_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Owe an open round's reminders to its active members (all, or `member_ids`: who just joined); how many.

    Reminders already owed for the round's current closing time are not owed twice.
    """
    now = now or clock.now()
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    if order_round.status != RoundStatus.OPEN or member_ids == []:
        return 0
    group_id, closes_at = order_round.group_id, order_round.closes_at
    members = await _reachable_members(group_id, member_ids)
    if member_ids is not None:
        # A join may race an extension owing the same keys: each row tolerates one already written.
        return await _owe_reminders(round_id, group_id, closes_at, members, now, one_by_one=True)
    prefix = f"round:{round_id}:reminder:{int(closes_at.timestamp())}:"
    owed = set(await Notification.filter(dedupe_key__startswith=prefix).values_list("dedupe_key", flat=True))
    return await _owe_reminders(round_id, group_id, closes_at, members, now, skip=owed)


async def owe_opening_notices(order_round: OrderRound, group_chat_id: int | None, now: datetime) -> None:
    """The announcement (in the group's chat, or privately when the group has none) and every reminder.

    Called by open_round inside its transaction: the round is new, so none of the keys exists yet.
    """
    members = await _reachable_members(order_round.group_id)
    params = {"round_id": order_round.id, "group_id": order_round.group_id}
    key = f"round:{order_round.id}:opened"
    if group_chat_id is not None:
        owed = [(group_chat_id, None, "round_opened", params, f"{key}:chat")]
    else:
        owed = [(chat, person, "round_opened", params, f"{key}:{member}") for member, person, chat in members]
    await enqueue_notifications(owed, not_before=now)
    await _owe_reminders(order_round.id, order_round.group_id, order_round.closes_at, members, now)


async def _owe_reminders(
    round_id: int, group_id: int, closes_at: datetime, members: list[tuple[int, int, int]], now: datetime, *,
    one_by_one: bool = False, skip: set[str] | frozenset[str] = frozenset(),
) -> int:
    """Reminders a day and an hour before `closes_at`, those still ahead; keyed by the closing time."""
    stamp = int(closes_at.timestamp())
    count = 0
    for before, ahead in REMINDERS:
        when = closes_at - ahead
        if when <= now:
            continue
        owed = [
            (chat, person, "round_reminder",
             {"round_id": round_id, "group_id": group_id, "member_id": member,
              "closes_at": closes_at.astimezone(timezone.utc).isoformat(), "before": before},
             f"round:{round_id}:reminder:{stamp}:{before}:{member}")
            for member, person, chat in members
        ]
        owed = [o for o in owed if o[4] not in skip]
        if not one_by_one:
            count += await enqueue_notifications(owed, not_before=when)
            continue
        for chat, person, template, params, key in owed:
            count += await enqueue_notification(
                chat_id=chat, person_id=person, template=template, params=params, not_before=when, dedupe_key=key
            )
    return count


async def _owe_change(order_round: OrderRound, template: str, cause: str, now: datetime) -> None:
    """Tell the group's chat (when it has one) and, privately, each member with order rows in the round."""
    round_id = order_round.id
    params = {"round_id": round_id, "group_id": order_round.group_id}
    key = f"round:{round_id}:{cause}"
    owed = []
    if order_round.group.telegram_chat_id is not None:
        owed.append((order_round.group.telegram_chat_id, None, template, params, f"{key}:chat"))
    ordered = MemberOrderRow.filter(round_offer__round_id=round_id).values("member_id")
    members = await GroupMember.filter(id__in=Subquery(ordered), person__telegram_user_id__isnull=False).order_by(
        "id"
    ).values_list("id", "person_id", "person__telegram_user_id")
    owed += [(chat, person, template, params, f"{key}:{member}") for member, person, chat in members]
    await enqueue_notifications(owed, not_before=now)


async def _reachable_members(group_id: int, member_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(member id, person id, Telegram chat id) of the group's active members the bot can write to."""
    query = GroupMember.filter(
        group_id=group_id, status=GroupMemberStatus.ACTIVE, person__telegram_user_id__isnull=False
    )
    if member_ids is not None:
        query = query.filter(id__in=member_ids)
    return await query.order_by("id").values_list("id", "person_id", "person__telegram_user_id")


async def _round_of_coordinator(round_id: int, person_id: int) -> OrderRound:
    order_round = await OrderRound.filter(id=round_id).select_related("group").first()
    if order_round is None:
        raise NotFound("round_not_found")
    if not await is_coordinator(order_round.group_id, person_id):
        raise Forbidden("not_a_coordinator")
    return order_round


async def _sums(rows) -> dict[int, tuple[int, int]]:
    """Quantities and tolerances of order rows, summed per round offer (whole numbers: SQL sums them exactly)."""
    sums = await rows.group_by("round_offer_id").annotate(q=Sum("quantity"), t=Sum("tolerance")).values_list(
        "round_offer_id", "q", "t"
    )
    return {offer_id: (int(q or 0), int(t or 0)) for offer_id, q, t in sums}


def _order_unit(offer: RoundOfferView) -> str:
    """'0.5 kg', '1 unit': the quantity without trailing zeros."""
    return f"{format(offer.order_unit_quantity.normalize(), 'f')} {offer.unit}"
