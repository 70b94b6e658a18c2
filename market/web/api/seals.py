"""Seal verification by the public code printed on a label or a QR code."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.services.seals.verification import verify_seal
from market.web.api import shapes
from market.web.api.common import PREFIX, answer

routes = web.RouteTableDef()


@routes.get(PREFIX + "/seals/{code}", name="api-seal")
async def seal(request: web.Request) -> web.Response:
    """What a seal says today; the code is read as a person types it ("k7hm-q2rw" is "K7HMQ2RW")."""
    verification = await verify_seal(request.match_info["code"], today=clock.today())
    return answer(shapes.seal_verification(verification))
