"""The outbox's notices of visits (bot/notices.py renders them): a request to the network's reviewers, a record to
sign to a co-reviewer, an answer to the lead, a proposal to the committee. Each is read when sent: one that no
longer applies (a request taken, a signature given) renders as None, and nothing is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.screens import seal_requests as request_screens
from bot.screens import visits as screens
from bot.turn import Screen
from market.enums import ReviewStage, SignatureStatus, VisitRequestStatus
from market.services.seals.requests import get_request
from market.services.seals.signing import signature_notice
from market.services.seals.visits import visit_view

if TYPE_CHECKING:  # bot.notices imports this module for its table
    from bot.notices import Recipient


async def _requested(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    request = await get_request(params["request_id"])
    return request_screens.request_notice(to.voice, request) if request.status == VisitRequestStatus.OPEN else None


async def _taken(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    request = await get_request(params["request_id"])
    return request_screens.taken_notice(to.voice, request) if request.status == VisitRequestStatus.TAKEN else None


async def _to_sign(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    visit, person_id = await signature_notice(params["signature_id"])
    signature = next((s for s in visit.signatures if s.person_id == person_id), None)
    if visit.stage != ReviewStage.SIGNING or signature is None or signature.status != SignatureStatus.INVITED:
        return None
    return screens.sign_notice(to.voice, visit)


async def _signed(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    visit, person_id = await signature_notice(params["signature_id"])
    return screens.signed_notice(to.voice, visit, person_id)


async def _proposed(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    visit = await visit_view(params["review_id"])
    return screens.proposed_notice(to.voice, visit) if visit.stage == ReviewStage.PROPOSED else None


TEMPLATES: dict[str, Callable[[Recipient, dict[str, Any], str], Awaitable[Screen | None]]] = {
    "visit_requested": _requested,
    "visit_taken": _taken,
    "visit_to_sign": _to_sign,
    "visit_signed": _signed,
    "visit_proposed": _proposed,
}
