"""Rendering the outbox: each template, in the recipient's language, with buttons made for them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup

from bot.application import SANDBOX_TOKEN
from bot.callbacks import CallbackCodec
from bot.outbox import OwedMessage, Rendered
from bot.screens import orders as order_screens
from bot.turn import CAPTION_LIMIT, TEXT_LIMIT, Screen, Voice, fit
from config import Settings
from market.errors import NotFound
from market.i18n import pick_locale
from market.services.orders import OrderView, get_order
from market.services.people import get_person

log = logging.getLogger(__name__)


# Each template shows an order, from the recipient's side.
TEMPLATES: dict[str, Callable[[Voice, OrderView], Screen]] = {
    "order_placed": order_screens.incoming_order,
    "order_status": order_screens.status_notice,
    "order_cancelled": order_screens.cancelled_notice,
}


def make_renderer(settings: Settings) -> Callable[[OwedMessage], Awaitable[Rendered | None]]:
    """The dispatcher's renderer: None when the template is unknown or what it speaks of is gone.

    Its buttons are signed like the bot's own, so a member presses them in their chat.
    """
    codec = CallbackCodec(settings.telegram_bot_token or SANDBOX_TOKEN)

    async def render(owed: OwedMessage) -> Rendered | None:
        template = TEMPLATES.get(owed.template)
        if template is None or owed.person_id is None:
            log.warning("outbox: no way to render %s for person %s", owed.template, owed.person_id)
            return None
        try:
            person = await get_person(owed.person_id)
            locale = pick_locale(person.locale, person.language_code, settings.default_locale)
            order = await get_order(owed.params["order_id"], viewer_id=owed.person_id)
            screen = template(Voice(locale, owed.chat_id, codec), order)
        except NotFound:
            return None
        markup = InlineKeyboardMarkup(screen.rows) if screen.rows else None
        text = fit(screen.text, CAPTION_LIMIT if screen.photo else TEXT_LIMIT)
        return Rendered(text=text, reply_markup=markup, photo=screen.photo)

    return render
