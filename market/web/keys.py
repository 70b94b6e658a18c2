"""Typed keys of the aiohttp application's state."""

from aiohttp import web
from tortoise.context import TortoiseContext

from config import Settings

SETTINGS = web.AppKey("settings", Settings)
DATABASE = web.AppKey("database", TortoiseContext)
# Where the offline chat page is, when this app serves one (no Telegram token): the web's links to the bot go there.
CHAT_PAGE = web.AppKey("chat_page", str)
