"""The demand board: what is wanted of an organization's products, and what people nearby did not find."""

from __future__ import annotations

from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.services.catalog.demand import DemandBoard, MissedSearch, ProductDemand


def demand_board(voice: Voice, board: DemandBoard) -> Screen:
    """Products most wanted first, then the products searched in vain nearby, by most people first."""
    _ = voice._
    lines = [_("📋 What is wanted · {organization}").format(organization=board.organization_name), ""]
    if board.products:
        lines += [_product_line(voice, product) for product in board.products]
    else:
        lines.append(_("No open round or order asks for your products now."))
    lines.append("")
    if board.missed_searches:
        lines.append(_("Searched nearby and not found:"))
        lines += [_missed_line(voice, miss) for miss in board.missed_searches]
    else:
        lines.append(_("Nobody nearby searched in vain lately."))
    return Screen("\n".join(lines), [back_to_menu(voice)])


def _product_line(voice: Voice, product: ProductDemand) -> str:
    """"• Tomate: 45 kg wanted (rounds 40 kg, orders 5 kg) · in stock 20 kg"."""
    _ = voice._
    line = _("• {product}: {wanted} wanted (rounds {rounds}, orders {orders})").format(
        product=product.name, wanted=voice.quantity(product.wanted, product.unit),
        rounds=voice.quantity(product.in_rounds, product.unit), orders=voice.quantity(product.in_orders, product.unit),
    )
    if product.stock is None:
        return line
    return line + " · " + _("in stock {quantity}").format(quantity=voice.quantity(product.stock, product.unit))


def _missed_line(voice: Voice, miss: MissedSearch) -> str:
    """"• quinua roja (3 people)": the product's normalized words, never what someone typed."""
    return voice.ngettext("• {words} ({count} person)", "• {words} ({count} people)", miss.searchers).format(
        words=miss.search_key, count=voice.number(miss.searchers)
    )
