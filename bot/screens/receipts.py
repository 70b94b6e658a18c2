"""Receipts (recibos) as the bot shows them: the caption of a receipt's PDF, and the person's list to send one again."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice, translator
from market.presentation.receipt_pdf import refund_words
from market.services.receipts.views import ReceiptView


def file_name(receipt: ReceiptView) -> str:
    return f"recibo-{receipt.code}.pdf"


def caption(voice: Voice, receipt: ReceiptView) -> str:
    """"🧾 Your receipt from Café Amboró: Bs95,00 paid. Code K7MP9ABCDE." (the PDF beside it)."""
    country = receipt.content.get("issuer", {}).get("country_code")
    text = voice._("🧾 Your receipt from {issuer}: {total} paid. Its code, {code}, verifies it on the web.").format(
        issuer=receipt.issuer, total=voice.money(receipt.total, receipt.currency, country), code=receipt.code)
    if receipt.refund is None:
        return text
    # The refund as the PDF beside it says it: pending, or paid back on the day where the issuer is.
    issuer = receipt.content.get("issuer", {})
    return text + "\n" + refund_words(translator(voice.locale, country), receipt.refund, receipt.currency, issuer)


def receipt_list(voice: Voice, receipts: tuple[ReceiptView, ...]) -> Screen:
    """The person's latest receipts, one button each to get its PDF again."""
    _ = voice._
    if not receipts:
        return Screen(_("🧾 You have no receipts yet: one arrives here each time a payment of yours is recorded."),
                      [back_to_menu(voice)])
    rows = [[voice.button(_("🧾 {date} · {issuer} · {total}").format(
        date=voice.date(_local_day(r), "short"), issuer=r.issuer[:30],
        total=voice.money(r.total, r.currency, r.content.get("issuer", {}).get("country_code"))) + _refund_mark(r),
        Action.RECEIPT_AGAIN, r.code)] for r in receipts]
    text = _("🧾 Your latest receipts: press one to get its PDF again.")
    if any(_refund_mark(r) for r in receipts):
        text += "\n" + _("↩ marks a payment refunded to you.")
    return Screen(text, [*rows, back_to_menu(voice)])


def _refund_mark(receipt: ReceiptView) -> str:
    """" ↩" after a receipt whose order was refunded (paid back): its PDF says when."""
    return " ↩" if receipt.refund is not None and receipt.refund.refunded > 0 else ""


def _local_day(receipt: ReceiptView) -> date:
    """The day it was issued where its issuer is (the PDF says the same)."""
    return receipt.issued_at.astimezone(ZoneInfo(receipt.content.get("issuer", {}).get("time_zone") or "UTC")).date()
