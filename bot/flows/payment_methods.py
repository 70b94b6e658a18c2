"""Ways to pay: an organization's admins (from /organizacion) or a group's coordinators (from the group's page)
add them step by step, turn them off and put them in order; a buyer chooses one for an order after checkout and
reads what it needs (a transfer's details, a Pix code and its QR, the bank's QR with the amount, cash).
"""

from __future__ import annotations

import io
from typing import Any

import segno
from telegram import Message
from telegram.constants import ParseMode

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import payment_methods as screens
from bot.turn import Screen, Turn, fit
from market.enums import PaymentMethodKind
from market.errors import Invalid
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.orders.placing import OrderView
from market.services.payments.methods import (
    MethodDraft,
    Payee,
    add_payment_method,
    check_field,
    move_payment_method_up,
    payment_methods_page,
    turn_off_payment_method,
)
from market.services.payments.order_payment import PaymentDue, choose_payment_method, payment_due

FIELD, QR = "pay_method_field", "pay_method_qr"  # what the chat awaits while a way to pay is added
CASH = (PaymentMethodKind.CASH_PICKUP, PaymentMethodKind.CASH_DELIVERY)


def _payee(args: tuple[str, ...] | list[Any]) -> tuple[str, int]:
    return ("g" if args[0] == "g" else "o", int(args[1]))


def _as_payee(payee: tuple[str, int]) -> Payee:
    return Payee(group_id=payee[1]) if payee[0] == "g" else Payee(organization_id=payee[1])


async def _page(turn: Turn, payee: tuple[str, int]) -> Screen:
    page = await payment_methods_page(_as_payee(payee), by_person_id=turn.person.id)
    back: tuple[Action, ...] | tuple[Action, int] = (Action.GROUP, payee[1]) if payee[0] == "g" else (
        Action.ORGANIZATIONS,)
    return screens.methods_page(turn, payee, page.name, page.methods, back)


async def methods_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await _page(turn, _payee(press.args)))


async def add_pressed(turn: Turn, press: Press) -> None:
    payee = _payee(press.args)
    page = await payment_methods_page(_as_payee(payee), by_person_id=turn.person.id)
    await turn.show(screens.kinds(turn, payee, page.country_code))


async def kind_pressed(turn: Turn, press: Press) -> None:
    """Cash is added at once; a transfer and Pix are asked field by field; a bank's QR is asked as a photo."""
    payee, kind = _payee(press.args), PaymentMethodKind(press.args[2])
    if kind in CASH:
        method = await add_payment_method(_as_payee(payee), MethodDraft(kind), by_person_id=turn.person.id)
        await turn.show(screens.added(turn, method, payee))
        return
    await payment_methods_page(_as_payee(payee), by_person_id=turn.person.id)  # only its managers are asked
    if kind is PaymentMethodKind.BANK_QR:
        await turn.ask(QR, {"payee": list(payee)}, screens.ask_qr(turn))
        return
    await turn.ask(FIELD, {"payee": list(payee), "kind": kind.value, "step": 0, "draft": {}},
                   screens.ask_step(turn, kind, 0))


async def field_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Each answer is checked as it comes (a bad one is asked again); the last adds the way to pay."""
    kind, step = PaymentMethodKind(data["kind"]), int(data["step"])
    steps = screens.STEPS[kind]
    field = steps[step][0]
    draft = {**data["draft"], field: check_field(kind, field, text)}
    if step + 1 < len(steps):
        await turn.ask(FIELD, {**data, "step": step + 1, "draft": draft}, screens.ask_step(turn, kind, step + 1))
        return
    payee = _payee(data["payee"])
    method = await add_payment_method(_as_payee(payee), MethodDraft(kind, **draft), by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.added(turn, method, payee))


async def qr_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    raise Invalid("payment_qr_missing")


async def photo_for_payment_qr(turn: Turn, message: Message) -> bool:
    """A photo sent while the chat waits for a bank's QR: the way to pay is added. False: it waits for none."""
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != QR or not message.photo:
        return False
    payee = _payee(state.data["payee"])
    draft = MethodDraft(PaymentMethodKind.BANK_QR, qr_file_id=message.photo[-1].file_id)
    method = await add_payment_method(_as_payee(payee), draft, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.added(turn, method, payee))
    return True


async def off_pressed(turn: Turn, press: Press) -> None:
    method = await turn_off_payment_method(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("🚫 Turned off: {method}").format(method=screens.describe(turn, method)))
    await turn.show(await _page(turn, _payee(press.args[1:])))


async def up_pressed(turn: Turn, press: Press) -> None:
    await move_payment_method_up(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(await _page(turn, _payee(press.args[1:])))


# The buyer's side: after checkout, and from an order in /pedidos.

async def after_checkout(turn: Turn, orders: tuple[OrderView, ...]) -> None:
    """For each order: the only way to pay that fits it is chosen and explained; with several the buyer is asked to
    choose; with none, cash at pickup or on delivery is said."""
    for order in orders:
        due = await payment_due(order.id, by_person_id=turn.person.id)
        if due.method is None and len(due.choices) == 1:
            due = await choose_payment_method(due.order_id, due.choices[0].id, by_person_id=turn.person.id)
        if due.method is None and due.choices:
            await turn.send(screens.choose(turn, due))
        else:
            await send_how_to_pay(turn, due)


async def choose_pressed(turn: Turn, press: Press) -> None:
    due = await choose_payment_method(press.int_arg(0), press.int_arg(1), by_person_id=turn.person.id)
    await send_how_to_pay(turn, due)


async def details_pressed(turn: Turn, press: Press) -> None:
    due = await payment_due(press.int_arg(0), by_person_id=turn.person.id)
    if due.method is None and due.choices:
        await turn.send(screens.choose(turn, due))
    else:
        await send_how_to_pay(turn, due)


async def send_how_to_pay(turn: Turn, due: PaymentDue) -> None:
    """The words (HTML: a Pix code in <code>, copied by a tap), then a QR as a photo: Pix's, made from the code,
    or the bank's own, with the amount."""
    bot = turn.context.bot
    await bot.send_message(turn.chat_id, fit(screens.how_to_pay(turn, due)), parse_mode=ParseMode.HTML)
    if due.pix_code:
        await bot.send_photo(turn.chat_id, pix_png(due.pix_code), caption=screens.qr_caption(turn, due))
    elif due.method is not None and due.method.kind is PaymentMethodKind.BANK_QR:
        await bot.send_photo(turn.chat_id, due.method.qr_file_id, caption=screens.qr_caption(turn, due))


def pix_png(code: str) -> bytes:
    """The BR Code as a QR image a phone's camera reads (PNG, medium error correction, a quiet zone)."""
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.PAY_METHODS: methods_pressed,
    Action.PAY_METHOD_ADD: add_pressed,
    Action.PAY_METHOD_KIND: kind_pressed,
    Action.PAY_METHOD_OFF: off_pressed,
    Action.PAY_METHOD_UP: up_pressed,
    Action.PAY_CHOOSE: choose_pressed,
    Action.PAY_DETAILS: details_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    FIELD: field_typed,
    QR: qr_typed,
}
