"""Seal verification: type a code, or scan the QR code a producer printed, and see what the seal says today."""

from __future__ import annotations

import io

import segno
from aiohttp import web

from market import clock
from market.errors import NotFound
from market.seal_codes import format_seal_code, normalize_seal_code
from market.services.seals.verification import verify_seal
from market.web.keys import SETTINGS
from market.web.pages.common import link_maker, path_segment, render, visitor_locale

routes = web.RouteTableDef()

# Longer than any code with separators; more is not a code, and the page need not echo it.
MAX_SHOWN = 40


@routes.get("/sellos", name="seals")
async def seal_form(request: web.Request) -> web.Response:
    """The form to type a code; a typed code goes on to its own page, whose address a QR code can hold."""
    code = normalize_seal_code(request.query.get("codigo", ""))
    if code:
        link = link_maker(visitor_locale(request))
        raise web.HTTPSeeOther(link(f"/sellos/{path_segment(code[:MAX_SHOWN])}"))
    return render("seal_form.html", request, {})


@routes.get("/sellos/{code}", name="seal")
async def seal(request: web.Request) -> web.Response:
    """What a seal says today; an unknown code is a plain "not found" page (404)."""
    typed = request.match_info["code"]
    try:
        verification = await verify_seal(typed, today=clock.today())
    except NotFound:
        shown = "".join(c for c in normalize_seal_code(typed) if c.isprintable())[:MAX_SHOWN]
        return render("seal_not_found.html", request, {"code": shown}, status=404)
    return render("seal.html", request, {
        "seal": verification, "shown_code": format_seal_code(verification.code),
    })


@routes.get("/sellos/{code}/qr.svg", name="seal_qr")
async def seal_qr(request: web.Request) -> web.Response:
    """A QR code of the seal's page, to print on a label: drawn here, so the page needs no script."""
    try:
        verification = await verify_seal(request.match_info["code"], today=clock.today())
    except NotFound:
        raise web.HTTPNotFound() from None
    url = f"{request.app[SETTINGS].public_url}/sellos/{verification.code}"
    svg = io.BytesIO()
    # No fixed size (a viewBox): the page and the printer scale it. Level M survives a smudged
    # or creased label; the 4-module quiet zone is what scanners expect.
    segno.make(url, error="m").save(svg, kind="svg", border=4, xmldecl=False, omitsize=True, title=url)
    return web.Response(
        body=svg.getvalue(), content_type="image/svg+xml",
        # The code never changes what it points at: a printed label stays valid.
        headers={"Cache-Control": "public, max-age=86400"},
    )
