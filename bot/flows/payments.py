"""Proofs of payment and refunds in the chat: "Ya pagué" with a photo of the transfer, the payee's admins (or the
group's coordinators) confirm or reject it, and an admin records a refund paid back."""

from __future__ import annotations

from typing import Any

from telegram import Message

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import payments as screens
from bot.screens.orders import order_detail
from bot.turn import Screen, Turn
from bot.wake import wake_outbox
from market.enums import ProofStatus
from market.errors import Conflict
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.orders.placing import OrderView, get_order
from market.services.orders.refunds import record_refund, refund_state
from market.services.payments.proofs import (
    claim_paid,
    confirm_proof,
    count_group_pending,
    count_pending,
    get_proof,
    group_pending_proofs,
    pending_proofs,
    reject_proof,
    rounds_owed,
    source_key,
)

PHOTO = "proof_photo"
ORDER, ROUND = "o", "r"


async def order_paid_pressed(turn: Turn, press: Press) -> None:
    """The buyer says they paid an order: ask for the photo of the transfer."""
    order = await get_order(press.int_arg(0), viewer_id=turn.person.id)
    if order.paid_at is not None:
        raise Conflict("order_already_paid")
    if not screens.payable(order):
        raise Conflict("order_cancelled")
    await turn.ask(PHOTO, {"kind": ORDER, "id": order.id}, screens.ask_photo(turn, ORDER, order.id))


async def round_paid_pressed(turn: Turn, press: Press) -> None:
    """A member says they paid their account in a round: ask for the photo."""
    round_id = press.int_arg(0)
    await turn.ask(PHOTO, {"kind": ROUND, "id": round_id}, screens.ask_photo(turn, ROUND, round_id))


async def photo_for_proof(turn: Turn, message: Message) -> bool:
    """A photo sent while the chat waits for a transfer's photo: the proof, once. False: the chat waits for none."""
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != PHOTO or not message.photo:
        return False
    photo = message.photo[-1]
    await _claim(turn, state.data["kind"], int(state.data["id"]), source_key(turn.chat_id, message.message_id),
                 photo.file_id, photo.file_unique_id)
    return True


async def no_photo_pressed(turn: Turn, press: Press) -> None:
    """The proof without a photo: the pressed message is its source, so a second press sends nothing more."""
    if (await get_chat_state(turn.chat_id)).awaiting != PHOTO:  # sent already, or the question was cancelled
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    query = turn.update.callback_query
    message_id = query.message.message_id if query and query.message else 0
    await _claim(turn, press.args[0], press.int_arg(1), source_key(turn.chat_id, message_id), "", "")


async def _claim(turn: Turn, kind: str, target_id: int, source: str, photo: str, photo_unique: str) -> None:
    target = {"order_id": target_id} if kind == ORDER else {"round_id": target_id}
    proof = await claim_paid(by_person_id=turn.person.id, source=source, photo_file_id=photo,
                             photo_unique_id=photo_unique, **target)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(screens.proof_sent(turn, proof))


async def photo_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.ask(PHOTO, data, screens.photo_please(turn, data["kind"], int(data["id"])))


async def confirm_pressed(turn: Turn, press: Press) -> None:
    """The payee confirms: the payment is recorded once, the payer told."""
    proof = await confirm_proof(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.toast()
    await turn.send(screens.decided_for_payee(turn, proof))


async def reject_pressed(turn: Turn, press: Press) -> None:
    """Ask why, unless the proof was decided meanwhile (then say by whom)."""
    proof = await get_proof(press.int_arg(0), viewer_id=turn.person.id)
    if proof.status != ProofStatus.PENDING:
        code = "proof_already_confirmed" if proof.status == ProofStatus.CONFIRMED else "proof_already_rejected"
        raise Conflict(code, by=proof.decided_by_name or "?")
    await turn.ask("proof_reason", {"proof_id": proof.id}, screens.ask_reject_reason(turn, proof))


async def reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Reject with the reason written: nothing is recorded, the payer reads why."""
    proof = await reject_proof(data["proof_id"], by_person_id=turn.person.id, reason=text)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(screens.decided_for_payee(turn, proof))


async def pending_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.pending_list(turn, await pending_proofs(press.int_arg(0), by_person_id=turn.person.id)))


async def group_pending_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    proofs = await group_pending_proofs(group_id, by_person_id=turn.person.id)
    await turn.show(screens.pending_list(turn, proofs, back=(Action.GROUP_ACCOUNTS, group_id)))


async def proof_pressed(turn: Turn, press: Press) -> None:
    await turn.send(screens.proof_notice(turn, await get_proof(press.int_arg(0), viewer_id=turn.person.id)))


async def refund_paid_pressed(turn: Turn, press: Press) -> None:
    """An admin records the refund paid back; the buyer is told."""
    await record_refund(press.int_arg(0), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    order = await get_order(press.int_arg(0), viewer_id=turn.person.id)
    await turn.toast()
    await turn.send(screens.refund_recorded(turn, order))


async def buyer_order(turn: Turn, order: OrderView) -> Screen:
    """The buyer's order with its payment: "I paid" while unpaid, a refund owed or made."""
    return screens.with_payment(turn, order_detail(turn, order), order, await refund_state(order.id))


async def with_refund(turn: Turn, screen: Screen, order: OrderView) -> Screen:
    return screens.with_refund_button(turn, screen, order, await refund_state(order.id))


async def with_pending(turn: Turn, screen: Screen, organization_id: int) -> Screen:
    """The received orders with a way to the payments waiting for confirmation, when there are any."""
    waiting = await count_pending(organization_id, viewer_id=turn.person.id)
    if not waiting:
        return screen
    row = [screens.pending_button(turn, organization_id, waiting)]
    return Screen(screen.text, [row, *screen.rows], screen.photo)


async def with_group_payments(turn: Turn, screen: Screen, group_id: int) -> Screen:
    """A group's accounts with "I paid" for each round the viewer still owes, and, for its coordinators, the way
    to the proofs waiting for them."""
    rows = [[screens.round_paid_button(turn, due)] for due in await rounds_owed(group_id, person_id=turn.person.id)]
    waiting = await count_group_pending(group_id, viewer_id=turn.person.id)
    if waiting:
        rows.append([screens.group_pending_button(turn, group_id, waiting)])
    return Screen(screen.text, [*rows, *screen.rows], screen.photo)


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.PROOF_ORDER: order_paid_pressed,
    Action.PROOF_ROUND: round_paid_pressed,
    Action.PROOF_NO_PHOTO: no_photo_pressed,
    Action.PROOF_CONFIRM: confirm_pressed,
    Action.PROOF_REJECT: reject_pressed,
    Action.PROOFS_PENDING: pending_pressed,
    Action.PROOF: proof_pressed,
    Action.GROUP_PROOFS_PENDING: group_pending_pressed,
    Action.REFUND_PAID: refund_paid_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    PHOTO: photo_typed,
    "proof_reason": reason_typed,
}
