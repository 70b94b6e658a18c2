"""Rendering the outbox: each template, in the recipient's language, with buttons made for them.

A notice to a person is rendered in their language, with buttons only they can press. A notice to a
group chat (no person) is rendered in the language of the group's country, with link buttons that
open a private chat with the bot (anyone in the group may press them). A notice that no longer
applies (a reminder for a round that closed, was extended, or that the member has ordered in) renders
as None: the dispatcher then sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot import paying, payment_notices, receipt_notices, register_notices, round_notices, visit_notices
from bot.actions import Action
from bot.application import SANDBOX_TOKEN
from bot.callbacks import CallbackCodec
from bot.outbox import OwedMessage, Rendered
from bot.screens import alerts as alert_screens
from bot.screens import board as board_screens
from bot.screens import committee as committee_screens
from bot.screens import group_joins as group_join_screens
from bot.screens import menu as menu_screens
from bot.screens import networks as network_screens
from bot.screens import operators as operator_screens
from bot.screens import orders as order_screens
from bot.screens import producers as producer_screens
from bot.screens import rounds as round_screens
from bot.screens.groups import round_link
from bot.turn import CAPTION_LIMIT, TEXT_LIMIT, Screen, Voice, fit
from config import Settings
from market.enums import JoinRequestStatus, RoundStatus
from market.errors import FeriaError, NotFound
from market.presentation.i18n import pick_locale
from market.services.alerts.notices import offer_alert_lines, price_alert, seal_alert
from market.services.groups.joins import get_join_request
from market.services.groups.rounds.bills import get_bulk_orders, get_member_bill, round_result
from market.services.groups.rounds.setup import GroupPlace, group_place, member_has_ordered, organization_names
from market.services.groups.rounds.views import RoundView, get_round
from market.services.operators.decisions import get_decision, queue_counts
from market.services.operators.roles import get_operator
from market.services.orders.placing import OrderView, get_order
from market.services.organizations.board_notices import get_seat_notice, get_term_reminder
from market.services.organizations.producers import get_membership
from market.services.people.profile import get_person
from market.services.prices.fairs import get_fair
from market.services.seals.committee import get_reviewer
from market.services.seals.networks import get_network_view
from market.services.seals.notices import condition_reminder, decided_visit, seal_change_notice

log = logging.getLogger(__name__)

# The language a group chat is spoken to in, by the group's country (else the default).
COUNTRY_LOCALES = {"BR": "pt_BR"}


@dataclass(frozen=True)
class Recipient:
    """Who a notice is for: their voice, and the bot's name for link buttons."""

    voice: Voice
    person_id: int | None  # None: a group chat
    bot_username: str | None
    public_url: str = ""  # the web catalog's address, for links to it (a receipt's QR code)

    def to_round(self, round_id: int) -> InlineKeyboardButton | None:
        """A button to the round: pressed in the person's chat, or a link to it from a group chat."""
        if self.person_id is not None:
            return self.voice.button(self.voice._("🛒 Order"), Action.ROUND, round_id)
        if self.bot_username:
            return InlineKeyboardButton(self.voice._("🛒 Order in a private chat"),
                                        url=round_link(self.bot_username, round_id))
        return None


# Each order template shows an order, from the recipient's side.
ORDER_TEMPLATES: dict[str, Callable[[Voice, OrderView], Screen]] = {
    "order_placed": order_screens.incoming_order,
    "order_status": order_screens.status_notice,
    "order_cancelled": order_screens.cancelled_notice,
}


