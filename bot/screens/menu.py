"""The main menu and the language picker."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.turn import Screen, Voice
from market.enums import SUPPORTED_LOCALES
from market.services.orders.received import WaitingOrders

# Each language names itself, so a person who cannot read the current one finds theirs.
LANGUAGE_NAMES = {"es": "Español", "pt_BR": "Português (Brasil)", "en": "English"}


def main_menu(voice: Voice, name: str | None = None, waiting: WaitingOrders | None = None, *,
              operator: bool = False) -> Screen:
    """The menu. A member of an organization also finds their organization here, starts with how to publish
    stock, and is told how many of its orders wait for an answer, with a button to them (an order whose notice
    never reached them is found so).
    An operator also finds their page there (nobody else sees it)."""
    _ = voice._
    lines = []
    if name:
        lines.append(_("Hello, {name}! Welcome to Feria, the solidarity market.").format(name=name))
    rows = [
        [voice.button(_("🧺 Browse products"), Action.CATEGORIES)],
        [voice.button(_("🔎 Search"), Action.SEARCH), voice.button(_("🛒 My cart"), Action.CART)],
        [voice.button(_("📦 My orders"), Action.ORDERS), voice.button(_("👥 My groups"), Action.GROUPS)],
    ]
    if waiting is not None and waiting.total:
        lines.append(voice.ngettext("📥 You have {count} order waiting for an answer.",
                                    "📥 You have {count} orders waiting for an answer.", waiting.total).format(
            count=voice.number(waiting.total)))
        rows.insert(0, [voice.button(_("📥 See the orders"), Action.RECEIVED)])
    if waiting is not None and waiting.organizations:
        rows.append([voice.button(_("🧑‍🌾 My organization"), Action.ORGANIZATIONS)])
        # A producer posts stock by writing: the menu starts with how.
        rows.insert(0, [voice.button(_("📦 Publish stock"), Action.STOCK_HELP)])
    lines.append(_("What would you like to do?"))
    rows.append([voice.button(_("🌐 Language"), Action.LANGUAGES), voice.button(_("📍 My place"), Action.MY_PLACE, "m"),
                 voice.button(_("🔒 My data"), Action.MY_DATA)])
    if operator:
        rows.append([voice.button(_("🛠 Operators"), Action.OPERATOR_HOME)])
    return Screen("\n".join(lines), rows)


def language_picker(voice: Voice) -> Screen:
    _ = voice._
    current = LANGUAGE_NAMES[voice.locale]
    return Screen(
        _("Your language is {language}. Choose another:").format(language=current),
        [[voice.button(("✓ " if code == voice.locale else "") + LANGUAGE_NAMES[code], Action.LANGUAGE_CHOSEN, code)]
         for code in SUPPORTED_LOCALES]
        + [[voice.button(_("« Menu"), Action.MENU)]],
    )


def back_to_menu(voice: Voice) -> list[InlineKeyboardButton]:
    return [voice.button(voice._("« Menu"), Action.MENU)]


def slow_down(voice: Voice) -> Screen:
    """To a person past their budget of messages a minute: once a burst, the rest was skipped."""
    return Screen(voice._("Too many messages at once: I answered the first ones and skipped the rest. "
                          "Wait a minute, then write again."))
