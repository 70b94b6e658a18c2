"""Order rounds in the bot: members order with a tolerance and watch the packs fill; coordinators open,
extend, cancel and close rounds, then record what arrived and what was paid.

Every button that changes a line carries the totals it sets (not "+1"), so a press repeated by a slow
network sets the same line again instead of adding twice.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.paying import group_ways_to_pay
from bot.screens import rounds as screens
from bot.turn import Screen, Turn
from bot.wake import wake_outbox
from market import clock
from market.enums import GroupRole, RoundStatus
from market.errors import Conflict, Invalid
from market.presentation.labels import N_
from market.rules.units import in_order_units
from market.services.groups.rounds.bills import get_member_bill
from market.services.groups.rounds.closing import cancel_round, close_round, extend_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.queries import round_board
from market.services.groups.rounds.setup import (
    group_place,
    round_of_offer,
)
from market.services.groups.rounds.views import get_round
from market.services.messaging.chats import set_awaiting
from market.stock_messages.words import unit_named

# A number as people type an amount (at most 9 digits, the columns hold no more; thousandths at most), then
# perhaps a unit's word: "1,5", "1.5 kg", "3 frascos", ",5".
_AMOUNT = r"([0-9]{1,9}(?:[.,][0-9]{1,3})?|[.,][0-9]{1,3})\s*([^\W\d_]+\.?)?"
_LINE = re.compile(rf"\s*{_AMOUNT}(?:\s*(?:\+|\s)\s*{_AMOUNT})?\s*")


def parse_line(text: str) -> tuple[Decimal, Decimal, str | None]:
    """A typed order line in the offer's unit: an amount and perhaps a tolerance, each perhaps with its unit;
    the unit they name (None when none is written), read into order units by rules.units.in_order_units.

    | text             | result                  |
    |------------------|-------------------------|
    | "5"              | (5, 0, None)            |
    | "1,5 1"          | (1.5, 1, None)          |
    | "1,5+0,5"        | (1.5, 0.5, None)        |
    | "1,5 kg"         | (1.5, 0, kg)            |
    | "3 frascos 1"    | (3, 1, jar)             |
    | "500 g + 250 g"  | (500, 250, g)           |
    | "0"              | (0, 0, None)            |
    | "3 kg 1 frasco"  | Invalid not_whole_units |
    | "3 please"       | Invalid not_whole_units |
    | "-3"             | Invalid not_whole_units |
    | "99999999999999" | Invalid not_whole_units |
    """
    found = _LINE.fullmatch(text)
    if not found:
        raise Invalid("not_whole_units", field="quantity")
    quantity, quantity_word, tolerance, tolerance_word = found.groups()
    units = {unit_named(word) for word in (quantity_word, tolerance_word) if word}
    if None in units or len(units) > 1:
        raise Invalid("not_whole_units", field="quantity")
    return _decimal(quantity), _decimal(tolerance or "0"), units.pop() if units else None


def _decimal(typed: str) -> Decimal:
    return Decimal(typed.replace(",", "."))


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
        lines += await group_ways_to_pay(turn, place.group_id, bill)
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
    await turn.ask("round_line", {"round_offer": line.offer.id},
                   screens.offer_line(turn, place, board.round.id, line), edit=True)


async def line_set(turn: Turn, press: Press) -> None:
    await _set_line(turn, press.int_arg(0), press.int_arg(1), press.int_arg(2), edit=True)


async def line_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A typed line: "1,5 1" of coffee sold by 0,5 kg orders 3 order units and a tolerance of 2. Whatever was
    typed, a round closed since the question was asked is said first: once, as the question then ends
    (bot/flows/questions.py)."""
    order_round = await get_round(await round_of_offer(data["round_offer"]))
    if order_round.status != RoundStatus.OPEN or clock.now() >= order_round.closes_at:
        raise Conflict("round_closed")
    amount, more, unit = parse_line(text)
    offer = (await _line(turn, data["round_offer"]))[2].offer
    quantity, tolerance = (in_order_units(a, unit, offer.unit, offer.order_unit_quantity) for a in (amount, more))
    await _set_line(turn, data["round_offer"], quantity, tolerance, edit=False)