async def _order_notice(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    if to.person_id is None:
        return None
    return ORDER_TEMPLATES[template](to.voice, await get_order(params["order_id"], viewer_id=to.person_id))


async def _order_message(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """A member's message to the buyer of an order, passed on with the order's number."""
    if to.person_id is None:
        return None
    order = await get_order(params["order_id"], viewer_id=to.person_id)
    return order_screens.buyer_message_notice(to.voice, order, params["text"])


def _rows(*buttons: InlineKeyboardButton | None) -> list[list[InlineKeyboardButton]]:
    return [[b] for b in buttons if b is not None]


def _offer_lines(voice: Voice, place: GroupPlace, order_round: RoundView) -> list[str]:
    return [
        voice._("• {product} — {price} · pack of {size}").format(
            product=o.product_name, price=round_screens.price_per_order_unit(voice, place, o.member_price, o),
            size=round_screens.units(voice, o.pack_size, o))
        for o in order_round.offers
    ]


async def _round_opened(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    order_round = await get_round(params["round_id"])
    if order_round.status != RoundStatus.OPEN:
        return None
    voice, place = to.voice, await group_place(round_id=order_round.id)
    lines = [voice._("🛒 New order round for {group}!").format(group=place.group_name),
             *round_screens.round_header(voice, place, order_round)[1:], "", *_offer_lines(voice, place, order_round),
             "", voice._("Order what you need and how much more you would take to fill a pack (tolerance).")]
    return Screen("\n".join(lines), _rows(to.to_round(order_round.id)))


async def _round_reminder(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """Only to a member who has not ordered, while the round is open and still closes when it said."""
    order_round = await get_round(params["round_id"])
    if order_round.status != RoundStatus.OPEN or order_round.closes_at.isoformat() != params["closes_at"]:
        return None
    if await member_has_ordered(order_round.id, params["member_id"]):
        return None
    voice, place = to.voice, await group_place(round_id=order_round.id)
    when = voice.moment(order_round.closes_at, place.time_zone, place.country_code)
    text = (voice._("⏰ Round #{number} of {group} closes tomorrow, {when}. You have not ordered yet.")
            if params.get("before") == "day" else
            voice._("⏰ Round #{number} of {group} closes in an hour ({when}). You have not ordered yet."))
    return Screen(text.format(number=order_round.number, group=place.group_name, when=when),
                  _rows(to.to_round(order_round.id)))


async def _round_extended(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    order_round = await get_round(params["round_id"])
    if order_round.status != RoundStatus.OPEN:
        return None
    voice, place = to.voice, await group_place(round_id=order_round.id)
    text = voice._("⏰ Round #{number} of {group} stays open longer: it now closes {when}.").format(
        number=order_round.number, group=place.group_name,
        when=voice.moment(order_round.closes_at, place.time_zone, place.country_code))
    pickup = round_screens.round_header(voice, place, order_round)[2:]  # it may have moved with the close
    return Screen("\n".join([text, *pickup]), _rows(to.to_round(order_round.id)))


async def _round_cancelled(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    place, order_round = await group_place(round_id=params["round_id"]), await get_round(params["round_id"])
    return Screen(to.voice._("❌ Round #{number} of {group} was cancelled. Nobody pays anything.").format(
        number=order_round.number, group=place.group_name))


async def _round_summary(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """Posted in the group chat at the close: totals and bulk orders, never a member's bill."""
    voice, rid = to.voice, params["round_id"]
    place, order_round, result = await group_place(round_id=rid), await get_round(rid), await round_result(rid, False)
    names = await organization_names([o.organization_id for o in result.bulk_orders])
    members = sum(1 for b in result.bills if b.lines)
    total = sum((b.total for b in result.bills), Decimal(0))
    currency = order_round.offers[0].currency if order_round.offers else ""
    lines = [voice._("🔒 Round #{number} of {group} is closed.").format(number=order_round.number, group=place.group_name),
             voice.ngettext("{members} member takes something home and pays {total}.",
                            "{members} members take something home; together they pay {total}.", members).format(
                 members=members, total=round_screens.amount(voice, place, total, currency)), ""]
    for order in result.bulk_orders:
        lines += round_screens.bulk_order_lines(voice, place, order, names[order.organization_id], order_round)
    if result.unfilled:
        lines += ["", voice._("Packs that did not fill:"), *round_screens.unfilled_lines(voice, result.unfilled, order_round)]
    lines += ["", voice._("Each member gets their bill in a private chat.")]
    return Screen("\n".join(lines))


async def _round_bill(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    if to.person_id is None:  # a bill is its member's, in their own chat
        return None
    voice, rid = to.voice, params["round_id"]
    place, order_round = await group_place(round_id=rid), await get_round(rid)
    member_bill = await get_member_bill(rid, to.person_id)
    lines = round_screens.round_header(voice, place, order_round) + [""]
    lines += round_screens.bill(voice, place, order_round, member_bill)
    lines += await paying.group_ways_to_pay(voice, place.group_id, member_bill)
    return Screen("\n".join(lines), payment_notices.bill_rows(voice, rid, place.group_id, bool(member_bill.lines)))


async def _round_pack_unfilled(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    voice, rid = to.voice, params["round_id"]
    place, order_round, result = await group_place(round_id=rid), await get_round(rid), await round_result(rid, False)
    mine = [u for u in result.unfilled if params["member_id"] in u.short_member_ids]
    if not mine:
        return None
    lines = [voice._("Round #{number} of {group}: some packs did not fill, so you get less than you ordered.").format(
        number=order_round.number, group=place.group_name), *round_screens.unfilled_lines(voice, mine, order_round)]
    return Screen("\n".join(lines))


async def _round_bulk_order(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To an organization's admins: what the group orders from them, with the CSV a button away."""
    voice, rid, organization_id = to.voice, params["round_id"], params["organization_id"]
    orders = [o for o in await get_bulk_orders(rid) if o.organization_id == organization_id]
    if not orders:
        return None
    place, order_round = await group_place(round_id=rid), await get_round(rid)
    names = await organization_names([organization_id])
    lines = [voice._("📦 Bulk order from {group}, round #{number}").format(group=place.group_name, number=order_round.number)]
    pickup = round_screens.round_header(voice, place, order_round)[2:]
    lines += pickup + [""]
    lines += round_screens.bulk_order_lines(voice, place, orders[0], names[organization_id], order_round)
    return Screen("\n".join(lines), [[voice.button(voice._("⬇️ CSV"), Action.ROUND_BULK_ORDER_CSV, rid, organization_id)]])


async def _membership(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    membership = await get_membership(params["member_id"])
    if template == "membership_request":
        return producer_screens.request_notice(to.voice, membership)
    return producer_screens.decision_notice(to.voice, membership)


async def _group_join(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To a coordinator, while the request waits (nothing once another answered); to the person, the answer."""
    request = await get_join_request(params["request_id"])
    if template == "group_join_request":
        return group_join_screens.request(to.voice, request) if request.status == JoinRequestStatus.PENDING else None
    return group_join_screens.decision_notice(to.voice, request)


async def _reviewer_named(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """Their role as it is when sent; nothing once they no longer review for the network."""
    if to.person_id is None:
        return None
    try:
        reviewer = await get_reviewer(params["network_id"], to.person_id)
    except NotFound:
        return None
    return network_screens.reviewer_notice(to.voice, await get_network_view(params["network_id"]), reviewer)


async def _alert(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """An alert, read when sent: lines no longer on sale are left out, a renewed seal's reminder is dropped."""
    voice = to.voice
    if template == "alert_stock":
        lines = await offer_alert_lines(params["lines"])
        return alert_screens.stock_alert(voice, lines) if lines else None
    if template == "alert_price":
        return alert_screens.price_alert(voice, await price_alert(params["observation_id"], params["threshold"]))
    if template == "alert_fair":
        return alert_screens.fair_alert(voice, await get_fair(params["fair_id"]))
    seal = await seal_alert(params["seal_id"], params["valid_until"])
    return None if seal is None else alert_screens.seal_alert(voice, seal)


async def _committee(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """A committee's decision, to the organization's admins or the visit's reviewers; a seal's change; a reminder
    of a condition past due or of a seal ending (nothing once it no longer applies)."""
    voice = to.voice
    if template == "visit_decided":
        return committee_screens.decision_notice(voice, await decided_visit(params["review_id"]))
    if template == "visit_outcome":
        return committee_screens.outcome_notice(voice, await decided_visit(params["review_id"]))
    if template == "seal_changed":
        return committee_screens.seal_change_notice(voice, await seal_change_notice(params["event_id"]))
    if template == "condition_due":
        reminder = await condition_reminder(params["condition_id"], params["due_on"])
        return None if reminder is None else committee_screens.condition_notice(voice, reminder)
    seal = await seal_alert(params["seal_id"], params["valid_until"])
    return None if seal is None else committee_screens.expiry_notice(voice, seal)


async def _operator_named(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    role = await get_operator(params["operator_id"])
    return None if role.removed_at is not None else operator_screens.named_notice(to.voice, role)


async def _decision_made(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    return operator_screens.decision_notice(to.voice, await get_decision(params["decision_id"]))


async def _queue_waiting(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To an operator: what waits when it is sent; nothing once they are no operator or nothing waits."""
    try:
        counts = await queue_counts(by_person_id=to.person_id or 0)
    except FeriaError:
        return None
    return operator_screens.waiting_notice(to.voice, counts) if any(c.waiting for c in counts) else None


async def _board_seat(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To a member seated by another admin; nothing once that seat has ended."""
    notice = await get_seat_notice(params["record_id"])
    return None if notice is None else board_screens.seat_notice(to.voice, notice)


async def _board_term(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To an admin a month before the board's term ends; nothing once it was renewed or they left the board."""
    if to.person_id is None:
        return None
    reminder = await get_term_reminder(params["organization_id"], date.fromisoformat(params["ends_on"]),
                                       person_id=to.person_id)
    return None if reminder is None else board_screens.term_notice(to.voice, reminder)


async def _slow_down(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    return menu_screens.slow_down(to.voice)


Template = Callable[[Recipient, dict[str, Any], str], Awaitable[Screen | None]]
TEMPLATES: dict[str, Template] = {
    **{name: _order_notice for name in ORDER_TEMPLATES},
    "order_message": _order_message,
    "round_opened": _round_opened,
    "round_reminder": _round_reminder,
    "round_extended": _round_extended,
    "round_cancelled": _round_cancelled,
    "round_summary": _round_summary,
    "round_bill": _round_bill,
    "round_pack_unfilled": _round_pack_unfilled,
    "round_bulk_order": _round_bulk_order,
    "membership_request": _membership,
    "membership_decided": _membership,
    "group_join_request": _group_join,
    "group_join_decided": _group_join,
    "reviewer_named": _reviewer_named,
    **{name: _alert for name in ("alert_stock", "alert_price", "alert_fair", "alert_seal")},
    **{name: _committee for name in ("visit_decided", "visit_outcome", "seal_changed", "condition_due",
                                     "alert_seal_committee")},
    "operator_named": _operator_named,
    "decision_made": _decision_made,
    "queue_waiting": _queue_waiting,
    "board_seat": _board_seat,
    "board_term": _board_term,
    "slow_down": _slow_down,
    **visit_notices.TEMPLATES, **round_notices.TEMPLATES, **receipt_notices.TEMPLATES, **payment_notices.TEMPLATES,
    **register_notices.TEMPLATES,
}


def make_renderer(settings: Settings) -> Callable[[OwedMessage, Bot], Awaitable[Rendered | None]]:
    """The dispatcher's renderer: None when the template is unknown or what it speaks of is gone.

    Its buttons are signed like the bot's own, so a member presses them in their chat.
    """
    codec = CallbackCodec(settings.telegram_bot_token or SANDBOX_TOKEN)

    async def render(owed: OwedMessage, bot: Bot) -> Rendered | None:
        template = TEMPLATES.get(owed.template)
        if template is None:
            log.warning("outbox: no way to render %s", owed.template)
            return None
        try:
            locale = await _locale(owed, settings)
            to = Recipient(Voice(locale, owed.chat_id, codec), owed.person_id, _username(bot), settings.public_url)
            screen = await template(to, owed.params, owed.template)
        except FeriaError as gone:  # what it speaks of is gone, or no longer theirs to see
            log.info("outbox: notification %s (%s) no longer applies (%s)", owed.id, owed.template, gone.code)
            return None
        if screen is None:
            return None
        markup = InlineKeyboardMarkup(screen.rows) if screen.rows else None
        text = fit(screen.text, CAPTION_LIMIT if screen.photo or screen.document else TEXT_LIMIT)
        return Rendered(text=text, reply_markup=markup, photo=screen.photo, document=screen.document)

    return render


def _username(bot: Bot) -> str | None:
    """The bot's @name for link buttons; unknown while Telegram could not be asked (getMe failed)."""
    try:
        return bot.username
    except RuntimeError:
        return None


async def _locale(owed: OwedMessage, settings: Settings) -> str:
    if owed.person_id is not None:
        person = await get_person(owed.person_id)
        return pick_locale(person.locale, person.language_code, settings.default_locale)
    if "language_code" in owed.params:  # someone the bot may not know yet: in their Telegram's language
        return pick_locale(None, owed.params["language_code"], settings.default_locale)
    group_id = owed.params.get("group_id")
    if group_id is None:
        return settings.default_locale
    place = await group_place(group_id=group_id)
    return COUNTRY_LOCALES.get(place.country_code, "es")
