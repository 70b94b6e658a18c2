"""Settling a closed order round: the units that arrived, the payments received, and the closed → settled step.

    closed ──settle_round (a coordinator)──▶ settled

The ledger is append-only: when fewer (or more) units arrive than were ordered, the offer's units are
handed out again by the same first-come rules, the allocations are rewritten, and each changed bill and
fund contribution gets a CORRECTION entry for the difference (`corrects` points at the close's entry):

    member account, correction, -(new line amount − old)   key round:<id>:offer:<ro>:received:<seq>:member:<m>
    solidarity fund, correction, +(new fund part − old)     key round:<id>:offer:<ro>:received:<seq>:organization:<o>

`seq` counts the recordings of an offer that changed something, so recording the same units again writes
nothing, and two coordinators recording at once cannot both write the same correction. Each member whose
account changed is owed one message in the same transaction (market.services.groups.rounds.corrections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.aggregation import allocate
from market.enums import LedgerAccount, LedgerKind, RoundStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import GroupMember, LedgerEntry, OrderRound, Person, RoundAllocation, RoundOffer
from market.orm import column_of, value_of
from market.rules.amounts import round_money
from market.rules.rounds import fund_part, line_amount
from market.services.groups.rounds.bills import BulkOrder, MemberBill, order_rows, round_result
from market.services.groups.rounds.corrections import Correction, owe_corrected_accounts
from market.services.groups.rounds.views import OFFER_FIELDS, RoundOfferView, is_coordinator, round_offer_view
from market.services.receipts.issuing import issue_round_receipt

MEMO_LIMIT = 255


@dataclass(frozen=True)
class UnitsReceived:
    """What recording the units of one offer changed: the bills that moved, and the bulk orders now."""

    round_id: int
    round_offer_id: int
    units_received: int
    changed_bills: tuple[MemberBill, ...]  # the whole bill of each member whose amount changed
    bulk_orders: tuple[BulkOrder, ...]


@dataclass(frozen=True)
class PaymentView:
    id: int
    round_id: int | None
    member_id: int
    member_name: str
    amount: Decimal
    currency: str
    recorded_by_name: str
    recorded_at: datetime
    note: str


@dataclass(frozen=True)
class SettleResult:
    round_id: int
    settled_now: bool  # False when the round had already been settled


async def record_units_received(
    round_id: int, round_offer_id: int, *, by_person_id: int, units: int
) -> UnitsReceived:
    """A coordinator records the whole order units of an offer that arrived; bills follow, by correction."""
    if not isinstance(units, int) or isinstance(units, bool) or units < 0:
        raise Invalid("not_whole_units", field="units")
    order_round = await _round_of_coordinator(round_id, by_person_id)
    async with in_transaction():
        # Recordings of a round run one after the other (SQLite runs one transaction at a time anyway).
        locked = await OrderRound.filter(id=order_round.id).select_for_update().get()  # found above, never deleted
        _must_be_closed(locked.status)
        raw = await RoundOffer.filter(id=round_offer_id, round_id=round_id).first().values(*OFFER_FIELDS)
        if raw is None:
            raise NotFound("round_offer_not_found")
        offer = round_offer_view(raw)
        changed = await _reallocate(order_round, offer, units)
        await RoundOffer.filter(id=round_offer_id).update(units_received=units)
        await owe_corrected_accounts(order_round, offer, changed, units)
    result = await round_result(round_id, False)
    bills = {b.member_id: b for b in result.bills if b.member_id in changed.deltas}
    # A bill that fell to nothing has no lines left, so round_result leaves it out: it changed too.
    emptied = await GroupMember.filter(id__in=sorted(set(changed.deltas) - set(bills))).values_list("id", "person_id")
    for member_id, person_id in emptied:
        bills[member_id] = MemberBill(member_id, person_id, offer.currency, (), Decimal(0), Decimal(0))
    return UnitsReceived(round_id, round_offer_id, units, tuple(bills[m] for m in sorted(bills)), result.bulk_orders)


async def _reallocate(order_round: OrderRound, offer: RoundOfferView, units: int) -> Correction:
    """Rewrite the offer's allocations for `units` and write the corrections: what changed, for whom."""
    rows = (await order_rows(order_round.id)).get(offer.id, [])
    before = {
        r["member_id"]: r
        for r in await RoundAllocation.filter(round_offer_id=offer.id).values(
            "id", "member_id", "quantity", "tolerance", "amount"
        )
    }
    deltas: dict[int, Decimal] = {}
    fund_delta = Decimal(0)
    for member_id, given in allocate(rows, units).items():
        old = before.get(member_id)
        if old is not None and (old["quantity"], old["tolerance"]) == (given.quantity, given.tolerance):
            continue
        amount = line_amount(given.total, offer.member_price)
        fund = fund_part(given.total, offer.member_price, offer.producer_price)
        old_total = old["quantity"] + old["tolerance"] if old else 0
        values: dict[str, Any] = dict(  # the allocation's columns, for create or update
            quantity=given.quantity, tolerance=given.tolerance, amount=amount, fund_amount=fund)
        if old is None:
            await RoundAllocation.create(round_offer_id=offer.id, member_id=member_id, **values)
        else:
            await RoundAllocation.filter(id=old["id"]).update(**values)
        # Compare amounts, not units: units moved from quantity to tolerance cost the same.
        delta = amount - Decimal(old["amount"] if old else 0)
        if delta:
            deltas[member_id] = delta
            fund_delta += fund - fund_part(old_total, offer.member_price, offer.producer_price)
    before_units = sum(r["quantity"] + r["tolerance"] for r in before.values())
    if not deltas:
        return Correction(0, before_units, {})
    return Correction(await _write_corrections(order_round, offer, deltas, fund_delta), before_units, deltas)


