"""What each family is owed: a producer's own statement; for admins (the treasurer among them), every producer's,
the CSV, payments recorded with a confirming button (a second press records nothing more), and the margin."""

from __future__ import annotations

from typing import Any

from telegram import InputFile

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import statements as screens
from bot.turn import Screen, Turn, translator
from market.errors import Invalid
from market.presentation.sheets import sheet_csv
from market.rules.amounts import minor_unit
from market.rules.orders import parse_quantity
from market.services.messaging.chats import set_awaiting
from market.services.organizations.statement_payments import (
    correct_producer_payment,
    record_producer_payment,
    set_margin,
)
from market.services.organizations.statements import (
    member_statement,
    my_statement,
    statements_page,
    statements_sheet,
)


async def statement_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.statement(turn, await my_statement(press.int_arg(0), person_id=turn.person.id),
                                      for_admin=False))


async def statements_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    page = await statements_page(press.int_arg(0), by_person_id=turn.person.id, offset=press.int_arg(1))
    await turn.show(screens.statements_page(turn, page))


async def statement_of_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    s = await member_statement(press.int_arg(0), press.int_arg(1), by_person_id=turn.person.id)
    await turn.show(screens.statement(turn, s, for_admin=True))


async def csv_pressed(turn: Turn, press: Press) -> None:
    """The statements as a spreadsheet file, for the organization's admins."""
    organization_id = press.int_arg(0)
    text = sheet_csv(await statements_sheet(organization_id, by_person_id=turn.person.id), translator(turn.locale))
    await turn.context.bot.send_document(
        turn.chat_id, InputFile(text.encode(), filename=f"estado-productores-{organization_id}.csv"))


async def pay_pressed(turn: Turn, press: Press) -> None:
    s = await member_statement(press.int_arg(0), press.int_arg(1), by_person_id=turn.person.id)
    await turn.ask("producer_payment", {"organization": s.organization_id, "member": s.member_id},
                   screens.ask_payment(turn, s))


async def payment_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Asked to confirm with a button that carries the typed message: pressing it twice records one payment."""
    s = await member_statement(data["organization"], data["member"], by_person_id=turn.person.id)
    amount = parse_quantity(text)
    minor_units = amount / minor_unit(s.currency)
    if amount <= 0:
        raise Invalid("amount_not_positive")
    if minor_units != int(minor_units):
        raise Invalid("amount_below_minor_unit", currency=s.currency)
    message = turn.update.effective_message
    assert message is not None  # an answer is a typed message
    await turn.send(screens.confirm_payment(turn, s, amount, int(minor_units), message.message_id))


async def paid_pressed(turn: Turn, press: Press) -> None:
    organization_id, member_id = press.int_arg(0), press.int_arg(1)
    s = await member_statement(organization_id, member_id, by_person_id=turn.person.id)
    amount = press.int_arg(2) * minor_unit(s.currency)
    s = await record_producer_payment(organization_id, member_id, amount, by_person_id=turn.person.id,
                                      key=f"{turn.chat_id}-{press.args[3]}")
    await set_awaiting(turn.chat_id, None)
    await turn.toast(turn._("💸 Payment recorded."))
    await turn.show(screens.statement(turn, s, for_admin=True))


async def correct_pressed(turn: Turn, press: Press) -> None:
    s = await correct_producer_payment(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("↩️ Taken back by a new entry."))
    await turn.show(screens.statement(turn, s, for_admin=True))


async def margin_pressed(turn: Turn, press: Press) -> None:
    page = await statements_page(press.int_arg(0), by_person_id=turn.person.id)
    await turn.ask("margin", {"organization": page.organization_id}, screens.ask_margin(turn, page.margin_rate))


async def margin_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    rate = await set_margin(data["organization"], text, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.send(Screen(turn._("✅ Margin: {margin} of each new sale.").format(margin=screens.percent(turn, rate))))
    await turn.send(screens.statements_page(turn, await statements_page(data["organization"],
                                                                        by_person_id=turn.person.id)))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.STATEMENT: statement_pressed,
    Action.STATEMENTS: statements_pressed,
    Action.STATEMENT_OF: statement_of_pressed,
    Action.STATEMENTS_CSV: csv_pressed,
    Action.STATEMENT_PAY: pay_pressed,
    Action.STATEMENT_PAID: paid_pressed,
    Action.STATEMENT_CORRECT: correct_pressed,
    Action.MARGIN: margin_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "producer_payment": payment_typed,
    "margin": margin_typed,
}
