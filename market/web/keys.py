"""Typed keys of the aiohttp application's state."""

from aiohttp import web
from tortoise.context import TortoiseContext

from config import Settings

SETTINGS = web.AppKey("settings", Settings)
DATABASE = web.AppKey("database", TortoiseContext)
