"""Producers post stock by writing it: "tomate 20 kg a 8,50" → a card to confirm → published.

A typed message from an approved member of an organization that holds a quantity is read as stock
(market.stock_messages); anything else is a catalog search. Nothing is published without the
button; the card's buttons carry its token, so an older card's "Publish" has expired, and pressing
"Publish" twice publishes once. A photo with a caption is read the same way and becomes the photo of
the caption's (first) product.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import catalog
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler, without_controls
from bot.screens import stock as screens
from bot.turn import Screen, Turn, turn_handler
from market.services.messaging.chats import get_chat_state, set_awaiting, update_chat_data
from market.services.organizations.producers import my_organizations
from market.services.catalog.categories import CategoryNames, all_categories
from market.services.stock.publishing import PublishItem, match_lines, publish_stock, stock_place
from market.stock_messages import StockLine, StockMessageError, parse_stock_message

# What makes a typed message worth reading as stock: a digit, or a word for sold out.
_STOCKISH = re.compile(r"\d|agotad|esgotad|sold out", re.IGNORECASE)


async def typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Stock from a producer, else a search."""
    if not await _offer_card(turn, text, photo=None):
        await catalog.search(turn, text, data)


@turn_handler
async def photo_received(turn: Turn) -> None:
    """A photo with a caption: the caption is read as stock and the photo goes on its product."""
    message = turn.update.effective_message
    caption = without_controls(message.caption or "").strip()
    if not await my_organizations(turn.person.id):
        return  # a consumer's photo: nothing to do with it
    if not caption or not await _offer_card(turn, caption, photo=message.photo[-1].file_id):
        await turn.send(Screen(turn._("To put a photo on a product, send it with a caption saying the product and "
                                      "its stock, like “tomate 20 kg a 8,50”.")))


async def _offer_card(turn: Turn, text: str, *, photo: str | None) -> bool:
    """Show the confirmation card when the text is stock from a member; False when it is not stock."""
    if not _STOCKISH.search(text):
        return False
    organizations = await my_organizations(turn.person.id)
    if not organizations:
        return False
    try:
        results = parse_stock_message(text, turn.locale)
    except StockMessageError:
        return False
    if all(isinstance(r, StockMessageError) and r.code == "no_quantity" for r in results):
        return False
    draft = {"text": text, "photo": photo, "token": secrets.token_urlsafe(6), "picks": {},
             "org": organizations[0].organization_id if len(organizations) == 1 else None}
    await set_awaiting(turn.chat_id, None, {"stock": draft})
    if draft["org"] is None:
        await turn.send(screens.choose_organization(turn, organizations, draft["token"]))
    else:
        await turn.send(await _card(turn, draft))
    return True


async def _card(turn: Turn, draft: dict[str, Any]) -> Screen:
    results = parse_stock_message(draft["text"], turn.locale)
    lines = [r for r in results if isinstance(r, StockLine)]
    matches = {m.line.line: m for m in await match_lines(draft["org"], lines)}
    place = await stock_place(draft["org"])
    return screens.card(turn, place.name, place.currency, place.country_code, results, matches, draft["picks"],
                        await _categories(), draft["token"])


async def _categories() -> dict[int, CategoryNames]:
    return {c.id: c for c in await all_categories()}


async def _draft(turn: Turn, token: str) -> dict[str, Any] | None:
    """This chat's stock card being confirmed; None (and "expired") for an older or finished one."""
    draft = (await get_chat_state(turn.chat_id)).data.get("stock")
    if draft is None or draft["token"] != token:
        await turn.toast(turn._(EXPIRED), alert=True)
        return None
    return draft


async def organization_chosen(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    if press.int_arg(1) not in {m.organization_id for m in await my_organizations(turn.person.id)}:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    draft["org"] = press.int_arg(1)
    await update_chat_data(turn.chat_id, stock=draft)
    await turn.show(await _card(turn, draft))


async def product_picked(turn: Turn, press: Press) -> None:
    """ "tomte" is Tomate: the line goes on that product."""
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    draft["picks"][press.args[1]] = press.int_arg(2)
    await update_chat_data(turn.chat_id, stock=draft)
    await turn.show(await _card(turn, draft))


async def new_product(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    await turn.show(screens.choose_category(turn, press.int_arg(1), await _categories(), draft["token"]))


async def category_picked(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    draft["picks"][press.args[1]] = f"c{press.int_arg(2)}"
    await update_chat_data(turn.chat_id, stock=draft)
    await turn.show(await _card(turn, draft))


async def publish_pressed(turn: Turn, press: Press) -> None:
    """Publish the card's lines in one transaction; the card is spent, so a second press publishes nothing."""
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    results = parse_stock_message(draft["text"], turn.locale)
    lines = [r for r in results if isinstance(r, StockLine)]
    items = []
    for match in await match_lines(draft["org"], lines):
        pick = draft["picks"].get(str(match.line.line))
        if match.product_id is not None or isinstance(pick, int):
            items.append(PublishItem(match.line, product_id=match.product_id or pick))
        else:
            items.append(PublishItem(match.line, new_category_id=int(pick[1:])))
    done = await publish_stock(draft["org"], by_person_id=turn.person.id, items=items, photo_file_id=draft["photo"])
    await set_awaiting(turn.chat_id, None, {})
    place = await stock_place(draft["org"])
    await turn.show(screens.published(turn, done, place.country_code))


async def correct_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    await set_awaiting(turn.chat_id, "stock_message", {"stock": draft})
    await turn.send(Screen(turn._("Write the message again, corrected. I will show it to you before publishing.")))


async def corrected(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = {**data["stock"], "text": text, "picks": {}, "token": secrets.token_urlsafe(6)}
    await set_awaiting(turn.chat_id, None, {"stock": draft})
    await turn.send(await _card(turn, draft))


async def cancel_pressed(turn: Turn, press: Press) -> None:
    if await _draft(turn, press.args[0]) is None:
        return
    await set_awaiting(turn.chat_id, None, {})
    await turn.show(Screen(turn._("Nothing was published.")))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.STOCK_ORGANIZATION: organization_chosen,
    Action.STOCK_PRODUCT: product_picked,
    Action.STOCK_NEW_PRODUCT: new_product,
    Action.STOCK_CATEGORY: category_picked,
    Action.STOCK_PUBLISH: publish_pressed,
    Action.STOCK_CORRECT: correct_pressed,
    Action.STOCK_CANCEL: cancel_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "stock_message": corrected,
}
