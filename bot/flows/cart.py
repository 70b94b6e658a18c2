"""The cart and checking out: one order per organization, paid the ways the organization set (else at pickup or
on delivery)."""

from __future__ import annotations

import secrets
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.payment_methods import after_checkout
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import cart as screens
from bot.screens.payments import with_paid_buttons
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market.rules.orders import parse_quantity_of
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.orders.cart import empty_cart, get_cart, remove_from_cart, set_cart_quantity
from market.services.orders.placing import place_orders
from market.services.payments.order_payment import has_ways_to_pay


@turn_handler
async def show_cart(turn: Turn) -> None:
    """/carrito: the cart."""
    await turn.send(screens.cart(turn, await get_cart(turn.person.id)))


async def cart_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.cart(turn, await get_cart(turn.person.id)))


async def remove_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.cart(turn, await remove_from_cart(turn.person.id, press.int_arg(0))))


async def change_pressed(turn: Turn, press: Press) -> None:
    """Ask how much of a line; the answer sets the line's quantity (not adds to it), so typing it twice is the same."""
    line = next((line for group in (await get_cart(turn.person.id)).organizations for line in group.lines
                 if line.offer_id == press.int_arg(0)), None)
    if line is None:  # taken out meanwhile (another device, a checkout)
        await turn.show(screens.cart(turn, await get_cart(turn.person.id)))
        return
    await turn.ask("cart_quantity", {"offer_id": line.offer_id, "unit": line.unit},
                   screens.ask_line_quantity(turn, line), edit=True)


async def quantity_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    cart = await set_cart_quantity(turn.person.id, data["offer_id"], parse_quantity_of(text, data["unit"]))
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.cart(turn, cart))


async def empty_pressed(turn: Turn, press: Press) -> None:
    await empty_cart(turn.person.id)
    await turn.show(screens.cart(turn, await get_cart(turn.person.id)))


async def checkout_pressed(turn: Turn, press: Press) -> None:
    """Ask how to receive it. The token names this checkout: pressing twice places one order."""
    cart = await get_cart(turn.person.id)
    if cart.is_empty:
        await turn.show(screens.cart(turn, cart))
        return
    token = secrets.token_urlsafe(9)
    await set_awaiting(turn.chat_id, None, {"checkout": token})
    await turn.show(screens.checkout(turn, cart, token))


async def pickup_chosen(turn: Turn, press: Press) -> None:
    token = press.args[0]
    if await _current_checkout(turn, token):
        await _place(turn, token, pickup=True)


async def note_chosen(turn: Turn, press: Press) -> None:
    token = press.args[0]
    if await _current_checkout(turn, token):
        await turn.ask("delivery_note", {"checkout": token}, screens.ask_delivery_note(turn))


async def note_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _place(turn, data["checkout"], pickup=False, delivery_note=text)


async def _current_checkout(turn: Turn, token: str) -> bool:
    """Only the newest checkout's buttons place an order; older ones have expired."""
    state = await get_chat_state(turn.chat_id)
    if state.data.get("checkout") == token:
        return True
    await turn.toast(turn._(EXPIRED), alert=True)
    return False


async def _place(turn: Turn, token: str, *, pickup: bool, delivery_note: str = "") -> None:
    orders = await place_orders(turn.person.id, idempotency_key=token, pickup=pickup, delivery_note=delivery_note)
    # The token stays: pressing again shows these orders, placing nothing more.
    await set_awaiting(turn.chat_id, None, {"checkout": token})
    wake_outbox(turn.context)
    ways_to_pay = await has_ways_to_pay(tuple(order.organization_id for order in orders))
    await turn.send(with_paid_buttons(turn, screens.placed(turn, orders, ways_to_pay=ways_to_pay), orders))
    if ways_to_pay:  # how to pay each order, in messages of their own
        await after_checkout(turn, orders)


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.CART: cart_pressed,
    Action.CART_REMOVE: remove_pressed,
    Action.CART_CHANGE: change_pressed,
    Action.CART_EMPTY: empty_pressed,
    Action.CHECKOUT: checkout_pressed,
    Action.CHECKOUT_PICKUP: pickup_chosen,
    Action.CHECKOUT_NOTE: note_chosen,
}
ANSWERS: dict[str, AnswerHandler] = {
    "delivery_note": note_typed,
    "cart_quantity": quantity_typed,
}
