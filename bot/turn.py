"""One turn of a conversation: the update, the person, their language, and the ways to answer."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.actions import Action
from bot.callbacks import CallbackCodec
from bot.outbox.dispatcher import Document
from market.presentation.i18n import Translator, pick_locale
from market.presentation.labels import unit_name
from market.services.messaging.chats import known_this_turn, set_awaiting
from market.services.people.profile import PersonView, register_person

Rows = Sequence[Sequence[InlineKeyboardButton]]
CODEC = "codec"
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024  # Telegram's, in characters


def fit(text: str, limit: int = TEXT_LIMIT) -> str:
    """The text cut to Telegram's limit at a line break, marked with "…" (a long cart still arrives).

    | text                 | limit | result          |
    |----------------------|-------|-----------------|
    | "short"              | 10    | "short"         |
    | "line one\nline two" | 12    | "line one\n…"   |
    | "abcdefghijkl"       | 5     | "abcd…"         |
    """
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 1)
    return (text[:cut + 1] if cut > 0 else text[:limit - 1]) + "…"


@functools.lru_cache(maxsize=64)
def translator(locale: str, country_code: str | None = None) -> Translator:
    """One Translator per language and country, reused across turns."""
    return Translator(locale, country_code)


@dataclass(frozen=True)
class Screen:
    """What the bot shows: a text (or a photo's or a document's caption) and its inline buttons."""

    text: str
    rows: Rows = ()
    photo: str | None = None
    document: Document | None = None  # a notice's file (bot.notices sends it; a turn sends files itself)


@dataclass
class Voice:
    """A person's language and buttons: what any screen needs to speak to them."""

    locale: str
    user_id: int
    codec: CallbackCodec

    def _(self, message: str) -> str:
        return translator(self.locale).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` ("1 bill", "2 bills"), still to be .format()ted."""
        return translator(self.locale).ngettext(singular, plural, n)

    def button(self, text: str, action: Action, *args: object) -> InlineKeyboardButton:
        """An inline button only this person can press; it runs the handler of `action` (bot/actions.py)."""
        if not isinstance(action, Action):
            # A bare code would be a button no table may handle: name it in bot/actions.py.
            raise TypeError(f"a button's action must be an Action, not {action!r}")
        return InlineKeyboardButton(text, callback_data=self.codec.encode(self.user_id, action, *args))

    def cancel_button(self, awaiting: str) -> InlineKeyboardButton:
        """The way out of a question: stop waiting for its typed answer (bot/flows/questions.py)."""
        return self.button(self._("✖ Cancel"), Action.QUESTION_CANCEL, awaiting)

    @property
    def reader_country(self) -> str | None:
        """The reader's own country when known: money in its currency is theirs, any other says whose it is."""
        return None

    def money(self, amount: Decimal, currency: str, country_code: str | None = None) -> str:
        return translator(self.locale, country_code).money(amount, currency, self.reader_country)

    def country(self, code: str) -> str:
        return translator(self.locale).country(code)

    def category(self, code: str, stored: Mapping[str, str] | None = None) -> str:
        """A category's name: an operator's stored name in this language, else the catalogs' (labels.category_name)."""
        return translator(self.locale).category(code, stored)

    def number(self, value: Decimal | int) -> str:
        return translator(self.locale).number(value.normalize() if isinstance(value, Decimal) else value)

    def date(self, value: dt.date, format: str = "medium") -> str:
        """"21 nov 2026"; format "short" gives "21/11/26" for a list on a small screen."""
        return translator(self.locale).date(value, format)

    def date_as_typed(self, value: dt.date) -> str:
        return translator(self.locale).date_as_typed(value)

    def months(self, first: dt.date, last: dt.date) -> str:
        """"sept–nov 2026": a season's months."""
        return translator(self.locale).months(first, last)

    def parse_date(self, text: str) -> dt.date | None:
        """A day the person typed in their locale's order, or None (market.presentation.i18n)."""
        return translator(self.locale).parse_date(text)

    def moment(self, value: dt.datetime, time_zone: str, country_code: str | None = None) -> str:
        return translator(self.locale, country_code).moment(value, time_zone)

    def quantity(self, value: Decimal, unit: str) -> str:
        """"2,5 kg", "3 bolsas": the number in the person's format and the unit's short name."""
        return f"{self.number(value)} {unit_name(self.ngettext, unit, value)}"

    def per_unit(self, amount: Decimal, currency: str, unit: str, country_code: str | None = None) -> str:
        return self._("{price} per {unit}").format(
            price=self.money(amount, currency, country_code), unit=unit_name(self.ngettext, unit)
        )


@dataclass
class Turn(Voice):
    """The person's side of one update, with the ways to answer them."""

    update: Update
    context: ContextTypes.DEFAULT_TYPE
    person: PersonView
    answered: bool = False

    @property
    def chat_id(self) -> int:
        chat = self.update.effective_chat
        assert chat is not None  # a turn begins only for an update from someone in a chat (turn_handler, on_error)
        return chat.id

    @property
    def user(self) -> User:
        """Who the turn is with."""
        user = self.update.effective_user
        assert user is not None  # a turn begins only for an update from someone (turn_handler, on_error)
        return user

    @property
    def reader_country(self) -> str | None:
        return self.person.country_code

    @property
    def settings(self):
        return self.context.bot_data["settings"]

    async def toast(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer the button press (Telegram shows a spinner until we do)."""
        query = self.update.callback_query
        if query is not None and not self.answered:
            self.answered = True
            await query.answer(text[:200] if text else None, show_alert=alert)

    async def send(self, screen: Screen) -> Message:
        """A new message in the chat."""
        markup = InlineKeyboardMarkup(screen.rows) if screen.rows else None
        if screen.photo:
            return await self.context.bot.send_photo(
                self.chat_id, screen.photo, caption=fit(screen.text, CAPTION_LIMIT), reply_markup=markup
            )
        return await self.context.bot.send_message(self.chat_id, fit(screen.text), reply_markup=markup)

    async def ask(self, awaiting: str, data: dict[str, Any] | None, screen: Screen, *, edit: bool = False) -> None:
        """Wait for a typed answer (`awaiting`, with its draft `data`) and ask for it: every question the bot
        asks ends with a Cancel."""
        await set_awaiting(self.chat_id, awaiting, data)
        asked = Screen(screen.text, [*screen.rows, [self.cancel_button(awaiting)]], screen.photo)
        await (self.show(asked) if edit else self.send(asked))

    async def show(self, screen: Screen) -> None:
        """Replace the pressed message with `screen` (browsing stays one message), else send it."""
        query = self.update.callback_query
        message = query.message if query else None
        # An inaccessible message (too old) has no text: a new one is sent.
        if not isinstance(message, Message) or screen.photo or not message.text:
            await self.send(screen)
            return
        markup = InlineKeyboardMarkup(screen.rows) if screen.rows else None
        try:
            await message.edit_text(fit(screen.text), reply_markup=markup)
        except BadRequest as error:
            # Pressing the same button twice asks for the same text: Telegram refuses, nothing to do.
            if "not modified" not in str(error).lower():
                raise


TurnHandler = Callable[..., Awaitable[Any]]


def turn_handler(handler: TurnHandler) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]:
    """Wrap a handler: know the person (registering them on first contact) and their language."""

    @functools.wraps(handler)
    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
        user = update.effective_user
        if user is None or update.effective_chat is None or user.is_bot:
            return None
        turn = await begin_turn(update, context)
        with known_this_turn(turn.person.chat):  # what the chat awaits: read with the person, kept by its writes
            result = await handler(turn)
            # On an exception the error handler answers the press, with the reason.
            await turn.toast()
        return result

    return handle


# A command's turn, begun by router.command_given (it runs first, in its own group), for the command's own handler:
# one update reads its sender once.
_BEGUN: ContextVar[Turn | None] = ContextVar("a command's turn", default=None)


def hand_over(turn: Turn) -> None:
    """The next begin_turn for `turn`'s update, in this task, takes `turn` as it is."""
    _BEGUN.set(turn)


async def begin_turn(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Turn:
    if (begun := _BEGUN.get()) is not None:
        _BEGUN.set(None)
        if begun.update is update:
            return begun
    user = update.effective_user
    assert user is not None  # the callers read an update from someone (turn_handler, on_error, chat_membership)
    chat = update.effective_chat
    person = await register_person(user.id, user.full_name, user.username, user.language_code,
                                   chat_id=chat.id if chat else None)
    settings = context.bot_data["settings"]
    locale = pick_locale(person.locale, person.language_code, settings.default_locale)
    return Turn(locale, user.id, context.bot_data[CODEC], update=update, context=context, person=person)
