"""Proofs of payment ("Ya pagué") and refunds: what the buyer, the member and the payee's admins read."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import OrderStatus, ProofStatus
from market.presentation.labels import N_
from market.services.orders.placing import OrderView
from market.services.orders.refunds import RefundState
from market.services.payments.proofs import ProofView, RoundDue

METHODS = {
    "cash_pickup": N_("cash at pickup"),
    "cash_delivery": N_("cash on delivery"),
    "transfer": N_("bank transfer"),
    "pix": N_("Pix"),
    "bank_qr": N_("bank QR"),
}


def paid_button(voice: Voice, order: OrderView, *, numbered: bool = False) -> InlineKeyboardButton:
    label = voice._("✅ I paid")
    return voice.button(f"{label} · #{order.id}" if numbered else label, Action.PROOF_ORDER, order.id)


def with_paid_buttons(voice: Voice, screen: Screen, orders: tuple[OrderView, ...]) -> Screen:
    """The checkout's message with an "I paid" button for each order placed, first."""
    rows = [[paid_button(voice, order, numbered=len(orders) > 1)] for order in orders]
    return Screen(screen.text, [*rows, *screen.rows], screen.photo)


def payable(order: OrderView) -> bool:
    return order.paid_at is None and order.status != OrderStatus.CANCELLED


def with_payment(voice: Voice, screen: Screen, order: OrderView, refund: RefundState) -> Screen:
    """A buyer's order with what happened to its money: an "I paid" button while unpaid, a refund owed or made."""
    lines = [screen.text, *refund_lines(voice, order, refund)]
    rows = [[paid_button(voice, order)]] if payable(order) else []
    return Screen("\n".join(lines), [*rows, *screen.rows], screen.photo)


def refund_lines(voice: Voice, order: OrderView, refund: RefundState) -> list[str]:
    money = _money(voice, order)
    lines = []
    if refund.owed > 0:
        lines.append(voice._("💸 Refund owed: {amount}").format(amount=money(refund.owed)))
    if refund.refunded > 0:
        lines.append(voice._("💸 Refunded: {amount}").format(amount=money(refund.refunded)))
    return lines


def with_refund_button(voice: Voice, screen: Screen, order: OrderView, refund: RefundState) -> Screen:
    """An order as its organization sees it: the refund owed, and the button that records it paid back."""
    if refund.owed <= 0 and refund.refunded <= 0:
        return screen
    rows = [[voice.button(voice._("💸 Refund paid"), Action.REFUND_PAID, order.id)]] if refund.owed > 0 else []
    return Screen("\n".join([screen.text, *refund_lines(voice, order, refund)]), [*rows, *screen.rows], screen.photo)


def ask_photo(voice: Voice, kind: str, target_id: int) -> Screen:
    return Screen(voice._("📷 Send a photo of your transfer (📎 → Photo), or press “No photo”."),
                  [[voice.button(voice._("➡️ No photo"), Action.PROOF_NO_PHOTO, kind, target_id)]])


def photo_please(voice: Voice, kind: str, target_id: int) -> Screen:
    return Screen(voice._("That is not a photo. Send a photo of your transfer, or press “No photo”."),
                  [[voice.button(voice._("➡️ No photo"), Action.PROOF_NO_PHOTO, kind, target_id)]])


def proof_sent(voice: Voice, proof: ProofView) -> Screen:
    return Screen(voice._("📨 Sent to {payee}. We will tell you when they confirm your payment of {amount}.").format(
        payee=proof.payee_name, amount=_proof_money(voice, proof)))


def _subject(voice: Voice, proof: ProofView) -> str:
    payer = person_name(voice, proof.payer_name)
    if proof.order_id is not None:
        return voice._("💵 {payer} says they paid order #{number}.").format(payer=payer, number=proof.order_id)
    return voice._("💵 {payer} says they paid their account in the round of {group}.").format(
        payer=payer, group=proof.payee_name)


def proof_notice(voice: Voice, proof: ProofView) -> Screen:
    """The proof as the payee's admins (or coordinators) see it: with its photo, and the buttons to decide it."""
    _ = voice._
    lines = [_subject(voice, proof), _("Amount: {amount}").format(amount=_proof_money(voice, proof))]
    if proof.method_kind in METHODS:
        lines.append(_("Way to pay: {method}").format(method=_(METHODS[proof.method_kind])))
    if not proof.photo_file_id:
        lines.append(_("No photo was sent."))
    rows = []
    if proof.status == ProofStatus.PENDING:
        rows.append([voice.button(_("✅ Confirm payment"), Action.PROOF_CONFIRM, proof.id),
                     voice.button(_("❌ Reject"), Action.PROOF_REJECT, proof.id)])
    else:
        lines.append(_decided(voice, proof))
    return Screen("\n".join(lines), rows, proof.photo_file_id or None)


