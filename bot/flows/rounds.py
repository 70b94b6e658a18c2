"""Order rounds in the bot: members order with a tolerance and watch the packs fill; coordinators open,
extend, cancel and close rounds, then record what arrived and what was paid.

Every button that changes a line carries the totals it sets (not "+1"), so a press repeated by a slow
network sets the same line again instead of adding twice.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from telegram import InputFile

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import accounts as account_screens
from bot.screens import round_setup as setup_screens
from bot.screens import rounds as screens
from bot.screens.names import person_name
from bot.turn import Screen, Turn
from bot.wake import wake_outbox
from market import clock
from market.errors import Invalid
from market.labels import N_
from market.models.enums import GroupRole, RoundStatus
from market.rules.moments import parse_moment
from market.rules.orders import parse_quantity
from market.services.chats import get_chat_state, set_awaiting, update_chat_data
from market.services.group_accounts import get_group_accounts
from market.services.groups import get_group
from market.services.round_bills import get_bulk_orders, get_member_bill
from market.services.round_close import close_round
from market.services.round_lifecycle import (
    bulk_order_csv, cancel_round, extend_round, pickup_list, round_board,
)
from market.services.round_settlement import record_payment, record_units_received, settle_round
from market.services.round_setup import (
    group_place, may_see_bulk_order, offers_of, organization_names, organizations_for_round, round_of_offer,
)
from market.services.rounds import get_round, open_round, set_order_line

# At most 9 digits each, as parse_quantity: more cannot be stock, and the columns hold no more.
_LINE = re.compile(r"\s*([0-9]{1,9})(?:\s*(?:\+|\s)\s*([0-9]{1,9}))?\s*")


def parse_line(text: str) -> tuple[int, int]:
    """A typed order line: "5" is 5 order units, "5 2" or "5+2" is 5 and a tolerance of 2.

    | text                   | result                  |
    |------------------------|-------------------------|
    | "5"                    | (5, 0)                  |
    | "5 2"                  | (5, 2)                  |
    | "5+2"                  | (5, 2)                  |
    | "0"                    | (0, 0)                  |
    | "1,5"                  | Invalid not_whole_units |
    | "-3"                   | Invalid not_whole_units |
    | "99999999999999999999" | Invalid not_whole_units |
    """
    found = _LINE.fullmatch(text)
    if not found:
        raise Invalid("not_whole_units", field="quantity")
    return int(found[1]), int(found[2] or 0)


# The member's side -------------------------------------------------------------------------------------

async def show_board(turn: Turn, round_id: int, *, edit: bool) -> None:
    """An open round's offers with their packs; a closed one shows the person's bill."""
    place = await group_place(round_id=round_id)
    board = await round_board(round_id, person_id=turn.person.id)
    if board.round.status == RoundStatus.OPEN:
        screen = screens.board(turn, place, board)
    else:
        screen = await closed_round(turn, place, board)
    await (turn.show(screen) if edit else turn.send(screen))


async def closed_round(turn: Turn, place, board) -> Screen:
    _ = turn._
    order_round = board.round
    lines = screens.round_header(turn, place, order_round) + [""]
    if order_round.status == RoundStatus.CANCELLED:
        lines.append(_("This round was cancelled: nothing to pay."))
    else:
        bill = await get_member_bill(order_round.id, turn.person.id)
        lines += screens.bill(turn, place, order_round, bill)
    rows = screens.coordinator_rows(turn, order_round) if board.role == GroupRole.COORDINATOR else []
    rows.append([turn.button(_("📒 Accounts"), Action.GROUP_ACCOUNTS, place.group_id),
                 turn.button(_("« Group"), Action.GROUP, place.group_id)])
    return Screen("\n".join(lines), rows)


async def board_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await show_board(turn, press.int_arg(0), edit=True)


async def _line(turn: Turn, round_offer_id: int):
    """The board and this offer's line on it (the round comes from the offer)."""
    round_id = await round_of_offer(round_offer_id)
    board = await round_board(round_id, person_id=turn.person.id)
    line = next(line for line in board.offers if line.offer.id == round_offer_id)
    return await group_place(round_id=round_id), board, line


