"""Producers post stock by writing it: "tomate 20 kg a 8,50" → a card to confirm → published.

A typed message from an approved member of an organization that holds a quantity is read as stock
(a StockDraft, market.services.stock.drafts); anything else is a catalog search. The draft waits in
the chat's state between presses. Nothing is published without the button; the card's buttons carry
its token, so an older card's "Publish" has expired, and pressing "Publish" twice publishes once. A
photo with a caption is read the same way and becomes the photo of the caption's (first) product.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import catalog, stock_help
from bot.flows.payment_methods import photo_for_payment_qr
from bot.flows.payments import photo_for_proof
from bot.flows.registration import photo_for_registration
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler, without_controls
from bot.flows.visits import photo_for_visit
from bot.screens import stock as screens
from bot.turn import Screen, Turn, turn_handler
from market.errors import Invalid
from market.presentation.labels import N_
from market.services.catalog.categories import CategoryNames, all_categories
from market.services.messaging.chats import get_chat_state, set_awaiting, update_chat_data
from market.services.organizations.producers import my_organizations
from market.services.stock.draft_lines import ExistingProduct, NewProduct
from market.services.stock.drafts import StockDraft, publish_draft, read_draft
from market.services.stock.lot_preview import preview_lots
from market.services.stock.publishing import stock_place
from market.stock_messages import read_number

# What makes a typed message worth reading as stock: a digit, or a word for sold out.
_STOCKISH = re.compile(r"\d|agotad|esgotad|sold out", re.IGNORECASE)
# A draft this version cannot read (left by an older or newer bot mid-deploy, or damaged): start over.
STARTS_OVER = N_("Nothing was published: I can no longer read that stock message. Please write your stock again, "
                 "like “tomate 20 kg a 8,50”.")


async def typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Stock from a producer (or the closest readable form, when it looks like stock but is not read as meant),
    else a search."""
    if await stock_help.hinted(turn, text):
        return
    if not await _offer_card(turn, text, photo=None):
        await catalog.search(turn, text, data)


@turn_handler
async def photo_received(turn: Turn) -> None:
    """A photo with a caption: the caption is read as stock and the photo goes on its product."""
    message = turn.update.effective_message
    if message is None:  # the handler's filter lets only photos through
        return
    if await photo_for_registration(turn):  # the logo an organization's registration asked for
        return
    if await photo_for_visit(turn, message):  # a photo of the visit its lead reviewer is recording
        return
    if await photo_for_payment_qr(turn, message):  # a bank's QR, as a way to pay an organization or group
        return
    if await photo_for_proof(turn, message):  # the photo of a transfer, for a proof of payment
        return
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
    only = organizations[0].organization_id if len(organizations) == 1 else None
    draft = await read_draft(StockDraft(text, turn.locale, only, photo_file_id=photo))
    if not draft.is_stock:
        return False
    await set_awaiting(turn.chat_id, None, {"stock": draft.to_dict()})
    if draft.organization_id is None:
        await turn.send(screens.choose_organization(turn, organizations, draft.token))
    else:
        await turn.send(await _card(turn, draft))
    return True


async def _card(turn: Turn, draft: StockDraft) -> Screen:
    place = await stock_place(draft.organization_id)
    lots = await preview_lots(draft, by_person_id=turn.person.id)  # each line's lot before → after
    return screens.card(turn, place.name, place.currency, place.country_code, draft, await _categories(), lots)


async def _categories() -> dict[int, CategoryNames]:
    return {c.id: c for c in await all_categories()}


async def _draft(turn: Turn, token: str) -> StockDraft | None:
    """This chat's stock card being confirmed, read again; None (and "expired") for an older or finished one."""
    if (draft := await _stored_draft(turn, (await get_chat_state(turn.chat_id)).data)) is None:
        return None
    if draft.token != token:
        await turn.toast(turn._(EXPIRED), alert=True)
        return None
    return await read_draft(draft)


