"""What the committee's and the operator's action pages share: the page's words, and a person named by their
Telegram id or @username, as the bot's /operadores and /redes name them (a forwarded message, the bot's third way,
has no web equivalent)."""

from __future__ import annotations

from aiohttp import web

from market.errors import Invalid
from market.services.operators.roles import PersonRef, find_person_by_telegram_id, find_person_by_username
from market.web.desk.common import desk_locale
from market.web.pages.common import translator


def words(request: web.Request, text: str) -> str:
    return translator(desk_locale(request)).gettext(text)


async def typed_person(text: str) -> PersonRef:
    """The person an @username or a Telegram id names, once they wrote to the bot (the bot's person_named)."""
    typed = text.strip()
    if typed.startswith("@"):
        return await find_person_by_username(typed)
    if typed.isdecimal() and typed.isascii() and len(typed) <= 19:
        return await find_person_by_telegram_id(int(typed))
    raise Invalid("bad_person_reference")