async def line_pressed(turn: Turn, press: Press) -> None:
    place, board, line = await _line(turn, press.int_arg(0))
    await set_awaiting(turn.chat_id, "round_line", {"round_offer": line.offer.id})
    await turn.show(screens.offer_line(turn, place, board.round.id, line))


async def line_set(turn: Turn, press: Press) -> None:
    await _set_line(turn, press.int_arg(0), press.int_arg(1), press.int_arg(2), edit=True)


async def line_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    quantity, tolerance = parse_line(text)
    await _set_line(turn, data["round_offer"], quantity, tolerance, edit=False)


async def _set_line(turn: Turn, round_offer_id: int, quantity: int, tolerance: int, *, edit: bool) -> None:
    round_id = await round_of_offer(round_offer_id)
    await set_order_line(round_id, round_offer_id, person_id=turn.person.id, quantity=quantity, tolerance=tolerance)
    place, board, line = await _line(turn, round_offer_id)
    if not quantity and not tolerance:
        await turn.toast(turn._("Removed from your order."))
    screen = screens.offer_line(turn, place, round_id, line)
    await (turn.show(screen) if edit else turn.send(screen))


# Opening a round: organizations → closing time → pickup date → pickup point → open --------------------------

async def open_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    choices = await organizations_for_round(group_id, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None, {"round_setup": {"group": group_id, "orgs": []}})
    await turn.show(setup_screens.choose_organizations(turn, group_id, choices, set()))


async def _setup(turn: Turn) -> dict[str, Any] | None:
    """The round being set up in this chat, or None (and "expired") once it was opened or abandoned."""
    setup = (await get_chat_state(turn.chat_id)).data.get("round_setup")
    if setup is None:
        await turn.toast(turn._(EXPIRED), alert=True)
    return setup


