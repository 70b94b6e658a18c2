"""The payments buyers say they made ("Ya pagué"), waiting for an organization's admin, and for a group's
coordinators the same of members' round accounts: confirmed or rejected at the desk through the bot's own services
(market.services.payments.proofs, as bot/flows/payments.py), so the buyer gets the same message and, confirmed,
the same receipt.

    GET  /escritorio/org/{slug}/pagos                           ?hecho=confirmed|rejected
    POST /escritorio/org/{slug}/pagos/{proof_id}/confirmar
    POST /escritorio/org/{slug}/pagos/{proof_id}/rechazar       motivo=...  (the buyer reads it)

A proof decided already (a second press, another admin first) changes nothing: the page says who decided it (409).
The photo of a transfer stays in Telegram (a file of the bot's): the page says it is in the chat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from market.errors import Conflict, FeriaError, Forbidden, Invalid, NotFound
from market.services.payments.proofs import ProofView, confirm_proof, get_proof, pending_proofs, reject_proof
from market.web.desk.common import FORM, PERSON, desk_view, refusal_words, render, see_other
from market.web.desk.orders import METHODS
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import path_segment

routes = web.RouteTableDef()
PAYMENTS = f"/escritorio/org/{SLUG}/pagos"
PROOF = PAYMENTS + "/{proof_id:[0-9]{1,9}}"
DONE = ("confirmed", "rejected")
REASON_CODES = ("reason_missing", "reason_too_long")
Decide = Callable[[int, int], Awaitable[ProofView]]


@routes.get(PAYMENTS)
@desk_view
async def payments_page(request: web.Request) -> web.StreamResponse:
    done = request.query.get("hecho", "")
    return await _show(request, done=done if done in DONE else "")


@routes.post(PROOF + "/confirmar")
@desk_view
async def confirm(request: web.Request) -> web.StreamResponse:
    """The payment is recorded once, the buyer told and sent the receipt, as when the admin presses in the chat."""
    return await _decide(request, "confirmed", lambda proof_id, person_id: confirm_proof(
        proof_id, by_person_id=person_id))


@routes.post(PROOF + "/rechazar")
@desk_view
async def reject(request: web.Request) -> web.StreamResponse:
    reason = str(request[FORM].get("motivo", ""))
    return await _decide(request, "rejected", lambda proof_id, person_id: reject_proof(
        proof_id, by_person_id=person_id, reason=reason), reason=reason)


async def _decide(request: web.Request, done: str, decide: Decide, *, reason: str = "") -> web.StreamResponse:
    organization = await admin_organization(request)
    person_id = request[PERSON].person_id
    proof_id = int(request.match_info["proof_id"])
    try:
        proof = await get_proof(proof_id, viewer_id=person_id)
    except (NotFound, Forbidden):
        raise web.HTTPNotFound() from None
    if proof.organization_id != organization.id:
        raise web.HTTPNotFound()  # another organization's proof, or a group's: not decided here
    try:
        await decide(proof_id, person_id)
    except (Invalid, Conflict) as refused:
        status = 400 if isinstance(refused, Invalid) else 409
        return await _show(request, refused=refused, proof_id=proof_id, reason=reason, status=status)
    raise see_other(request, f"/escritorio/org/{path_segment(organization.slug)}/pagos?hecho={done}")


async def _show(request: web.Request, *, done: str = "", refused: FeriaError | None = None, proof_id: int = 0,
                reason: str = "", status: int = 200) -> web.Response:
    organization = await admin_organization(request)
    proofs = await pending_proofs(organization.id, by_person_id=request[PERSON].person_id)
    context: dict[str, Any] = {
        "organization": organization, "proofs": proofs, "done": done, "methods": METHODS,
        "base": f"/escritorio/org/{path_segment(organization.slug)}/pagos",
        **decision_context(request, refused, proof_id, reason),
    }
    return await render("desk/org/payments.html", request, context, status=status)


def decision_context(request: web.Request, refused: FeriaError | None, proof_id: int, reason: str) -> dict[str, Any]:
    """A refused decision in the page's words: the reason's error next to the proof's reason field (its value kept),
    any other above the list."""
    words = refusal_words(request, refused) if refused else ""
    on_reason = refused is not None and refused.code in REASON_CODES
    return {
        "refusal": "" if on_reason else words,
        "reason_error": {proof_id: words} if on_reason else {},
        "reasons": {proof_id: reason} if reason else {},
    }
