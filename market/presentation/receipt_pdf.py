"""A receipt (recibo) as a one-page A5 PDF, in the reader's language, with its verification code and QR.

Drawn with fpdf2: pure Python (nothing to install on the machine, unlike WeasyPrint's Pango and Cairo), and it
embeds only the glyphs a receipt uses of the TrueType fonts it is given, so a receipt weighs tens of kilobytes.
The fonts are DejaVu Sans regular and bold (market/presentation/fonts, with their licence): they cover Spanish
and Portuguese (ñ, ã, ç, ¿) and the currency signs. Everything people typed (names of the organization, the buyer,
the products) is drawn as plain text: fpdf2 interprets nothing in a cell unless asked to (markdown is off).

The figures come from the receipt's content as issued (market.services.receipts.issuing says its shape); a refund
of its order, read from the ledger when the PDF is drawn, is printed below the payment.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import segno
from babel.dates import format_time
from fpdf import FPDF

from market.presentation.i18n import Translator
from market.presentation.labels import N_, unit_name
from market.services.receipts.views import ReceiptRefund

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
WIDTH = 124  # mm between the margins of an A5 page (148 mm wide, 12 mm margins)
COLUMNS = (58, 22, 24, 20)  # product, quantity, price, amount

# How it was paid, by the way to pay's kind (None: the payee recorded it without saying how).
PAID_BY = {
    "cash_pickup": N_("in cash at pickup"),
    "cash_delivery": N_("in cash on delivery"),
    "transfer": N_("by bank transfer"),
    "pix": N_("by Pix"),
    "bank_qr": N_("by the bank's QR code"),
    None: N_("as recorded by the payee"),
}


def receipt_address(public_url: str, code: str) -> str:
    """Where a receipt is verified: the web catalog's /recibos/{code}."""
    return f"{public_url.rstrip('/')}/recibos/{code}"


