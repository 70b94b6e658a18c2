"""POST /escritorio/org/{slug}/productos/{id}/foto: a product's photo uploaded at the desk by one of its admins.

In the chat a photo goes on a product when it is sent with the product's name as its caption (bot/flows/stock.py);
it is a Telegram photo, and the web catalog shows a small copy of it. A photo uploaded here becomes the same: the
bot sends it to the admin's own chat (she sees what the catalog will show, and it gets its Telegram file id), the
product takes that photo (market.services.stock.products.set_photo) and its web copy is kept at once.

Refused, with the reason next to the field and nothing changed: a file over 2 MB, anything Pillow cannot read as
an image (the bytes decide, not the file's name), and an upload where no bot runs in the process or Telegram would
not take it.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from market.presentation.labels import N_
from market.presentation.photos import NotAPhoto, SmallPhoto, shrink_photo
from market.services.catalog.photos import keep_web_photo
from market.services.people.profile import get_person
from market.services.stock.products import get_product, set_photo
from market.web.desk.common import FORM, PERSON, TOO_LARGE, desk_locale, desk_view, see_other
from market.web.desk.products import PRODUCTS, organization_of, render_form
from market.web.pages.common import translator
from market.web.pages.photos import PHOTOS, PhotoUnavailable

routes = web.RouteTableDef()

MISSING = N_("Choose a photo to upload.")
TOO_LARGE_PHOTO = N_("That file is over 2 MB: choose a smaller photo.")
NOT_A_PHOTO = N_("That file is not a photo: choose a JPEG, PNG or WebP image.")
NO_BOT = N_("The photo could not be sent to Telegram now. Try again later, or send it in the chat with the "
            "product's name as its caption.")


@routes.post(PRODUCTS + r"/{id:\d{1,9}}/foto")
@desk_view
async def photo_uploaded(request: web.Request) -> web.StreamResponse:
    organization = await organization_of(request)
    product = await get_product(organization, int(request.match_info["id"]))
    words = translator(desk_locale(request))
    try:
        data, small = await _read_photo(request)
        caption = words.gettext(N_("📷 The photo of {product} in the catalog, uploaded at the desk.")).format(
            product=product.name)
        file_id = await _sent_to_telegram(request, data, caption)
    except PhotoRefused as refused:
        return await render_form(request, organization, product, photo_error=words.gettext(refused.reason),
                                 status=400)
    await set_photo(organization, product.id, file_id, by_person_id=request[PERSON].person_id)
    await keep_web_photo(product.id, file_id, content_type=small.content_type, width=small.width,
                         height=small.height, data=small.data)
    raise see_other(request, f"/escritorio/org/{organization.slug}/productos/{product.id}?foto=1")


class PhotoRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def _read_photo(request: web.Request) -> tuple[bytes, SmallPhoto]:
    """The uploaded photo's bytes and its web copy; PhotoRefused when there is none, it is too large or no image."""
    form = request[FORM]
    if form.get(TOO_LARGE):
        raise PhotoRefused(TOO_LARGE_PHOTO)
    upload = form.get("photo")
    if not isinstance(upload, tuple) or not upload[1]:
        raise PhotoRefused(MISSING)
    try:
        return upload[1], await asyncio.to_thread(shrink_photo, upload[1])
    except NotAPhoto:
        raise PhotoRefused(NOT_A_PHOTO) from None


async def _sent_to_telegram(request: web.Request, data: bytes, caption: str) -> str:
    """The photo sent to the admin's chat by the process's bot: its Telegram file id."""
    sender = request.app[PHOTOS].sender
    chat = (await get_person(request[PERSON].person_id)).telegram_user_id
    if sender is None or chat is None:
        raise PhotoRefused(NO_BOT)
    try:
        return await sender(chat, data, caption)
    except PhotoUnavailable:
        raise PhotoRefused(NO_BOT) from None
