"""The outbox's notices of payments (bot/notices.py renders them): a proof to the payee's admins or coordinators,
its outcome to the payer, and a refund owed or paid back to an order's buyer. A proof already decided is not sent
to those who would decide it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens import payments as screens
from bot.turn import Screen, Voice
from market.enums import ProofStatus
from market.services.orders.placing import get_order
from market.services.orders.refunds import refund_state
from market.services.payments.proofs import get_proof

if TYPE_CHECKING:  # bot.notices imports this module for its table
    from bot.notices import Recipient


async def _proof(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    if to.person_id is None:
        return None
    proof = await get_proof(params["proof_id"], viewer_id=to.person_id)
    return screens.proof_notice(to.voice, proof) if proof.status == ProofStatus.PENDING else None


async def _decided(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    if to.person_id is None:
        return None
    return screens.decided_notice(to.voice, await get_proof(params["proof_id"], viewer_id=to.person_id))


async def _refund(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    if to.person_id is None:
        return None
    order = await get_order(params["order_id"], viewer_id=to.person_id)
    state = await refund_state(order.id)
    if params["step"] == "owed":
        return screens.refund_owed_notice(to.voice, order, order.total)
    return screens.refund_paid_notice(to.voice, order, state.refunded)


def bill_rows(voice: Voice, round_id: int, group_id: int, billed: bool) -> list[list[InlineKeyboardButton]]:
    """A member's round bill's buttons: "I paid" when there is something to pay, and the group's accounts."""
    paid = [[voice.button(voice._("✅ I paid"), Action.PROOF_ROUND, round_id)]] if billed else []
    return [*paid, [voice.button(voice._("📒 Accounts"), Action.GROUP_ACCOUNTS, group_id)]]


TEMPLATES: dict[str, Callable[[Recipient, dict[str, Any], str], Awaitable[Screen | None]]] = {
    "payment_proof": _proof,
    "payment_proof_decided": _decided,
    "order_refund": _refund,
}
