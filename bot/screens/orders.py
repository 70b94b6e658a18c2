"""Orders as their consumer sees them, and as the organization that fills them sees them."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import OrderStatus
from market.presentation.labels import N_, ORDER_STATUS
from market.services.orders.placing import OrderView

# What an organization's member can do next with an order, by its status.
NEXT_STEPS = {
    OrderStatus.PLACED: ((N_("✅ Confirm"), "c"),),
    OrderStatus.CONFIRMED: ((N_("📦 Ready for pickup"), "r"),),
    OrderStatus.READY: ((N_("🤝 Delivered"), "d"),),
}
STEP_STATUS = {"c": OrderStatus.CONFIRMED, "r": OrderStatus.READY, "d": OrderStatus.DELIVERED}


def _lines(voice: Voice, order: OrderView) -> list[str]:
    country = order.country_code
    lines = [
        voice._("• {product}: {quantity} — {amount}").format(
            product=line.product_name, quantity=voice.quantity(line.quantity, line.unit),
            amount=voice.money(line.amount, order.currency, country),
        )
        for line in order.lines
    ]
    lines.append(voice._("Total: {total}").format(total=voice.money(order.total, order.currency, country)))
    return lines


def _status(voice: Voice, order: OrderView) -> str:
    _ = voice._
    text = _("Status: {status}").format(status=_(ORDER_STATUS[order.status]))
    if order.status_reason:
        text += "\n" + _("Reason: {reason}").format(reason=order.status_reason)
    if order.paid_at:
        text += "\n" + _("Paid")
    return text


def _receive(voice: Voice, order: OrderView) -> str:
    if order.pickup_point:
        return voice._("Pick up at: {place}").format(place=order.pickup_point)
    return voice._("Delivery note: {note}").format(note=order.delivery_note)


def order_list(voice: Voice, orders: tuple[OrderView, ...]) -> Screen:
    _ = voice._
    if not orders:
        return Screen(_("📦 You have no orders yet."),
                      [[voice.button(_("🧺 Browse products"), Action.CATEGORIES)], back_to_menu(voice)])
    lines = [_("📦 Your orders"), ""]
    rows = []
    for order in orders:
        country = order.country_code
        lines.append(_("#{number} · {organization} · {total} · {status}").format(
            number=order.id, organization=order.organization_name,
            total=voice.money(order.total, order.currency, country), status=_(ORDER_STATUS[order.status]),
        ))
        rows.append([voice.button(_("Order #{number}").format(number=order.id), Action.ORDER, order.id)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def order_detail(voice: Voice, order: OrderView) -> Screen:
    _ = voice._
    lines = [
        _("Order #{number} · {organization}").format(number=order.id, organization=order.organization_name),
        voice.date(order.placed_at.date()), "", *_lines(voice, order), _receive(voice, order), _status(voice, order),
    ]
    rows = []
    if order.status == OrderStatus.PLACED and not order.paid_at:  # paid: the organization refuses and refunds it
        rows.append([voice.button(_("❌ Cancel this order"), Action.ORDER_CANCEL, order.id)])
    if order.status in (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.READY):
        rows.append([voice.button(_("💳 How to pay"), Action.PAY_DETAILS, order.id)])
    rows.append([voice.button(_("« My orders"), Action.ORDERS)])
    return Screen("\n".join(lines), rows)


def confirm_cancel(voice: Voice, order: OrderView) -> Screen:
    _ = voice._
    return Screen(
        _("Cancel order #{number} with {organization}? The products go back on sale.").format(
            number=order.id, organization=order.organization_name),
        [[voice.button(_("Yes, cancel it"), Action.ORDER_CANCEL_CONFIRMED, order.id),
          voice.button(_("No, keep it"), Action.ORDER, order.id)]],
    )


# The last argument of an order's buttons pressed on it as the received orders open it (bot/actions.py).
FROM_LIST = "l"


def incoming_order(voice: Voice, order: OrderView, *, from_list: bool = False) -> Screen:
    """An order as the organization's admins and producers see it, with what they can do next; `from_list`
    when opened from the received orders, so that each press shows it there again."""
    _ = voice._
    origin = (FROM_LIST,) if from_list else ()
    lines = [
        _("🆕 Order #{number} from {consumer}").format(
            number=order.id, consumer=person_name(voice, order.consumer_name)),
        "", *_lines(voice, order), _receive(voice, order), _status(voice, order),
    ]
    rows = [[voice.button(_(label), Action.ORDER_ADVANCE, order.id, step, *origin)
             for label, step in NEXT_STEPS.get(order.status, ())]]
    # A paid order ready for pickup can still be refused (by an admin): its buyer is then owed a refund.
    if order.status in (OrderStatus.PLACED, OrderStatus.CONFIRMED) or (
            order.status == OrderStatus.READY and order.paid_at):
        rows[0].append(voice.button(_("❌ Refuse"), Action.ORDER_REFUSE, order.id, *origin))
    if order.status != OrderStatus.CANCELLED and not order.paid_at:
        rows.append([voice.button(_("💵 Mark paid"), Action.ORDER_PAID, order.id, *origin)])
    return Screen("\n".join(lines), [row for row in rows if row])


def ask_refusal_reason(voice: Voice, order: OrderView) -> Screen:
    _ = voice._
    consumer = person_name(voice, order.consumer_name)
    if order.paid_at:  # the reason goes with the refund owed
        return Screen(_("Why can't you take order #{number}? Write the reason; {consumer} will read it and will be "
                        "owed {total} back.").format(number=order.id, consumer=consumer,
                                                     total=voice.money(order.total, order.currency, order.country_code)))
    return Screen(_("Why can't you take order #{number}? Write the reason; {consumer} will read it.").format(
        number=order.id, consumer=consumer))


def status_notice(voice: Voice, order: OrderView) -> Screen:
    """What the consumer is told when their order changes."""
    _ = voice._
    org = order.organization_name
    texts = {
        OrderStatus.CONFIRMED: _("👍 {organization} confirmed your order #{number}."),
        OrderStatus.READY: _("📦 Your order #{number} is ready for pickup with {organization}."),
        OrderStatus.DELIVERED: _("🤝 Order #{number} delivered. Thank you for buying from {organization}!"),
        OrderStatus.CANCELLED: _("❌ {organization} could not take your order #{number}. Nothing to pay."),
    }
    lines = [texts.get(order.status, _("Order #{number}: {status}")).format(
        organization=org, number=order.id, status=_(ORDER_STATUS[order.status]))]
    if order.status == OrderStatus.READY:
        lines.append(_receive(voice, order))
    if order.status_reason:
        lines.append(_("Reason: {reason}").format(reason=order.status_reason))
    return Screen("\n".join(lines), [[voice.button(_("📦 My orders"), Action.ORDERS)]])


def buyer_message_notice(voice: Voice, order: OrderView, text: str) -> Screen:
    """What the buyer reads when a member of the organization writes to them about their order."""
    _ = voice._
    return Screen(
        _("✉️ {organization} writes about your order #{number}:").format(
            organization=order.organization_name, number=order.id) + "\n\n" + text,
        [[voice.button(_("Order #{number}").format(number=order.id), Action.ORDER, order.id)]],
    )


def cancelled_notice(voice: Voice, order: OrderView) -> Screen:
    """What the organization is told when the consumer cancels."""
    _ = voice._
    return Screen(_("{consumer} cancelled order #{number}. The stock is back on sale.").format(
        consumer=person_name(voice, order.consumer_name), number=order.id))