def _decided(voice: Voice, proof: ProofView) -> str:
    by = person_name(voice, proof.decided_by_name or "")
    if proof.status == ProofStatus.CONFIRMED:
        return voice._("✅ Confirmed by {by}.").format(by=by)
    return voice._("❌ Rejected by {by}: {reason}").format(by=by, reason=proof.reason)


def ask_reject_reason(voice: Voice, proof: ProofView) -> Screen:
    return Screen(voice._("Why do you reject this payment? Write the reason; {payer} will read it.").format(
        payer=person_name(voice, proof.payer_name)))


def decided_for_payee(voice: Voice, proof: ProofView) -> Screen:
    """What the admin who decided reads."""
    payer = person_name(voice, proof.payer_name)
    if proof.status == ProofStatus.CONFIRMED:
        text = voice._("✅ Payment of {amount} from {payer} recorded; {payer} has been told.")
    else:
        text = voice._("❌ Payment from {payer} rejected; {payer} has been told why.")
    return Screen(text.format(amount=_proof_money(voice, proof), payer=payer))


def decided_notice(voice: Voice, proof: ProofView) -> Screen:
    """What the payer is told once their proof is decided."""
    _ = voice._
    what = (_("order #{number}").format(number=proof.order_id) if proof.order_id is not None
            else _("your account in the round"))
    if proof.status == ProofStatus.CONFIRMED:
        text = _("✅ {payee} confirmed your payment of {amount} for {what}.")
    else:
        text = _("❌ {payee} did not confirm your payment for {what}.") + "\n" + _("Reason: {reason}")
    text = text.format(payee=proof.payee_name, amount=_proof_money(voice, proof), what=what, reason=proof.reason)
    if proof.order_id is not None:
        return Screen(text, [[voice.button(_("Order #{number}").format(number=proof.order_id), Action.ORDER,
                                           proof.order_id)]])
    return Screen(text)


def pending_button(voice: Voice, organization_id: int, count: int) -> InlineKeyboardButton:
    return voice.button(voice._("💵 Payments to confirm ({count})").format(count=count), Action.PROOFS_PENDING,
                        organization_id)


def group_pending_button(voice: Voice, group_id: int, count: int) -> InlineKeyboardButton:
    return voice.button(voice._("💵 Payments to confirm ({count})").format(count=count), Action.GROUP_PROOFS_PENDING,
                        group_id)


def round_paid_button(voice: Voice, due: RoundDue) -> InlineKeyboardButton:
    return voice.button(voice._("✅ I paid · round #{number}").format(number=due.round_number), Action.PROOF_ROUND,
                        due.round_id)


def pending_list(voice: Voice, proofs: tuple[ProofView, ...], back: tuple[Action, int] | None = None) -> Screen:
    """The proofs waiting: an order's by its number, a round account's by its member; `back` to where it opened."""
    _ = voice._
    back_rows = [[voice.button(_("« Accounts"), back[0], back[1])]] if back else []
    if not proofs:
        return Screen(_("💵 No payments to confirm."), back_rows)
    rows = [[voice.button(_pending_label(voice, p), Action.PROOF, p.id)] for p in proofs]
    return Screen(_("💵 Payments to confirm"), [*rows, *back_rows])


def _pending_label(voice: Voice, proof: ProofView) -> str:
    payer, money = person_name(voice, proof.payer_name), _proof_money(voice, proof)
    if proof.order_id is None:
        return f"{payer} · {money}"
    return voice._("#{number} · {payer} · {amount}").format(number=proof.order_id, payer=payer, amount=money)


def refund_owed_notice(voice: Voice, order: OrderView, owed: Decimal) -> Screen:
    """The buyer of a paid order the organization refused: why, and what they get back."""
    _ = voice._
    lines = [_("❌ {organization} could not take your order #{number}.").format(
        organization=order.organization_name, number=order.id)]
    if order.status_reason:
        lines.append(_("Reason: {reason}").format(reason=order.status_reason))
    lines.append(_("💸 They will give you back {amount}.").format(amount=_money(voice, order)(owed)))
    return Screen("\n".join(lines), [[voice.button(_("Order #{number}").format(number=order.id), Action.ORDER,
                                                   order.id)]])


def refund_paid_notice(voice: Voice, order: OrderView, refunded: Decimal) -> Screen:
    return Screen(voice._("💸 {organization} gave you back {amount} for order #{number}.").format(
        organization=order.organization_name, amount=_money(voice, order)(refunded), number=order.id))


def refund_recorded(voice: Voice, order: OrderView) -> Screen:
    return Screen(voice._("💸 Refund for order #{number} recorded; {consumer} has been told.").format(
        number=order.id, consumer=person_name(voice, order.consumer_name)))


def _money(voice: Voice, order: OrderView) -> Callable[[Decimal], str]:
    return lambda amount: voice.money(amount, order.currency, order.country_code)


def _proof_money(voice: Voice, proof: ProofView) -> str:
    return voice.money(proof.amount, proof.currency, proof.country_code)
