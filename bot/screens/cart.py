"""The cart, checking out, and the confirmation of what was ordered."""

from __future__ import annotations

from decimal import Decimal

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.presentation.labels import unit_name
from market.rules.orders import COUNTABLE_UNITS
from market.services.orders.cart import CartLine, CartView
from market.services.orders.placing import OrderView


def cart(voice: Voice, view: CartView) -> Screen:
    _ = voice._
    if view.is_empty:
        return Screen(_("🛒 Your cart is empty."),
                      [[voice.button(_("🧺 Browse products"), Action.CATEGORIES)], back_to_menu(voice)])
    lines = [_("🛒 Your cart"), ""]
    rows = []
    for group in view.organizations:
        country = group.country_code
        lines.append(group.organization_name)
        for line in group.lines:
            lines.append(_("• {product}: {quantity} × {price} = {amount}").format(
                product=line.product_name, quantity=voice.quantity(line.quantity, line.unit),
                price=voice.money(line.unit_price, group.currency, country),
                amount=voice.money(line.amount, group.currency, country),
            ))
            rows.append([voice.button(_("✏️ {product}").format(product=line.product_name), Action.CART_CHANGE, line.offer_id),
                         voice.button(_("🗑 {product}").format(product=line.product_name), Action.CART_REMOVE, line.offer_id)])
        lines.append(_("Total: {total}").format(total=voice.money(group.total, group.currency, country)))
        if group.fund_amount:
            lines.append(_("of which {amount} goes to the solidarity fund ({rate} %)").format(
                amount=voice.money(group.fund_amount, group.currency, country),
                rate=voice.number(group.fund_rate * 100),
            ))
        lines.append("")
    lines.append(_("When you check out you choose how to receive it; then we tell you how to pay."))
    rows.append([voice.button(_("✅ Check out"), Action.CHECKOUT)])
    rows.append([voice.button(_("🧺 Keep browsing"), Action.CATEGORIES),
                 voice.button(_("🗑 Empty cart"), Action.CART_EMPTY)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def quantity_example(voice: Voice, unit: str) -> str:
    """An amount that fits the unit, for a question's example: whole for what is counted ("3" jars), "1,5" kg."""
    return voice.number(Decimal(3) if unit in COUNTABLE_UNITS else Decimal("1.5"))


def ask_line_quantity(voice: Voice, line: CartLine) -> Screen:
    """How much of a cart line, in its unit; "« Cart" leaves it as it is."""
    _ = voice._
    return Screen(_("You have {quantity} of {product} in your cart. How much do you want? Write it in {unit}, like "
                    "{example}; 0 takes it out.").format(
        quantity=voice.quantity(line.quantity, line.unit), product=line.product_name,
        unit=unit_name(voice.ngettext, line.unit, 2), example=quantity_example(voice, line.unit)),
        [[voice.button(_("« Cart"), Action.CART)]])


def checkout(voice: Voice, view: CartView, token: str) -> Screen:
    _ = voice._
    points = [f"• {g.organization_name}: {g.pickup_point or _('ask the organization')}" for g in view.organizations]
    text = "\n".join([_("How would you like to receive your order?"), "", _("Pickup points:"), *points])
    return Screen(text, [
        [voice.button(_("📍 I'll pick it up"), Action.CHECKOUT_PICKUP, token)],
        [voice.button(_("📝 Write a delivery note"), Action.CHECKOUT_NOTE, token)],
        [voice.button(_("« Cart"), Action.CART)],
    ])


def ask_delivery_note(voice: Voice) -> Screen:
    _ = voice._
    return Screen(_("Write where and when you would like to receive it (address, landmark, a time that suits you)."))


def placed(voice: Voice, orders: tuple[OrderView, ...], *, ways_to_pay: bool = False) -> Screen:
    """What was ordered. `ways_to_pay`: how to pay each order follows in messages of its own; else it is paid in
    cash or by transfer, at pickup or on delivery as the buyer asked."""
    _ = voice._
    lines = []
    for order in orders:
        country = order.country_code
        lines.append(_("✅ Order #{number} placed with {organization}.").format(
            number=order.id, organization=order.organization_name))
        lines.append(_("Total: {total}").format(total=voice.money(order.total, order.currency, country)))
        if order.pickup_point:
            lines.append(_("Pick up at: {place}").format(place=order.pickup_point))
        else:
            lines.append(_("Delivery note: {note}").format(note=order.delivery_note))
        lines.append("")
    if ways_to_pay:
        lines.append(_("We will tell you when it is confirmed."))
    elif any(order.delivery_note for order in orders):
        lines.append(_("You pay on delivery, in cash or by transfer. We will tell you when it is confirmed."))
    else:
        lines.append(_("You pay at pickup, in cash or by transfer. We will tell you when it is confirmed."))
    return Screen("\n".join(lines), [[voice.button(_("📦 My orders"), Action.ORDERS)], back_to_menu(voice)])
