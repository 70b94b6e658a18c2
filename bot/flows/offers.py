"""A producer manages the organization's offers: stock, price, until when they stand, withdrawing them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import offers as screens
from bot.turn import Turn
from market import clock
from market.presentation.labels import N_
from market.rules.orders import parse_quantity
from market.services.messaging.chats import set_awaiting
from market.services.stock.offers import (
    get_offer,
    list_offers,
    local_today,
    set_valid_until,
    update_offer,
    withdraw_offer,
)


async def offers_pressed(turn: Turn, press: Press) -> None:
    """The organization's offers (its id is the argument), withdrawn ones too."""
    await turn.show(screens.offer_list(turn, await list_offers(press.int_arg(0), viewer_person_id=turn.person.id)))


async def offer_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.offer_detail(turn, await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)))


# The two typed edits, by the button that asks: (field, question, what is said once saved). The stock is
# as it is now (not added); a refused number leaves the chat waiting for another.
EDITS = {
    Action.OFFER_STOCK: ("stock", screens.ask_stock, N_("✅ Stock saved.")),
    Action.OFFER_PRICE: ("price", screens.ask_price, N_("✅ Price saved.")),
}


def _edit(action: Action) -> tuple[PressHandler, str, AnswerHandler]:
    """The button's handler, what the chat then awaits, and the handler of the typed answer."""
    field, question, saved = EDITS[action]
    awaiting = f"offer_{field}"

    async def asked(turn: Turn, press: Press) -> None:
        offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
        await turn.ask(awaiting, {"offer_id": offer.id}, question(turn, offer))

    async def typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
        edited: dict[str, Any] = {field: parse_quantity(text)}  # stock or price
        offer = await update_offer(data["offer_id"], by_person_id=turn.person.id, **edited)
        await set_awaiting(turn.chat_id, None)
        await turn.send(screens.offer_detail(turn, offer, note=turn._(saved)))

    return asked, awaiting, typed


stock_asked, STOCK_AWAITED, stock_typed = _edit(Action.OFFER_STOCK)
price_asked, PRICE_AWAITED, price_typed = _edit(Action.OFFER_PRICE)


async def until_asked(turn: Turn, press: Press) -> None:
    offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
    today = local_today(offer.time_zone, clock.now())
    await turn.show(screens.ask_until(turn, offer, today))


async def until_chosen(turn: Turn, press: Press) -> None:
    """The day is in the button: pressing it again, even days later, sets the same day."""
    day = press.args[1]
    until = None if day == screens.NO_END else datetime.strptime(day, "%Y%m%d").date()
    offer = await set_valid_until(press.int_arg(0), by_person_id=turn.person.id, until=until)
    await turn.show(screens.offer_detail(turn, offer, note=turn._("✅ Date saved.")))


async def withdraw_asked(turn: Turn, press: Press) -> None:
    offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
    await turn.show(screens.confirm_withdraw(turn, offer))


async def withdraw_confirmed(turn: Turn, press: Press) -> None:
    """Withdrawn once, however many times pressed."""
    offer = await withdraw_offer(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.offer_detail(turn, offer, note=turn._("🚫 {product} withdrawn.").format(
        product=offer.product_name)))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.OFFERS: offers_pressed,
    Action.OFFER: offer_pressed,
    Action.OFFER_STOCK: stock_asked,
    Action.OFFER_PRICE: price_asked,
    Action.OFFER_UNTIL: until_asked,
    Action.OFFER_UNTIL_CHOSEN: until_chosen,
    Action.OFFER_WITHDRAW: withdraw_asked,
    Action.OFFER_WITHDRAW_CONFIRMED: withdraw_confirmed,
}
ANSWERS: dict[str, AnswerHandler] = {
    STOCK_AWAITED: stock_typed,
    PRICE_AWAITED: price_typed,
}