async def _set_line(turn: Turn, round_offer_id: int, quantity: int, tolerance: int, *, edit: bool) -> None:
    round_id = await round_of_offer(round_offer_id)
    await set_order_line(round_id, round_offer_id, person_id=turn.person.id, quantity=quantity, tolerance=tolerance)
    place, board, line = await _line(turn, round_offer_id)
    if not quantity and not tolerance:
        await turn.toast(turn._("Removed from your order."))
    # The line's screen asks again: another quantity may be typed, or the question cancelled.
    await turn.ask("round_line", {"round_offer": round_offer_id}, screens.offer_line(turn, place, round_id, line),
                   edit=edit)


# A coordinator's round: extend, cancel, close ---------------------------------------------------------------

async def extend_asked(turn: Turn, press: Press) -> None:
    order_round = await get_round(press.int_arg(0))
    place = await group_place(round_id=order_round.id)
    await turn.show(screens.extend_choices(turn, place, order_round))


async def extend_chosen(turn: Turn, press: Press) -> None:
    """Extend; a close on or after the pickup day is refused by the service, and then asks for a new pickup day."""
    round_id, closes_at = press.int_arg(0), datetime.fromtimestamp(press.int_arg(1), timezone.utc)
    try:
        await extend_round(round_id, by_person_id=turn.person.id, closes_at=closes_at)
    except Invalid as refused:
        if refused.code != "pickup_before_close":
            raise
        place, order_round = await group_place(round_id=round_id), await get_round(round_id)
        await turn.show(screens.move_pickup(turn, place, order_round, closes_at))
        return
    await _extended(turn, round_id)


async def extend_with_pickup(turn: Turn, press: Press) -> None:
    closes_at = datetime.fromtimestamp(press.int_arg(1), timezone.utc)
    await extend_round(press.int_arg(0), by_person_id=turn.person.id, closes_at=closes_at,
                       pickup_on=datetime.strptime(press.args[2], "%Y%m%d").date())
    await _extended(turn, press.int_arg(0))


async def _extended(turn: Turn, round_id: int) -> None:
    wake_outbox(turn.context)
    await turn.toast(turn._("Extended. Members are being told."))
    await show_board(turn, round_id, edit=True)


# What cannot be undone is asked first: the button asks the question, its "yes" button does it.
QUESTIONS = {
    Action.ROUND_CANCEL: (N_("Cancel round #{number}? Nobody will be charged and members are told."),
                          N_("Yes, cancel the round"), Action.ROUND_CANCEL_CONFIRMED),
    Action.ROUND_CLOSE: (N_("Close round #{number} now? Orders can no longer change; bills and bulk orders are sent."),
                         N_("Yes, close it"), Action.ROUND_CLOSE_CONFIRMED),
    Action.ROUND_SETTLE: (N_("Settle round #{number}? Do it once the goods are handed out and what arrived is recorded."),
                          N_("Yes, settle it"), Action.ROUND_SETTLE_CONFIRMED),
}


def asks(action: Action) -> PressHandler:
    question, yes, confirmed = QUESTIONS[action]

    async def asked(turn: Turn, press: Press) -> None:
        rid = press.int_arg(0)
        number = (await get_round(rid)).number
        await turn.show(screens.confirm(turn, turn._(question).format(number=number), (turn._(yes), confirmed, rid), rid))

    return asked


cancel_asked = asks(Action.ROUND_CANCEL)
close_asked = asks(Action.ROUND_CLOSE)


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


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.ROUND: board_pressed,
    Action.ROUND_LINE: line_pressed,
    Action.ROUND_LINE_SET: line_set,
    Action.ROUND_EXTEND: extend_asked,
    Action.ROUND_EXTEND_TO: extend_chosen,
    Action.ROUND_EXTEND_PICKUP: extend_with_pickup,
    Action.ROUND_CANCEL: cancel_asked,
    Action.ROUND_CANCEL_CONFIRMED: cancel_confirmed,
    Action.ROUND_CLOSE: close_asked,
    Action.ROUND_CLOSE_CONFIRMED: close_confirmed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "round_line": line_typed,
}