async def _stored_draft(turn: Turn, data: dict[str, Any]) -> StockDraft | None:
    """The chat's draft as stored; None ("expired") when there is none, or when it can no longer be read:
    then the chat starts over (a draft left by an older or newer version of the bot)."""
    if data.get("stock") is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return None
    try:
        return StockDraft.from_dict(data["stock"], locale=turn.locale)
    except Invalid:
        await set_awaiting(turn.chat_id, None, {})
        await turn.send(Screen(turn._(STARTS_OVER)))
        return None


async def organization_chosen(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    if press.int_arg(1) not in {m.organization_id for m in await my_organizations(turn.person.id)}:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _show(turn, await read_draft(replace(draft, organization_id=press.int_arg(1))))


async def product_picked(turn: Turn, press: Press) -> None:
    """ "tomte" is Tomate: the line goes on that product."""
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    await _show(turn, draft.pick(press.int_arg(1), ExistingProduct(press.int_arg(2))))


async def new_product(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    await turn.show(screens.choose_category(turn, press.int_arg(1), await _categories(), draft.token))


async def category_picked(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    await _show(turn, draft.pick(press.int_arg(1), NewProduct(press.int_arg(2))))


async def _show(turn: Turn, draft: StockDraft) -> None:
    """Keep the draft as it now is and show its card in place of the one pressed."""
    await update_chat_data(turn.chat_id, stock=draft.to_dict())
    await turn.show(await _card(turn, draft))


async def publish_pressed(turn: Turn, press: Press) -> None:
    """Publish the card's lines in one transaction; the card is spent, so a second press publishes nothing."""
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    # The card showed the unreadable lines as warnings and offered the others.
    done = await publish_draft(draft, by_person_id=turn.person.id, leave_out_unreadable=True)
    await set_awaiting(turn.chat_id, None, {})
    place = await stock_place(draft.organization_id)
    await turn.show(screens.published(turn, [published for _, published in done], place.country_code))


async def correct_pressed(turn: Turn, press: Press) -> None:
    """Ask for the message again; "✏️ Write it in Bs" (a currency argument) asks for its prices in that currency."""
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    question = Screen(turn._("Write the message again, corrected. I will show it to you before publishing."))
    if len(press.args) > 1:
        place = await stock_place(draft.organization_id)
        question = screens.write_in_currency(turn, place.currency, place.country_code)
    await turn.ask("stock_message", {"stock": draft.to_dict()}, question)


async def rate_pressed(turn: Turn, press: Press) -> None:
    """"💱 Convert": ask how much of the organization's currency one of the price's is today."""
    if (draft := await _draft(turn, press.args[0])) is None:
        return
    await set_awaiting(turn.chat_id, "stock_rate", {"stock": draft.to_dict(), "currency": press.args[1]})
    place = await stock_place(draft.organization_id)
    await turn.send(screens.ask_rate(turn, press.args[1], place.currency, place.country_code, draft.token))


async def rate_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Today's rate, typed: the card again, its prices in that currency converted (a bad number: say how)."""
    if (before := await _stored_draft(turn, data)) is None:
        return
    draft = (await read_draft(before)).with_rate(str(data.get("currency")), read_number(text.strip()) or Decimal(0))
    await set_awaiting(turn.chat_id, None, {"stock": draft.to_dict()})
    await turn.send(await _card(turn, draft))


async def corrected(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The corrected message replaces the draft: a new card (a new token), for the same organization and photo."""
    if (before := await _stored_draft(turn, data)) is None:
        return
    draft = await read_draft(StockDraft(text, turn.locale, before.organization_id, photo_file_id=before.photo_file_id,
                                        lot_for=before.lot_for))
    if not draft.is_stock:  # "👍", "?", a word: the card waits, and the person is told what to write
        await turn.send(screens.not_stock(turn, before.token))
        return
    await set_awaiting(turn.chat_id, None, {"stock": draft.to_dict()})
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
    Action.STOCK_RATE: rate_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "stock_message": corrected,
    "stock_rate": rate_typed,
}
