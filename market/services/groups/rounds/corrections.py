"""Corrected accounts are sent: when what arrived changes members' accounts, each of them is told once.

A recording of what arrived that changes accounts (market.services.groups.rounds.settlement) owes, in its own
transaction, one message to each member whose account changed, with the totals before and after, the units
that arrived and those that were expected. The dedupe key follows the ledger's correction key, so the same
recording never tells anyone twice, and recording the same units again (which changes nothing) tells nobody:

    round_corrected   round:<id>:offer:<ro>:received:<seq>:notice:<member_id>

The payments already made and the balance left are read when the message is sent (`get_corrected_account`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from market.enums import LedgerAccount, LedgerKind
from market.errors import Forbidden
from market.models import GroupMember, LedgerEntry, OrderRound, RoundAllocation
from market.services.groups.rounds.views import RoundOfferView
from market.services.messaging.notifications import enqueue_notifications


@dataclass(frozen=True)
class Correction:
    """What one recording of arrived units changed: its sequence number, the units handed out before it,
    and the change of each member's line amount (members whose account did not change are absent)."""

    seq: int
    units_before: int
    deltas: dict[int, Decimal]


@dataclass(frozen=True)
class CorrectedAccount:
    """A member's account in a round as the correction notice shows it, the balance read now."""

    round_id: int
    member_id: int
    currency: str
    paid: Decimal  # Σ of the member's payments for the round
    balance: Decimal  # payments − charges and corrections: negative while the member owes


async def owe_corrected_accounts(
    order_round: OrderRound, offer: RoundOfferView, correction: Correction, units: int
) -> int:
    """Owe each member whose account changed one message (inside the recording's transaction); how many."""
    if not correction.deltas:
        return 0
    totals: defaultdict[int, Decimal] = defaultdict(Decimal)
    for member_id, amount in await RoundAllocation.filter(
        round_offer__round_id=order_round.id, member_id__in=sorted(correction.deltas)
    ).values_list("member_id", "amount"):
        totals[member_id] += Decimal(amount)
    members = await GroupMember.filter(
        id__in=sorted(correction.deltas), person__telegram_user_id__isnull=False
    ).order_by("id").values_list("id", "person_id", "person__telegram_user_id")
    key = f"round:{order_round.id}:offer:{offer.id}:received:{correction.seq}:notice"
    owed = [
        (chat, person, "round_corrected", {
            "round_id": order_round.id, "group_id": order_round.group_id, "member_id": member,
            "round_offer_id": offer.id, "units": units, "units_before": correction.units_before,
            "old_total": str(totals[member] - correction.deltas[member]), "new_total": str(totals[member]),
            "currency": offer.currency,
        }, f"{key}:{member}")
        for member, person, chat in members
    ]
    return await enqueue_notifications(owed)


async def get_corrected_account(round_id: int, member_id: int, person_id: int) -> CorrectedAccount:
    """The member's payments and balance for the round, for the person the member is (no one else's)."""
    if not await GroupMember.exists(id=member_id, person_id=person_id, group__rounds__id=round_id):
        raise Forbidden("not_a_group_member")
    entries = await LedgerEntry.filter(
        account=LedgerAccount.MEMBER, member_id=member_id, round_id=round_id
    ).order_by("id").values_list("kind", "amount", "currency")
    paid = sum((Decimal(amount) for kind, amount, _ in entries if kind == LedgerKind.PAYMENT), Decimal(0))
    balance = sum((Decimal(amount) for _, amount, _ in entries), Decimal(0))
    return CorrectedAccount(round_id, member_id, entries[0][2] if entries else "", paid, balance)
