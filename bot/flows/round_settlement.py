"""A closed order round in the bot: bulk orders (and their CSV), pickup list, what arrived, payments,
settlement, and the group's accounts.
"""

from __future__ import annotations

from typing import Any

from telegram import InputFile

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.payments import with_group_payments
from bot.flows.rounds import asks, parse_line, show_board
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import accounts as account_screens
from bot.screens import rounds as screens
from bot.screens.names import person_name
from bot.turn import Screen, Turn, translator
from market.errors import Invalid
from market.presentation.sheets import sheet_csv
from market.rules.orders import parse_quantity
from market.rules.units import in_order_units
from market.services.groups.accounts import get_group_accounts
from market.services.groups.rounds.arrivals import round_arrivals
from market.services.groups.rounds.bills import get_bulk_orders
from market.services.groups.rounds.queries import bulk_order_sheet, pickup_list
from market.services.groups.rounds.settlement import (
    record_full_payment,
    record_payment,
    record_units_received,
    settle_round,
)
from market.services.groups.rounds.setup import (
    group_place,
    may_see_bulk_order,
    organization_names,
)
from market.services.groups.rounds.views import get_round
from market.services.messaging.chats import set_awaiting

settle_asked = asks(Action.ROUND_SETTLE)


async def bulk_orders_pressed(turn: Turn, press: Press) -> None:
    rid = press.int_arg(0)
    place = await group_place(round_id=rid)
    order_round = await get_round(rid)
    orders = await get_bulk_orders(rid, viewer_person_id=turn.person.id)
    names = await organization_names([o.organization_id for o in orders])
    lines = screens.round_header(turn, place, order_round) + [""]
    rows = []
    for order in orders:
        lines += screens.bulk_order_lines(turn, place, order, names[order.organization_id], order_round) + [""]
        rows.append([turn.button(turn._("⬇️ CSV: {organization}").format(organization=names[order.organization_id]),
                                 Action.ROUND_BULK_ORDER_CSV, rid, order.organization_id)])
    if not orders:
        lines.append(turn._("No pack was filled: there is nothing to order."))
    rows.append([turn.button(turn._("« Round"), Action.ROUND, rid)])
    await turn.show(Screen("\n".join(lines), rows))


async def bulk_order_csv_pressed(turn: Turn, press: Press) -> None:
    """The bulk order as a spreadsheet file, for the group's coordinators and the organization's admins."""
    rid, organization_id = press.int_arg(0), press.int_arg(1)
    await may_see_bulk_order(rid, organization_id, person_id=turn.person.id)
    text = sheet_csv(await bulk_order_sheet(rid, organization_id), translator(turn.locale))
    await turn.context.bot.send_document(
        turn.chat_id, InputFile(text.encode(), filename=f"pedido-ronda-{rid}-{organization_id}.csv"),
    )


async def pickup_list_pressed(turn: Turn, press: Press) -> None:
    rid = press.int_arg(0)
    place = await group_place(round_id=rid)
    listing = await pickup_list(rid, by_person_id=turn.person.id)
    await turn.show(account_screens.pickup_list(turn, place, listing, rid))


async def arrivals_pressed(turn: Turn, press: Press) -> None:
    """The products ordered of producers at the close, and any recorded since: one recorded as 0 by mistake (no
    longer in the bulk orders) is still there to correct, as at the desk (round_arrivals)."""
    rid = press.int_arg(0)
    order_round = await get_round(rid)
    ordered = {arrival.offer.id for arrival in await round_arrivals(rid, viewer_person_id=turn.person.id)}
    await turn.show(account_screens.choose_arrival(turn, order_round, ordered))


async def arrival_offer_chosen(turn: Turn, press: Press) -> None:
    rid, offer_id = press.int_arg(0), press.int_arg(1)
    order_round = await get_round(rid)
    offer = next(o for o in order_round.offers if o.id == offer_id)
    await turn.ask("units_received", {"round": rid, "round_offer": offer_id},
                   account_screens.ask_units(turn, offer))