def render_receipt_pdf(content: dict[str, Any], code: str, issued_at: datetime, locale: str, public_url: str,
                       refund: ReceiptRefund | None = None) -> bytes:
    """The receipt's PDF in `locale`: who issued it, the lines, the fund's share, the payment, its refund, code and QR."""
    issuer = content["issuer"]
    t = Translator(locale, issuer.get("country_code"))
    _ = t.gettext
    currency = content["currency"]

    def money(value: str) -> str:
        return t.money(Decimal(value), currency)

    pdf = _page(issued_at)
    pdf.set_title(_("Receipt {code}").format(code=code))
    pdf.set_font(FONT, "B", 15)
    pdf.cell(WIDTH, 8, _("Receipt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    _text(pdf, issuer["name"])
    pdf.set_font(FONT, "", 9)
    if issuer.get("tax_number"):
        _text(pdf, _("Tax number: {number}").format(number=issuer["tax_number"]))
    _text(pdf, f"{issuer['territory']}, {t.country(issuer.get('country_code', ''))}")
    pdf.ln(2)
    if content.get("buyer"):  # blank once the buyer asked to be forgotten
        _text(pdf, _("Received from: {name}").format(name=content["buyer"]))
    if content["kind"] == "order":
        _text(pdf, _("Order no. {number}").format(number=content["order_id"]))
    else:
        _text(pdf, _("Round {number} of the group {group}").format(number=content["round_number"],
                                                                    group=issuer["name"]))
    _text(pdf, _("Issued on {when}").format(when=_when(t, issued_at, issuer)))
    pdf.ln(3)
    _lines(pdf, t, content["lines"], money)
    pdf.set_font(FONT, "B", 10)
    lines_total = sum((Decimal(line["amount"]) for line in content["lines"]), Decimal(0))
    _text(pdf, _("Total: {total}").format(total=t.money(lines_total, currency)), align="R")
    pdf.set_font(FONT, "", 9)
    if Decimal(content["fund"]) > 0:
        _text(pdf, _("of which {amount} go to the solidarity fund").format(amount=money(content["fund"])), align="R")
    pdf.ln(3)
    if content["kind"] != "order":
        _account(pdf, t, content, money)
    payment = content["payment"]
    how = _(PAID_BY.get(payment["kind"], PAID_BY[None]))
    if payment["kind"] == "transfer" and payment.get("bank"):
        how = _("by bank transfer to {bank}").format(bank=payment["bank"])
    pdf.set_font(FONT, "B", 10)
    paid_on = _when(t, datetime.fromisoformat(payment["at"]), issuer)
    _text(pdf, _("Paid {amount} {how}, on {when}").format(amount=money(payment["amount"]), how=how, when=paid_on))
    if refund is not None:
        _text(pdf, refund_words(t, refund, currency, issuer))
    pdf.ln(4)
    _verification(pdf, t, code, receipt_address(public_url, code))
    return bytes(pdf.output())


def refund_words(t: Translator, refund: ReceiptRefund, currency: str, issuer: dict[str, str]) -> str:
    """"↩ Devuelto: Bs95,00 el 6 de diciembre de 2026", or "↩ Devolución pendiente: Bs95,00" while owed."""
    _ = t.gettext
    if refund.owed > 0 or refund.refunded_at is None:
        return _("↩ Refund pending: {amount}").format(amount=t.money(refund.owed, currency))
    day = refund.refunded_at.astimezone(ZoneInfo(issuer.get("time_zone") or "UTC")).date()
    return _("↩ Refunded: {amount} on {date}").format(amount=t.money(refund.refunded, currency),
                                                      date=t.date(day, "long"))


def _page(issued_at: datetime) -> FPDF:
    pdf = FPDF(format=(148, 210), unit="mm")  # A5, given in mm: fpdf2 warns about its own A5 since 2.8.5
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=False)
    pdf.set_creation_date(issued_at)  # the receipt's own moment, never the machine's clock
    pdf.set_creator("Feria")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    return pdf


def _text(pdf: FPDF, text: str, align: str = "L") -> None:
    """One line of plain text (wrapped when long), never read as markup."""
    pdf.multi_cell(WIDTH, 5, text, align=align, markdown=False, new_x="LMARGIN", new_y="NEXT")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut with "…" to fit `width` mm in the current font."""
    if pdf.get_string_width(text) <= width - 2:
        return text
    while text and pdf.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text + "…"


def _lines(pdf: FPDF, t: Translator, lines: list[dict[str, str]], money: Any) -> None:
    _ = t.gettext
    pdf.set_font(FONT, "B", 8)
    for width, heading, align in zip(COLUMNS, (_("Product"), _("Quantity"), _("Price"), _("Amount")),
                                     "LRRR", strict=True):
        pdf.cell(width, 6, heading, border="B", align=align)
    pdf.ln(6)
    pdf.set_font(FONT, "", 8)
    for line in lines:
        quantity, per = Decimal(line["quantity"]), Decimal(line["per"])
        unit = unit_name(t.ngettext, line["unit"], quantity)
        price = money(line["unit_price"])
        if per != 1:
            price = f"{price}/{t.number(per)} {unit_name(t.ngettext, line['unit'], per)}"
        cells = (_fit(pdf, line["product"], COLUMNS[0]), f"{t.number(quantity)} {unit}",
                 _fit(pdf, price, COLUMNS[2]), money(line["amount"]))
        for width, value, align in zip(COLUMNS, cells, "LRRR", strict=True):
            pdf.cell(width, 5, value, align=align)
        pdf.ln(5)
    pdf.cell(WIDTH, 1, "", border="T", new_x="LMARGIN", new_y="NEXT")


def _account(pdf: FPDF, t: Translator, content: dict[str, Any], money: Any) -> None:
    """A round account: what the close charged, each correction, the payments so far and the balance."""
    _ = t.gettext
    _text(pdf, _("Charged at the round's close: {amount}").format(amount=money(content["charged"])))
    for correction in content["corrections"]:
        # A correction on the member's account: positive is money owed back to them (fewer units arrived).
        _text(pdf, _("Correction for what arrived: {amount}").format(amount=money(str(-Decimal(correction)))))
    paid = sum((Decimal(p) for p in content["payments"]), Decimal(0))
    _text(pdf, _("Paid so far: {amount}").format(amount=t.money(paid, content["currency"])))
    balance = Decimal(content["balance"])
    if balance < 0:
        words = _("Balance: still owed {amount}")
    elif balance > 0:
        words = _("Balance: {amount} in your favour")
    else:
        words = _("Balance: nothing owed")
    pdf.set_font(FONT, "B", 9)
    _text(pdf, words.format(amount=t.money(abs(balance), content["currency"])))
    pdf.set_font(FONT, "", 9)
    pdf.ln(3)


def _verification(pdf: FPDF, t: Translator, code: str, address: str) -> None:
    _ = t.gettext
    top = pdf.get_y()
    png = io.BytesIO()
    segno.make(address, error="m").save(png, kind="png", scale=4, border=2)
    pdf.image(png, x=12, y=top, w=30, h=30)
    pdf.set_xy(46, top)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(WIDTH - 34, 5, _("Verification code: {code}").format(code=code), markdown=False, align="L",
                   new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(WIDTH - 34, 4, _("Check this receipt at {address}").format(address=address), markdown=False, align="L",
                   new_x="LEFT", new_y="NEXT")
    pdf.ln(1)
    pdf.multi_cell(WIDTH - 34, 4, _("This receipt acknowledges a payment; it is not a tax invoice."),
                   markdown=False, align="L", new_x="LEFT", new_y="NEXT")


def _when(t: Translator, moment: datetime, issuer: dict[str, str]) -> str:
    """The day and the hour in the issuer's time zone: "5 de diciembre de 2026, 10:00"."""
    local = moment.astimezone(ZoneInfo(issuer.get("time_zone") or "UTC"))
    return f"{t.date(local.date(), 'long')}, {format_time(local, 'short', locale=t.format_locale)}"
