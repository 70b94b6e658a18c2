"""Orders: the consumer follows and cancels them; the organization confirms, readies, delivers or refuses."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.payments import buyer_order, with_refund
from bot.flows.received import show_received_order
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import orders as screens
from bot.screens.names import person_name
from bot.turn import Screen, Turn, turn_handler
from bot.wake import wake_outbox
from market.enums import OrderStatus
from market.errors import Conflict
from market.services.messaging.chats import set_awaiting
from market.services.orders.placing import OrderView, get_order, list_orders
from market.services.orders.status import advance_order, cancel_order, mark_order_paid, refuse_order


@turn_handler
async def show_orders(turn: Turn) -> None:
    """/pedidos: the person's orders with their status."""
    await turn.send(screens.order_list(turn, await list_orders(turn.person.id)))


async def orders_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.order_list(turn, await list_orders(turn.person.id)))


async def order_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await buyer_order(turn, await get_order(press.int_arg(0), viewer_id=turn.person.id)))


async def cancel_asked(turn: Turn, press: Press) -> None:
    order = await get_order(press.int_arg(0), viewer_id=turn.person.id)
    if order.paid_at is not None and order.status != OrderStatus.CANCELLED:  # a button from before it was paid
        raise Conflict("order_paid_ask_organization", organization=order.organization_name)
    await turn.show(screens.confirm_cancel(turn, order))


async def cancel_confirmed(turn: Turn, press: Press) -> None:
    """Cancel while still placed: the stock comes back and the organization is told."""
    order = await cancel_order(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.toast(turn._("Order #{number} cancelled.").format(number=order.id))
    await turn.show(await buyer_order(turn, order))


async def advance_pressed(turn: Turn, press: Press) -> None:
    """An organization member moves the order on; the consumer is told."""
    order = await advance_order(press.int_arg(0), by_person_id=turn.person.id, to=screens.STEP_STATUS[press.args[1]])
    wake_outbox(turn.context)
    await _show_handled(turn, order, from_list=press.args[2:] == (screens.FROM_LIST,))


async def paid_pressed(turn: Turn, press: Press) -> None:
    order = await mark_order_paid(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("Order #{number} marked paid.").format(number=order.id))
    await _show_handled(turn, order, from_list=press.args[1:] == (screens.FROM_LIST,))


async def refuse_asked(turn: Turn, press: Press) -> None:
    order = await get_order(press.int_arg(0), viewer_id=turn.person.id)
    from_list = press.args[1:] == (screens.FROM_LIST,)
    await turn.ask("refusal_reason", {"order_id": order.id, "from_list": from_list},
                   screens.ask_refusal_reason(turn, order))


async def reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Refuse with the reason written: the stock comes back and the consumer reads why."""
    order = await refuse_order(data["order_id"], by_person_id=turn.person.id, reason=text)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(Screen(turn._("Order #{number} refused; {consumer} has been told.").format(
        number=order.id, consumer=person_name(turn, order.consumer_name))))
    await _show_handled(turn, order, from_list=data.get("from_list", False), edit=False)


async def _show_handled(turn: Turn, order: OrderView, *, from_list: bool, edit: bool = True) -> None:
    """The order after a member's step, as it was pressed: its notification, or as the received orders open it."""
    if from_list:
        await show_received_order(turn, order.id, edit=edit)
    elif edit:
        await turn.show(await with_refund(turn, screens.incoming_order(turn, order), order))
    else:
        await turn.send(await with_refund(turn, screens.incoming_order(turn, order), order))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.ORDERS: orders_pressed,
    Action.ORDER: order_pressed,
    Action.ORDER_CANCEL: cancel_asked,
    Action.ORDER_CANCEL_CONFIRMED: cancel_confirmed,
    Action.ORDER_ADVANCE: advance_pressed,
    Action.ORDER_PAID: paid_pressed,
    Action.ORDER_REFUSE: refuse_asked,
}
ANSWERS: dict[str, AnswerHandler] = {
    "refusal_reason": reason_typed,
}