async def units_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """What arrived, in the offer's unit ("7,5 kg" of coffee sold by 0,5 kg is 15 order units)."""
    amount, more, unit = parse_line(text)
    if more:
        raise Invalid("not_whole_units", field="units")
    offer = next(o for o in (await get_round(data["round"])).offers if o.id == data["round_offer"])
    result = await record_units_received(data["round"], data["round_offer"], by_person_id=turn.person.id,
                                         units=in_order_units(amount, unit, offer.unit, offer.order_unit_quantity))
    await set_awaiting(turn.chat_id, None)
    changed = len(result.changed_bills)
    if not changed:
        await turn.send(Screen(turn._("Recorded. No account changed.")))
    else:
        await turn.send(Screen(turn.ngettext("Recorded. {count} bill changed and was corrected.",
                                             "Recorded. {count} bills changed and were corrected.", changed).format(
            count=changed)))
    await show_board(turn, data["round"], edit=False)


async def payment_pressed(turn: Turn, press: Press) -> None:
    rid = press.int_arg(0)
    place = await group_place(round_id=rid)
    accounts = await get_group_accounts(place.group_id, viewer_person_id=turn.person.id)
    await turn.show(account_screens.choose_payer(turn, place, accounts, rid))


async def paid_in_full(turn: Turn, press: Press) -> None:
    """One press records what the member owes for the round; the list comes back for the next member."""
    rid = press.int_arg(0)
    payment = await record_full_payment(rid, member_person_id=press.int_arg(1), by_person_id=turn.person.id)
    place = await group_place(round_id=rid)
    await turn.toast(turn._("💵 Payment of {amount} by {member} recorded.").format(
        amount=screens.amount(turn, place, payment.amount, payment.currency),
        member=person_name(turn, payment.member_name)))
    await payment_pressed(turn, press)


async def payer_chosen(turn: Turn, press: Press) -> None:
    rid, person_id = press.int_arg(0), press.int_arg(1)
    await turn.ask("payment", {"round": rid, "payer": person_id},
                   Screen(turn._("How much did they pay? Write the amount, e.g. 120,50.")))


async def payment_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Recorded once: the chat stops waiting for an amount, so the same message again is not a second payment."""
    payment = await record_payment(data["round"], member_person_id=data["payer"], amount=parse_quantity(text),
                                   by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    place = await group_place(round_id=data["round"])
    await turn.send(Screen(turn._("💵 Payment of {amount} by {member} recorded.").format(
        amount=screens.amount(turn, place, payment.amount, payment.currency),
        member=person_name(turn, payment.member_name))))
    await show_board(turn, data["round"], edit=False)


async def settle_confirmed(turn: Turn, press: Press) -> None:
    await settle_round(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("Round settled."))
    await show_board(turn, press.int_arg(0), edit=True)


async def accounts_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    place = await group_place(group_id=group_id)
    accounts = await get_group_accounts(group_id, viewer_person_id=turn.person.id)
    await turn.show(await with_group_payments(turn, account_screens.accounts(turn, place, accounts), group_id))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.ROUND_BULK_ORDERS: bulk_orders_pressed,
    Action.ROUND_BULK_ORDER_CSV: bulk_order_csv_pressed,
    Action.ROUND_PICKUP_LIST: pickup_list_pressed,
    Action.ROUND_ARRIVALS: arrivals_pressed,
    Action.ROUND_ARRIVAL: arrival_offer_chosen,
    Action.ROUND_PAYMENT: payment_pressed,
    Action.ROUND_PAYER: payer_chosen,
    Action.ROUND_PAID_IN_FULL: paid_in_full,
    Action.ROUND_SETTLE: settle_asked,
    Action.ROUND_SETTLE_CONFIRMED: settle_confirmed,
    Action.GROUP_ACCOUNTS: accounts_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "units_received": units_typed,
    "payment": payment_typed,
}
