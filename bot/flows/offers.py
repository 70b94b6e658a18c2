"""A producer manages the organization's offers: stock, price, until when they stand, withdrawing them."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.callbacks import Press
from bot.flows.router import on_answer, on_press
from bot.screens import offers as screens
from bot.turn import Turn
from market.rules.orders import parse_quantity
from market.services.chats import set_awaiting
from market.services.offers import (
    get_offer, list_offers, local_today, set_valid_until, update_offer, withdraw_offer,
)


@on_press("fl")
async def offers_pressed(turn: Turn, press: Press) -> None:
    """The organization's offers (its id is the argument), withdrawn ones too."""
    await turn.show(screens.offer_list(turn, await list_offers(press.int_arg(0), viewer_person_id=turn.person.id)))


@on_press("fo")
async def offer_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.offer_detail(turn, await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)))


@on_press("fs")
async def stock_asked(turn: Turn, press: Press) -> None:
    offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, "offer_stock", {"offer_id": offer.id})
    await turn.send(screens.ask_stock(turn, offer))


@on_answer("offer_stock")
async def stock_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The stock as it is now (not added): a refused number leaves the chat waiting for another."""
    offer = await update_offer(data["offer_id"], by_person_id=turn.person.id, stock=parse_quantity(text))
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.offer_detail(turn, offer, note=turn._("✅ Stock saved.")))


@on_press("fp")
async def price_asked(turn: Turn, press: Press) -> None:
    offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, "offer_price", {"offer_id": offer.id})
    await turn.send(screens.ask_price(turn, offer))


@on_answer("offer_price")
async def price_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    offer = await update_offer(data["offer_id"], by_person_id=turn.person.id, price=parse_quantity(text))
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.offer_detail(turn, offer, note=turn._("✅ Price saved.")))


@on_press("fv")
async def until_asked(turn: Turn, press: Press) -> None:
    offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
    today = local_today(offer.time_zone, datetime.now(timezone.utc))
    await turn.show(screens.ask_until(turn, offer, today))


@on_press("fu")
async def until_chosen(turn: Turn, press: Press) -> None:
    """The day is in the button: pressing it again, even days later, sets the same day."""
    day = press.args[1]
    until = None if day == screens.NO_END else datetime.strptime(day, "%Y%m%d").date()
    offer = await set_valid_until(press.int_arg(0), by_person_id=turn.person.id, until=until)
    await turn.show(screens.offer_detail(turn, offer, note=turn._("✅ Date saved.")))


@on_press("fw")
async def withdraw_asked(turn: Turn, press: Press) -> None:
    offer = await get_offer(press.int_arg(0), viewer_person_id=turn.person.id)
    await turn.show(screens.confirm_withdraw(turn, offer))


@on_press("fwy")
async def withdraw_confirmed(turn: Turn, press: Press) -> None:
    """Withdrawn once, however many times pressed."""
    offer = await withdraw_offer(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.offer_detail(turn, offer, note=turn._("🚫 {product} withdrawn.").format(
        product=offer.product_name)))
