"""An organization's received orders as its members see them: which organization, the list, one order, and a
message to its buyer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.screens.orders import incoming_order
from bot.turn import Screen, Voice
from market.enums import OrderShelf, OrderStatus
from market.services.orders.buyers import MessageToBuyer
from market.services.orders.placing import OrderView
from market.services.orders.received import (
    SHELVES,
    ReceivedOrder,
    ReceivedOrderDetail,
    ReceivedOrdersPage,
    WaitingOrders,
)

# What a list button carries for each shelf (bot/actions.py: RECEIVED_LIST).
SHELF_CODES = {OrderShelf.OPEN: "o", OrderShelf.FINISHED: "f"}
SHELF_OF_CODE = {code: shelf for shelf, code in SHELF_CODES.items()}
STATUS_MARKS = {
    OrderStatus.PLACED: "🆕", OrderStatus.CONFIRMED: "👍", OrderStatus.READY: "📦",
    OrderStatus.DELIVERED: "🤝", OrderStatus.CANCELLED: "❌",
}


def received_button(voice: Voice, organization_id: int, organization_name: str, waiting: int) -> InlineKeyboardButton:
    """"📥 Orders received · Café Amboró (2 🆕)": to the organization's list, from its page or the choice."""
    text = voice._("📥 Orders received · {organization}").format(organization=organization_name)
    if waiting:
        text += f" ({voice.number(waiting)} {STATUS_MARKS[OrderStatus.PLACED]})"
    return voice.button(text, Action.RECEIVED_LIST, organization_id, SHELF_CODES[OrderShelf.OPEN], 0)


def choose_organization(voice: Voice, waiting: WaitingOrders) -> Screen:
    """A member of several organizations chooses whose orders to see."""
    _ = voice._
    rows = [[received_button(voice, o.organization_id, o.organization_name, o.waiting)]
            for o in waiting.organizations]
    return Screen(_("📥 Whose orders do you want to see?"), [*rows, back_to_menu(voice)])


def no_organization(voice: Voice) -> Screen:
    return Screen(voice._("📥 Orders are received by the members of an organization, and you are not one yet."),
                  [back_to_menu(voice)])


def received_list(voice: Voice, page: ReceivedOrdersPage) -> Screen:
    """A page of the organization's orders on one shelf: one short line each, a button to open it."""
    _ = voice._
    counts = " · ".join(f"{STATUS_MARKS[status]} {_status_count(voice, status, page.counts.of(status))}"
                        for status in SHELVES[page.shelf])
    lines = [_("📥 Orders received · {organization}").format(organization=page.organization_name), counts, ""]
    if not page.orders:
        lines.append(_("No orders to handle now.") if page.shelf == OrderShelf.OPEN else _("No finished orders yet."))
    lines += [_order_line(voice, page, order) for order in page.orders]
    rows = [[voice.button(f"{STATUS_MARKS[o.status]} #{o.id} · {person_name(voice, o.consumer_name)}",
                          Action.RECEIVED_ORDER, o.id)] for o in page.orders]
    shelf = SHELF_CODES[page.shelf]
    paging = []
    if page.has_previous:
        paging.append(voice.button(_("◀ Previous"), Action.RECEIVED_LIST, page.organization_id, shelf, page.page - 1))
    if page.has_next:
        paging.append(voice.button(_("Next ▶"), Action.RECEIVED_LIST, page.organization_id, shelf, page.page + 1))
    if paging:
        rows.append(paging)
    if page.shelf == OrderShelf.OPEN:
        other = _("🗄 Delivered and cancelled ({count})").format(
            count=voice.number(page.counts.on(OrderShelf.FINISHED)))
    else:
        other = _("📥 Orders to handle ({count})").format(count=voice.number(page.counts.on(OrderShelf.OPEN)))
    other_shelf = OrderShelf.FINISHED if page.shelf == OrderShelf.OPEN else OrderShelf.OPEN
    rows.append([voice.button(other, Action.RECEIVED_LIST, page.organization_id, SHELF_CODES[other_shelf], 0)])
    rows.append([voice.button(_("« My organization"), Action.ORGANIZATIONS)])
    return Screen("\n".join(lines), rows)


def _status_count(voice: Voice, status: OrderStatus, count: int) -> str:
    """"2 new", "1 confirmed": how many of the organization's orders are in a status."""
    texts = {
        OrderStatus.PLACED: voice.ngettext("{count} new", "{count} new", count),
        OrderStatus.CONFIRMED: voice.ngettext("{count} confirmed", "{count} confirmed", count),
        OrderStatus.READY: voice.ngettext("{count} ready", "{count} ready", count),
        OrderStatus.DELIVERED: voice.ngettext("{count} delivered", "{count} delivered", count),
        OrderStatus.CANCELLED: voice.ngettext("{count} cancelled", "{count} cancelled", count),
    }
    return texts[status].format(count=voice.number(count))


def _order_line(voice: Voice, page: ReceivedOrdersPage, order: ReceivedOrder) -> str:
    """"🆕 #12 · 21/11/26 · Ana · Bs190,00 · 💵": short, for a small screen; the day is the organization's."""
    day = order.placed_at.astimezone(ZoneInfo(page.time_zone)).date()
    parts = [f"{STATUS_MARKS[order.status]} #{order.id}", voice.date(day, "short"),
             person_name(voice, order.consumer_name), voice.money(order.total, order.currency, page.country_code)]
    if order.paid:
        parts.append("💵")
    return " · ".join(parts)


def received_order(voice: Voice, detail: ReceivedOrderDetail, *, link: bool = True) -> Screen:
    """The order as its notification shows it, then a way to write to the buyer and the way back to the list.

    `link`: a buyer with a public username gets a link to their profile; without one, or when Telegram refused
    the link (the buyer's privacy settings), the bot passes on a message.
    """
    _ = voice._
    order, buyer = detail.order, detail.buyer
    screen = incoming_order(voice, order, from_list=True)
    rows = [list(row) for row in screen.rows]
    name = person_name(voice, buyer.name)
    if buyer.link_user_id is not None and link:
        rows.append([InlineKeyboardButton(_("💬 Chat with {buyer}").format(buyer=name),
                                          url=f"tg://user?id={buyer.link_user_id}")])
    elif buyer.reachable:
        rows.append([voice.button(_("✉️ Write to {buyer}").format(buyer=name), Action.BUYER_WRITE, order.id)])
    shelf = OrderShelf.FINISHED if order.status in SHELVES[OrderShelf.FINISHED] else OrderShelf.OPEN
    rows.append([voice.button(_("« Orders received"), Action.RECEIVED_LIST, order.organization_id,
                              SHELF_CODES[shelf], 0)])
    return Screen(screen.text, rows)


def ask_buyer_message(voice: Voice, order: OrderView) -> Screen:
    _ = voice._
    return Screen(_("Write your message to {buyer} about order #{number}. I will pass it on from {organization}, "
                    "with the order's number.").format(buyer=person_name(voice, order.consumer_name),
                                                       number=order.id, organization=order.organization_name),
                  [[voice.button(_("« Order #{number}").format(number=order.id), Action.RECEIVED_ORDER, order.id)]])


def buyer_message_sent(voice: Voice, sent: MessageToBuyer) -> Screen:
    _ = voice._
    return Screen(_("✉️ Sent to {buyer}.").format(buyer=person_name(voice, sent.buyer_name)),
                  [[voice.button(_("« Order #{number}").format(number=sent.order_id), Action.RECEIVED_ORDER,
                                 sent.order_id)]])
