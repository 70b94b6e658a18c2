"""Operators manage the catalog's categories in the bot: rename one in a language, or add one (code, then its
name in each language we serve). The services refuse anyone who is not an operator."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import operator_categories as screens
from bot.turn import Turn
from market.enums import SUPPORTED_LOCALES
from market.errors import Conflict, Invalid, NotFound
from market.rules.categories import NAME_LIMIT, category_code, category_display_name
from market.services.catalog.categories import all_categories, get_category_names
from market.services.messaging.chats import set_awaiting
from market.services.operators.categories import add_category, rename_category
from market.services.operators.roles import check_operator


async def list_pressed(turn: Turn, press: Press) -> None:
    await check_operator(turn.person.id)
    await set_awaiting(turn.chat_id, None)
    categories = await all_categories()
    offset = min(max(press.int_arg(0), 0), max(len(categories) - 1, 0))
    await turn.show(screens.category_list(turn, categories, offset))


async def page_pressed(turn: Turn, press: Press) -> None:
    await check_operator(turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.category_page(turn, await get_category_names(press.args[0])))


async def rename_pressed(turn: Turn, press: Press) -> None:
    await check_operator(turn.person.id)
    category, locale = await get_category_names(press.args[0]), press.args[1]
    if locale not in SUPPORTED_LOCALES:
        raise Invalid("unsupported_locale", locale=locale)
    await turn.ask("category_name", {"code": category.code, "locale": locale},
                   screens.ask_name(turn, category.code, locale))


async def name_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    renamed = await rename_category(data["code"], data["locale"], text, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.category_page(turn, renamed))


async def add_pressed(turn: Turn, press: Press) -> None:
    await check_operator(turn.person.id)
    await turn.ask("new_category", {}, screens.ask_code(turn))


async def new_category_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The code first, then a name a message, in each language we serve; then the category is made."""
    await check_operator(turn.person.id)
    if "code" not in data:
        data = {"code": await _free_code(text), "names": {}}
    else:
        name = category_display_name(text)
        if name is None:
            raise Invalid("category_name_invalid", max=NAME_LIMIT)
        data["names"][SUPPORTED_LOCALES[len(data["names"])]] = name
    if len(data["names"]) < len(SUPPORTED_LOCALES):
        await turn.ask("new_category", data,
                       screens.ask_name(turn, data["code"], SUPPORTED_LOCALES[len(data["names"])], new=True))
        return
    category = await add_category(data["code"], data["names"], by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.added(turn, category))


async def _free_code(text: str) -> str:
    """The code written, if it can be one and no category has it yet (said now, not after three names)."""
    code = category_code(text)
    if code is None:
        raise Invalid("category_code_invalid")
    try:
        await get_category_names(code)
    except NotFound:
        return code
    raise Conflict("category_exists", category_code=code)


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.CATEGORY_LIST: list_pressed,
    Action.CATEGORY_ADD: add_pressed,
    Action.CATEGORY_PAGE: page_pressed,
    Action.CATEGORY_RENAME: rename_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "category_name": name_typed,
    "new_category": new_category_typed,
}
