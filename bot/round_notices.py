"""The outbox's notices of a round's corrected accounts (bot/notices.py renders them): what arrived changed a
member's account, so she is told the new total, the difference and why, what she paid and what is left.

The totals are those of the recording that caused the notice; payments and the balance are read when it is sent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.actions import Action
from bot.screens import rounds as round_screens
from bot.turn import Screen
from market.services.groups.rounds.corrections import get_corrected_account
from market.services.groups.rounds.setup import group_place
from market.services.groups.rounds.views import get_round

if TYPE_CHECKING:  # bot.notices imports this module for its table
    from bot.notices import Recipient


async def _round_corrected(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    if to.person_id is None:  # an account is its member's, in their own chat
        return None
    voice, rid = to.voice, params["round_id"]
    _ = voice._
    place, order_round = await group_place(round_id=rid), await get_round(rid)
    offer = next(o for o in order_round.offers if o.id == params["round_offer_id"])
    account = await get_corrected_account(rid, params["member_id"], to.person_id)
    old, new, currency = Decimal(params["old_total"]), Decimal(params["new_total"]), params["currency"]

    def money(value: Decimal) -> str:
        return round_screens.amount(voice, place, value, currency)

    difference = money(new - old) if new < old else "+" + money(new - old)
    lines = [
        _("🧾 Your account for round #{number} of {group} changed.").format(
            number=order_round.number, group=place.group_name),
        _("{arrived} of {product} arrived, not {expected}.").format(
            arrived=round_screens.units(voice, params["units"], offer), product=offer.product_name,
            expected=round_screens.units(voice, params["units_before"], offer)),
        _("New total: {total} (it was {old}; {difference})").format(
            total=money(new), old=money(old), difference=difference),
        _("Already paid: {paid}").format(paid=money(account.paid)),
    ]
    if account.balance < 0:
        lines.append(_("Left to pay: {amount}").format(amount=money(-account.balance)))
    elif account.balance > 0:
        lines.append(_("You paid {amount} more than you owe.").format(amount=money(account.balance)))
    else:
        lines.append(_("Nothing left to pay."))
    return Screen("\n".join(lines), [[voice.button(_("📒 Accounts"), Action.GROUP_ACCOUNTS, place.group_id)]])


TEMPLATES = {"round_corrected": _round_corrected}
