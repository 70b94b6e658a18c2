"""/precio tomate: what a product costs around the person, then its chart of the last 90 days."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import prices as screens
from bot.turn import Screen, Turn, translator, turn_handler
from market.enums import MarketLevel
from market.errors import Invalid, NotFound
from market.presentation.charts import render_price_chart_async
from market.presentation.price_text import LEVEL_LABELS, chart_labels, product_title
from market.rules.orders import parse_quantity
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.prices.recording import (
    RecordMarketPrice,
    default_price_territory,
    may_record_prices,
    record_market_price,
)
from market.services.prices.summaries import price_series
from market.stock_messages import StockLine, parse_stock_message

CHART_DAYS = 90
MAX_TEXT = 100  # a product's name; more is not one


@turn_handler
async def price_command(turn: Turn) -> None:
    """/precio, /preco, /price with a product: its summary, then the chart as a photo; alone: ask which."""
    words = " ".join(turn.context.args or ())[:MAX_TEXT]
    if not words:
        await turn.ask("price_product", {}, screens.ask_product(turn))
        return
    await _prices(turn, words)


async def product_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The product /precio alone asked for: the chat stops waiting, and its prices are shown."""
    if not text:
        await turn.ask("price_product", {}, screens.ask_product(turn))
        return
    await set_awaiting(turn.chat_id, None)
    await _prices(turn, text[:MAX_TEXT])


async def _prices(turn: Turn, words: str) -> None:
    territory_id = await default_price_territory(turn.person.id)
    try:
        series = await price_series(words, territory_id=territory_id, days=CHART_DAYS)
    except NotFound as error:
        if error.code != "price_product_not_found":
            raise
        await turn.send(screens.unknown_product(turn, words))
        return
    await turn.send(screens.summary(turn, series.summary))
    # Drawn in a worker thread: the other chats keep their answers coming meanwhile.
    labels = chart_labels(series, translator(turn.locale, series.summary.country_code))
    png = await render_price_chart_async(series, labels)
    rows = None
    if await may_record_prices(turn.person.id):
        # Coordinators and producers add what they see at the market, from the same screen.
        summary = series.summary
        await set_awaiting(turn.chat_id, None, {"price_record": {
            "product": summary.product_name, "territory": territory_id, "currency": summary.currency,
            "country": summary.country_code}})
        rows = [[turn.button(turn._("📝 Record a market price"), Action.PRICE_RECORD)]]
    await turn.context.bot.send_photo(
        turn.chat_id, InputFile(png, filename="prices.png"),
        caption=screens.caption(turn, series.summary, CHART_DAYS),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )


async def record_pressed(turn: Turn, press: Press) -> None:
    """Which market: local, regional or national."""
    record = (await get_chat_state(turn.chat_id)).data.get("price_record")
    if record is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    rows = [[turn.button(turn._(LEVEL_LABELS[level]), Action.PRICE_LEVEL, level.value)] for level in MarketLevel]
    await turn.send(Screen(turn._("At which market did you see {product}?").format(
        product=product_title(record["product"])), rows))


async def level_chosen(turn: Turn, press: Press) -> None:
    record = (await get_chat_state(turn.chat_id)).data.get("price_record")
    if record is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await turn.ask("market_price", {"price_record": {**record, "level": press.args[0]}},
                   Screen(turn._("What price? Write it with its unit, like “8,50 kg” or “150 quintal”.")), edit=True)


_ARTICLE = re.compile(r"^(?:(?:el|la|los|las|o|a|por|per|the)\s+|/\s*)", re.IGNORECASE)
_PRICE = re.compile(r"^\s*([\d.,]+)\s*(.*)$")


async def price_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """ "8,50 kg": recorded once (the chat stops waiting), and the alerts below it are owed."""
    record = data["price_record"]
    found = _PRICE.match(text)
    if not found:
        raise Invalid("bad_price")
    unit = _unit(found[2], turn.locale)
    price = parse_quantity(found[1])
    await record_market_price(RecordMarketPrice(product_text=record["product"], territory_id=record["territory"],
                                                level=MarketLevel(record["level"]), price=price, unit=unit),
                              by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None, {})
    await turn.send(Screen(turn._("✅ Market price of {product} recorded: {price}.").format(
        product=product_title(record["product"]), price=turn.per_unit(price, record["currency"], unit, record["country"]))))


def _unit(words: str, locale: str) -> str:
    """ "kg", "el kilo", "por quintal", "arrobas": read with the stock messages' unit words (kg when none)."""
    words = _ARTICLE.sub("", words.strip())
    if not words:
        return "kg"
    read = parse_stock_message(f"x 1 {words}", locale)[0]
    if not isinstance(read, StockLine) or read.unit == "unit" and read.product != "x":
        raise Invalid("unknown_unit")
    return read.unit


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.PRICE_RECORD: record_pressed,
    Action.PRICE_LEVEL: level_chosen,
}
ANSWERS: dict[str, AnswerHandler] = {
    "market_price": price_typed,
    "price_product": product_typed,
}
