"""The outbox's receipt notice (bot/notices.py renders it): the PDF of a receipt, drawn when it is sent, in the
reader's language, as a document with a caption. A receipt that is not the recipient's renders as None."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.outbox.dispatcher import Document
from bot.screens import receipts as screens
from bot.turn import Screen
from market.presentation.receipt_pdf import render_receipt_pdf
from market.services.receipts.views import ReceiptView, get_receipt

if TYPE_CHECKING:  # bot.notices imports this module for its table
    from bot.notices import Recipient


def receipt_document(receipt: ReceiptView, locale: str, public_url: str) -> Document:
    """The receipt's PDF in `locale`, named as the person will see it in the chat."""
    pdf = render_receipt_pdf(receipt.content, receipt.code, receipt.issued_at, locale, public_url, receipt.refund)
    return Document(screens.file_name(receipt), pdf)


async def _receipt(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    receipt = await get_receipt(params["code"])
    if to.person_id != receipt.person_id:
        return None
    document = receipt_document(receipt, to.voice.locale, to.public_url)
    return Screen(screens.caption(to.voice, receipt), document=document)


TEMPLATES: dict[str, Callable[[Recipient, dict[str, Any], str], Awaitable[Screen | None]]] = {
    "receipt": _receipt,
}
