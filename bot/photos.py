"""The web catalog's product photos, fetched through this process's bot (market/web/pages/photos.py keeps them),
and a photo uploaded at the desk sent to its admin's chat, so that it is a Telegram photo like one sent there.

The bot already speaks to the Bot API (or the offline sandbox) with its token: the web asks it for a file
rather than holding the token itself. Where no bot runs in the process, no photo is fetched (those kept are
still served) and none is sent.
"""

from __future__ import annotations

from aiohttp import web
from telegram import InputFile
from telegram.error import TelegramError

from bot.runtime import BOT
from market.web.pages.photos import PHOTOS, PhotoUnavailable


def add_photo_source(app: web.Application) -> None:
    """Let the web catalog fetch product photos through the app's bot, once the bot is up."""

    async def fetch(file_id: str) -> bytes:
        application = app.get(BOT)
        if application is None:
            raise PhotoUnavailable("no bot runs in this process")
        try:
            file = await application.bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())
        except TelegramError as error:
            raise PhotoUnavailable(str(error)) from error

    async def send(chat_id: int, data: bytes, caption: str) -> str:
        application = app.get(BOT)
        if application is None:
            raise PhotoUnavailable("no bot runs in this process")
        try:
            message = await application.bot.send_photo(chat_id, InputFile(data, filename="foto.jpg"), caption=caption)
        except TelegramError as error:
            raise PhotoUnavailable(str(error)) from error
        if not message.photo:
            raise PhotoUnavailable("Telegram kept no photo")
        return message.photo[-1].file_id

    app[PHOTOS].source = fetch
    app[PHOTOS].sender = send
