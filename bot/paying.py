"""What the bot's notices say about paying: a group's ways to pay, under a member's round account."""

from __future__ import annotations

from bot.screens.payment_methods import bill_ways_to_pay
from bot.turn import Voice
from market.services.groups.rounds.bills import MemberBill
from market.services.payments.methods import Payee, list_payment_methods


async def group_ways_to_pay(voice: Voice, group_id: int, member_bill: MemberBill) -> list[str]:
    """The lines to add under the account: the group's active ways to pay; none when nothing is to be paid."""
    if not member_bill.lines:
        return []
    return bill_ways_to_pay(voice, await list_payment_methods(Payee(group_id=group_id)))