async def _write_corrections(
    order_round: OrderRound, offer: RoundOfferView, deltas: dict[int, Decimal], fund_delta: Decimal
) -> int:
    """Write the corrections of one recording; its `seq`."""
    round_id, group_id = order_round.id, order_round.group_id
    prefix = f"round:{round_id}:offer:{offer.id}:received:"
    keys = await column_of(LedgerEntry.filter(idempotency_key__startswith=prefix), "idempotency_key", str)
    seq = max((int(k[len(prefix):].split(":", 1)[0]) for k in keys), default=0) + 1
    charges = dict(await LedgerEntry.filter(
        round_id=round_id, account=LedgerAccount.MEMBER, kind=LedgerKind.CHARGE, member_id__in=sorted(deltas)
    ).values_list("member_id", "id"))
    fund_entry = await value_of(LedgerEntry.filter(
        round_id=round_id, account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
        organization_id=offer.organization_id,
    ).first(), "id", int)
    entries = [
        # A member who had no charge at the close (more units arrived than were given) corrects nothing.
        LedgerEntry(account=LedgerAccount.MEMBER, kind=LedgerKind.CORRECTION, group_id=group_id, member_id=m,
                    round_id=round_id, amount=-delta, currency=offer.currency,
                    corrects_id=charges.get(m), idempotency_key=f"{prefix}{seq}:member:{m}")
        for m, delta in sorted(deltas.items())
    ]
    if fund_delta:
        entries.append(LedgerEntry(
            account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.CORRECTION, group_id=group_id,
            organization_id=offer.organization_id, round_id=round_id, amount=fund_delta, currency=offer.currency,
            corrects_id=fund_entry, idempotency_key=f"{prefix}{seq}:organization:{offer.organization_id}",
        ))
    await LedgerEntry.bulk_create(entries)
    return seq


async def record_payment(
    round_id: int, *, member_person_id: int, amount: Decimal, by_person_id: int, note: str = "", key: str = ""
) -> PaymentView:
    """A coordinator records money a member paid for a closed (or settled) round, in the round's currency.

    `key` names the form it came from (the desk's): the same key again records nothing more and returns the
    payment the first recorded.
    """
    order_round = await _round_of_coordinator(round_id, by_person_id)
    idempotency_key = f"desk-payment:{order_round.group_id}:{key}"[:96] if key else None
    if idempotency_key and (known := await LedgerEntry.get_or_none(idempotency_key=idempotency_key)) is not None:
        return await _payment_view(known)
    if order_round.status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        raise Conflict("round_not_closed", status=str(order_round.status))
    member = await GroupMember.filter(group_id=order_round.group_id, person_id=member_person_id).first()
    if member is None:
        raise Forbidden("not_a_group_member")
    currency = await value_of(RoundOffer.filter(round_id=round_id).first(), "currency", str)
    assert currency is not None  # a round opens with offers (no_offers refuses one without), in its currency
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise Invalid("amount_not_positive")
    if round_money(amount, currency) != amount:
        raise Invalid("amount_below_minor_unit", currency=currency)
    note = note.strip()
    if len(note) > MEMO_LIMIT:
        raise Invalid("note_too_long", limit=MEMO_LIMIT)
    try:
        return await _payment(order_round, member, amount, currency, by_person_id, note, idempotency_key)
    except IntegrityError:  # the same form, recorded meanwhile by a second press
        known = await LedgerEntry.get_or_none(idempotency_key=idempotency_key) if idempotency_key else None
        if known is None:
            raise
        return await _payment_view(known)


