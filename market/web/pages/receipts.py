"""Receipt verification: the address a receipt's QR code holds says whether it is genuine, and gives its PDF again.

The page says who issued it, when, the total, the fund's share and what was bought; of the buyer only the first
name and an initial (whoever holds the code holds the PDF, but the page may be shown to anyone). A round account's
group and a transfer's bank, typed for the members, are not published.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from market.errors import NotFound
from market.presentation.receipt_pdf import PAID_BY, render_receipt_pdf
from market.services.receipts.views import ReceiptView, get_receipt, normalize_receipt_code
from market.web.keys import SETTINGS
from market.web.pages.common import render, visitor_locale

routes = web.RouteTableDef()

MAX_SHOWN = 20  # longer than any code; more is not a code, and the page need not echo it


def short_name(name: str) -> str:
    """The buyer as the page names them: the first name and an initial.

    | name                     | shown        |
    |--------------------------|--------------|
    | "Patricia Mamani Quispe" | "Patricia M." |
    | "Hilda"                  | "Hilda"      |
    | ""                       | ""           |
    """
    words = name.split()
    if len(words) < 2:
        return words[0] if words else ""
    return f"{words[0]} {words[1][0]}."


@routes.get(r"/recibos/{code:[^/.]+}.pdf", name="receipt_pdf")
async def receipt_pdf(request: web.Request) -> web.Response:
    """The receipt's PDF, in the visitor's language; an unknown code is the not-found page."""
    receipt = await _receipt(request)
    if isinstance(receipt, web.Response):
        return receipt
    pdf = render_receipt_pdf(receipt.content, receipt.code, receipt.issued_at, visitor_locale(request),
                             request.app[SETTINGS].public_url, receipt.refund)
    return web.Response(body=pdf, content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="recibo-{receipt.code}.pdf"', "Vary": "Accept-Language"})


@routes.get(r"/recibos/{code:[^/.]+}", name="receipt")
async def receipt_page(request: web.Request) -> web.Response:
    """Whether the receipt is genuine, and what it says."""
    receipt = await _receipt(request)
    if isinstance(receipt, web.Response):
        return receipt
    content = receipt.content
    lines = [{"product": line["product"], "quantity": Decimal(line["quantity"]), "unit": line["unit"],
              "amount": Decimal(line["amount"])} for line in content["lines"]]
    return render("receipt.html", request, {
        "receipt": receipt, "issuer": content["issuer"], "buyer": short_name(content.get("buyer", "")),
        "lines": lines, "fund": Decimal(content["fund"]), "is_order": content["kind"] == "order",
        "round_number": content.get("round_number"), "country": content["issuer"].get("country_code"),
        "paid_by": PAID_BY.get(content["payment"]["kind"], PAID_BY[None]), "refund": receipt.refund,
        "refunded_on": _local_day(receipt.refund.refunded_at, content) if receipt.refund else None,
        "issued_on": _local_day(receipt.issued_at, content),
    })


def _local_day(moment: datetime | None, content: dict[str, Any]) -> date | None:
    """The day as the issuer lived it: a payment at 22:30 in La Paz is not tomorrow's."""
    return moment.astimezone(ZoneInfo(content["issuer"].get("time_zone") or "UTC")).date() if moment else None


async def _receipt(request: web.Request) -> ReceiptView | web.Response:
    try:
        return await get_receipt(request.match_info["code"])
    except NotFound:
        shown = normalize_receipt_code(request.match_info["code"])[:MAX_SHOWN]
        return render("receipt_not_found.html", request, {"code": shown}, status=404)