async def organization_toggled(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None:
        return
    chosen = set(setup["orgs"]) ^ {press.int_arg(0)}
    setup["orgs"] = sorted(chosen)
    await update_chat_data(turn.chat_id, round_setup=setup)
    choices = await organizations_for_round(setup["group"], by_person_id=turn.person.id)
    await turn.show(setup_screens.choose_organizations(turn, setup["group"], choices, chosen))


async def organizations_done(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None:
        return
    if not setup["orgs"]:
        await turn.toast(turn._("Choose at least one organization."), alert=True)
        return
    place = await group_place(group_id=setup["group"])
    await set_awaiting(turn.chat_id, "round_closes", {"round_setup": setup})
    await turn.show(setup_screens.choose_closing(turn, place, clock.now()))


async def closing_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    setup = data["round_setup"]
    place = await group_place(group_id=setup["group"])
    closes_at = parse_moment(text, place.time_zone, clock.now())
    await _closing_chosen(turn, setup, closes_at, edit=False)


async def closing_pressed(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None:
        return
    await _closing_chosen(turn, setup, datetime.fromtimestamp(press.int_arg(0), timezone.utc), edit=True)


async def _closing_chosen(turn: Turn, setup: dict[str, Any], closes_at: datetime, *, edit: bool) -> None:
    if closes_at <= clock.now():
        raise Invalid("moment_past")
    setup["closes_at"] = int(closes_at.timestamp())
    place = await group_place(group_id=setup["group"])
    await set_awaiting(turn.chat_id, None, {"round_setup": setup})
    screen = setup_screens.choose_pickup_day(turn, place, closes_at)
    await (turn.show(screen) if edit else turn.send(screen))


async def pickup_day_pressed(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None or "closes_at" not in setup:
        return
    setup["pickup_on"] = press.args[0]
    place = await group_place(group_id=setup["group"])
    group = await get_group(setup["group"], viewer_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, "round_pickup", {"round_setup": setup})
    await turn.show(setup_screens.choose_pickup_point(turn, place, group.pickup_point))


async def pickup_point_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _open(turn, data["round_setup"], text, edit=False)


async def pickup_point_kept(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None or "pickup_on" not in setup:
        return
    await _open(turn, setup, "", edit=True)


async def _open(turn: Turn, setup: dict[str, Any], pickup_point: str, *, edit: bool) -> None:
    """Open the round on every active offer of the chosen organizations; the group chat hears of it."""
    offers = await offers_of(setup["orgs"])
    opened = await open_round(
        setup["group"], by_person_id=turn.person.id,
        closes_at=datetime.fromtimestamp(setup["closes_at"], timezone.utc), pickup_point=pickup_point,
        pickup_on=datetime.strptime(setup["pickup_on"], "%Y%m%d").date(), offer_ids=offers,
    )
    await set_awaiting(turn.chat_id, None, {})
    wake_outbox(turn.context)
    await turn.send(Screen(turn.ngettext(
        "✅ Round #{number} is open with {count} product. Members are being told.",
        "✅ Round #{number} is open with {count} products. Members are being told.", len(opened.offers)).format(
        number=opened.id, count=len(opened.offers))))
    await show_board(turn, opened.id, edit=False)


# A coordinator's round: extend, cancel, close ---------------------------------------------------------------

async def extend_asked(turn: Turn, press: Press) -> None:
    order_round = await get_round(press.int_arg(0))
    place = await group_place(round_id=order_round.id)
    await turn.show(screens.extend_choices(turn, place, order_round))


async def extend_chosen(turn: Turn, press: Press) -> None:
    closes_at = datetime.fromtimestamp(press.int_arg(1), timezone.utc)
    await extend_round(press.int_arg(0), by_person_id=turn.person.id, closes_at=closes_at)
    wake_outbox(turn.context)
    await turn.toast(turn._("Extended. Members are being told."))
    await show_board(turn, press.int_arg(0), edit=True)


# What cannot be undone is asked first: the button asks the question, its "yes" button does it.
QUESTIONS = {
    Action.ROUND_CANCEL: (N_("Cancel round #{number}? Nobody will be charged and members are told."),
                          N_("Yes, cancel the round"), Action.ROUND_CANCEL_CONFIRMED),
    Action.ROUND_CLOSE: (N_("Close round #{number} now? Orders can no longer change; bills and bulk orders are sent."),
                         N_("Yes, close it"), Action.ROUND_CLOSE_CONFIRMED),
    Action.ROUND_SETTLE: (N_("Settle round #{number}? Do it once the goods are handed out and what arrived is recorded."),
                          N_("Yes, settle it"), Action.ROUND_SETTLE_CONFIRMED),
}


def _asks(action: Action) -> PressHandler:
    question, yes, confirmed = QUESTIONS[action]

    async def asked(turn: Turn, press: Press) -> None:
        rid = press.int_arg(0)
        await turn.show(screens.confirm(turn, turn._(question).format(number=rid), (turn._(yes), confirmed, rid), rid))

    return asked


cancel_asked = _asks(Action.ROUND_CANCEL)
close_asked = _asks(Action.ROUND_CLOSE)
settle_asked = _asks(Action.ROUND_SETTLE)


async def cancel_confirmed(turn: Turn, press: Press) -> None:
    await cancel_round(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.toast(turn._("Round cancelled."))
    await show_board(turn, press.int_arg(0), edit=True)


async def close_confirmed(turn: Turn, press: Press) -> None:
    """Close once: a second coordinator (or the timer) pressing at the same time sees the same result."""
    result = await close_round(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    if result.closed_now:
        sent = len(result.bills)
        await turn.toast(turn.ngettext("Round closed: {bills} bill sent.", "Round closed: {bills} bills sent.",
                                       sent).format(bills=sent))
    else:
        await turn.toast(turn._("This round was already closed."))
    await show_board(turn, result.round_id, edit=True)


# After the close: bulk orders (and their CSV), pickup list, arrivals, payments, settlement ----------------

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
    text = await bulk_order_csv(rid, organization_id)
    await turn.context.bot.send_document(
        turn.chat_id, InputFile(text.encode(), filename=f"pedido-ronda-{rid}-{organization_id}.csv"),
    )


async def pickup_list_pressed(turn: Turn, press: Press) -> None:
    rid = press.int_arg(0)
    place = await group_place(round_id=rid)
    listing = await pickup_list(rid, by_person_id=turn.person.id)
    await turn.show(account_screens.pickup_list(turn, place, listing, rid))


async def arrivals_pressed(turn: Turn, press: Press) -> None:
    rid = press.int_arg(0)
    order_round = await get_round(rid)
    await turn.show(account_screens.choose_arrival(turn, order_round))


async def arrival_offer_chosen(turn: Turn, press: Press) -> None:
    rid, offer_id = press.int_arg(0), press.int_arg(1)
    order_round = await get_round(rid)
    offer = next(o for o in order_round.offers if o.id == offer_id)
    await set_awaiting(turn.chat_id, "units_received", {"round": rid, "round_offer": offer_id})
    await turn.send(account_screens.ask_units(turn, offer))


async def units_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if not text.isdigit():
        raise Invalid("not_whole_units", field="units")
    result = await record_units_received(data["round"], data["round_offer"], by_person_id=turn.person.id,
                                         units=int(text))
    await set_awaiting(turn.chat_id, None)
    changed = len(result.changed_bills)
    await turn.send(Screen(turn.ngettext("Recorded. {count} bill changed and was corrected.",
                                         "Recorded. {count} bills changed and were corrected.", changed).format(
        count=len(result.changed_bills))))
    await show_board(turn, data["round"], edit=False)


async def payment_pressed(turn: Turn, press: Press) -> None:
    rid = press.int_arg(0)
    place = await group_place(round_id=rid)
    accounts = await get_group_accounts(place.group_id, viewer_person_id=turn.person.id)
    await turn.show(account_screens.choose_payer(turn, place, accounts, rid))


async def payer_chosen(turn: Turn, press: Press) -> None:
    rid, person_id = press.int_arg(0), press.int_arg(1)
    await set_awaiting(turn.chat_id, "payment", {"round": rid, "payer": person_id})
    await turn.send(Screen(turn._("How much did they pay? Write the amount, e.g. 120,50.")))


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


# The group's accounts ------------------------------------------------------------------------------------

async def accounts_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    place = await group_place(group_id=group_id)
    accounts = await get_group_accounts(group_id, viewer_person_id=turn.person.id)
    await turn.show(account_screens.accounts(turn, place, accounts))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.ROUND: board_pressed,
    Action.ROUND_LINE: line_pressed,
    Action.ROUND_LINE_SET: line_set,
    Action.ROUND_OPEN: open_pressed,
    Action.ROUND_ORGANIZATION: organization_toggled,
    Action.ROUND_ORGANIZATIONS_DONE: organizations_done,
    Action.ROUND_CLOSING: closing_pressed,
    Action.ROUND_PICKUP_DAY: pickup_day_pressed,
    Action.ROUND_KEEP_PICKUP_POINT: pickup_point_kept,
    Action.ROUND_EXTEND: extend_asked,
    Action.ROUND_EXTEND_TO: extend_chosen,
    Action.ROUND_CANCEL: cancel_asked,
    Action.ROUND_CANCEL_CONFIRMED: cancel_confirmed,
    Action.ROUND_CLOSE: close_asked,
    Action.ROUND_CLOSE_CONFIRMED: close_confirmed,
    Action.ROUND_BULK_ORDERS: bulk_orders_pressed,
    Action.ROUND_BULK_ORDER_CSV: bulk_order_csv_pressed,
    Action.ROUND_PICKUP_LIST: pickup_list_pressed,
    Action.ROUND_ARRIVALS: arrivals_pressed,
    Action.ROUND_ARRIVAL: arrival_offer_chosen,
    Action.ROUND_PAYMENT: payment_pressed,
    Action.ROUND_PAYER: payer_chosen,
    Action.ROUND_SETTLE: settle_asked,
    Action.ROUND_SETTLE_CONFIRMED: settle_confirmed,
    Action.GROUP_ACCOUNTS: accounts_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "round_line": line_typed,
    "round_closes": closing_typed,
    "round_pickup": pickup_point_typed,
    "units_received": units_typed,
    "payment": payment_typed,
}
