"""Received orders: an organization's members find its orders (even those whose notification never reached
them), open one with the notification's buttons, and write to its buyer."""

from __future__ import annotations

from typing import Any

from telegram.error import BadRequest

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.payments import with_pending, with_refund
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import received as screens
from bot.turn import Screen, Turn
from bot.wake import wake_outbox
from market.services.messaging.chats import set_awaiting
from market.services.orders.buyers import write_to_buyer
from market.services.orders.received import count_waiting_orders, get_received_order, list_received_orders


async def received_pressed(turn: Turn, press: Press) -> None:
    """The organization's list; a member of several chooses one first."""
    waiting = await count_waiting_orders(turn.person.id)
    if not waiting.organizations:
        await turn.show(screens.no_organization(turn))
    elif len(waiting.organizations) == 1:
        await show_list(turn, waiting.organizations[0].organization_id)
    else:
        await turn.show(screens.choose_organization(turn, waiting))


async def list_pressed(turn: Turn, press: Press) -> None:
    await show_list(turn, press.int_arg(0), press.args[1], press.int_arg(2))


async def show_list(turn: Turn, organization_id: int, shelf: str = "o", page: int = 0) -> None:
    page_shown = await list_received_orders(organization_id, viewer_person_id=turn.person.id,
                                            shelf=screens.SHELF_OF_CODE[shelf], page=page)
    await turn.show(await with_pending(turn, screens.received_list(turn, page_shown), organization_id))


async def order_pressed(turn: Turn, press: Press) -> None:
    # Back from "write your message": a text typed next is not a message to the buyer any more.
    await set_awaiting(turn.chat_id, None)
    await show_received_order(turn, press.int_arg(0))


async def show_received_order(turn: Turn, order_id: int, *, edit: bool = True) -> None:
    """The order as the list opens it: a link to a buyer with a username, else a message passed on."""
    detail = await get_received_order(order_id, viewer_person_id=turn.person.id)
    try:
        await _show(turn, await with_refund(turn, screens.received_order(turn, detail), detail.order), edit=edit)
    except BadRequest as refused:
        # The buyer's privacy settings refuse links to their profile: the bot passes a message on instead.
        if detail.buyer.link_user_id is None or "privacy" not in str(refused).lower():
            raise
        await _show(turn, screens.received_order(turn, detail, link=False), edit=edit)


async def _show(turn: Turn, screen: Screen, *, edit: bool) -> None:
    if edit:
        await turn.show(screen)
    else:
        await turn.send(screen)


async def write_asked(turn: Turn, press: Press) -> None:
    detail = await get_received_order(press.int_arg(0), viewer_person_id=turn.person.id)
    await turn.ask("buyer_message", {"order_id": detail.order.id},
                   screens.ask_buyer_message(turn, detail.order), edit=True)


async def message_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Pass the member's message on to the buyer, with the order's number."""
    sent = await write_to_buyer(data["order_id"], by_person_id=turn.person.id, text=text)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(screens.buyer_message_sent(turn, sent))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.RECEIVED: received_pressed,
    Action.RECEIVED_LIST: list_pressed,
    Action.RECEIVED_ORDER: order_pressed,
    Action.BUYER_WRITE: write_asked,
}
ANSWERS: dict[str, AnswerHandler] = {
    "buyer_message": message_typed,
}