async def _payment_view(entry: LedgerEntry) -> PaymentView:
    member_person = await value_of(GroupMember.filter(id=entry.member_id or 0).first(), "person_id", int)
    names = dict(await Person.filter(id__in=[member_person or 0, entry.recorded_by_id or 0]).values_list("id", "name"))
    return PaymentView(
        entry.id, entry.round_id, entry.member_id or 0, names.get(member_person or 0, ""), Decimal(entry.amount),
        entry.currency, names.get(entry.recorded_by_id or 0, ""), entry.created_at, entry.memo,
    )


async def record_full_payment(round_id: int, *, member_person_id: int, by_person_id: int) -> PaymentView:
    """A coordinator records that a member paid all they owe for the round ("Pagó todo"): one press.

    What is owed is the member's entries of this round (charges, corrections, payments so far), read under
    the round's lock: the same press again, or a second coordinator's, finds nothing owed and pays nothing.
    """
    order_round = await _round_of_coordinator(round_id, by_person_id)
    member = await GroupMember.filter(group_id=order_round.group_id, person_id=member_person_id).first()
    if member is None:
        raise Forbidden("not_a_group_member")
    async with in_transaction():
        locked = await OrderRound.filter(id=round_id).select_for_update().get()  # found above, never deleted
        if locked.status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
            raise Conflict("round_not_closed", status=str(locked.status))
        entries = await LedgerEntry.filter(account=LedgerAccount.MEMBER, member_id=member.id, round_id=round_id
                                           ).values_list("amount", "currency")
        owed = -sum((Decimal(a) for a, _ in entries), Decimal(0))
        if owed <= 0:
            raise Conflict("nothing_owed")
        return await _payment(locked, member, owed, entries[0][1], by_person_id, "")


async def _payment(order_round: OrderRound, member: GroupMember, amount: Decimal, currency: str, by_person_id: int,
                   note: str, idempotency_key: str | None = None) -> PaymentView:
    async with in_transaction():  # the payment and the member's receipt, or neither
        entry = await LedgerEntry.create(
            account=LedgerAccount.MEMBER, kind=LedgerKind.PAYMENT, group_id=order_round.group_id, member_id=member.id,
            round_id=order_round.id, amount=amount, currency=currency, memo=note, recorded_by_id=by_person_id,
            idempotency_key=idempotency_key,
        )
        await issue_round_receipt(entry.id)
    names = dict(await Person.filter(id__in=[member.person_id, by_person_id]).values_list("id", "name"))
    return PaymentView(
        entry.id, order_round.id, member.id, names[member.person_id], amount, currency, names[by_person_id],
        entry.created_at, note,
    )


async def settle_round(round_id: int, *, by_person_id: int) -> SettleResult:
    """A coordinator settles a closed round, once; settling it again returns settled_now=False."""
    await _round_of_coordinator(round_id, by_person_id)
    settled_now = bool(
        await OrderRound.filter(id=round_id, status=RoundStatus.CLOSED).update(status=RoundStatus.SETTLED)
    )
    if not settled_now:
        status = await value_of(OrderRound.filter(id=round_id).first(), "status", RoundStatus)
        if status != RoundStatus.SETTLED:
            raise Conflict("round_not_closed", status=str(status))
    return SettleResult(round_id, settled_now)


async def _round_of_coordinator(round_id: int, person_id: int) -> OrderRound:
    order_round = await OrderRound.get_or_none(id=round_id)
    if order_round is None:
        raise NotFound("round_not_found")
    if not await is_coordinator(order_round.group_id, person_id):
        raise Forbidden("not_a_coordinator")
    return order_round


def _must_be_closed(status: RoundStatus) -> None:
    if status == RoundStatus.SETTLED:
        raise Conflict("round_settled")
    if status != RoundStatus.CLOSED:
        raise Conflict("round_not_closed", status=str(status))
