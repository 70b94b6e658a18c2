"""Order rounds on a phone: the board of offers with their packs, a member's line, bills, bulk orders, accounts.

Quantities are whole order units (1 kg, 500 g, a dozen) but are shown as people weigh them:
12 order units of 0.5 kg read "6 kg". A pack is the sack or case the producer sells in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.turn import Screen, Voice
from market.enums import GroupRole, RoundStatus
from market.presentation.labels import N_, unit_name
from market.rules.rounds import pickup_days
from market.services.groups.rounds.bills import BulkOrder, MemberBill, UnfilledPack
from market.services.groups.rounds.queries import BoardOffer, RoundBoard
from market.services.groups.rounds.setup import GroupPlace
from market.services.groups.rounds.views import RoundOfferView, RoundView

# How far a coordinator can push a round's closing, in days, from one screen.
EXTENSIONS = (1, 3, 7)


# Where a round happens: its group's name, time zone and country (for dates and money).
Place = GroupPlace


def amount(voice: Voice, place: Place, value: Decimal, currency: str) -> str:
    return voice.money(value, currency, place.country_code)


def units(voice: Voice, count: int, offer: RoundOfferView) -> str:
    """Order units as a quantity: 12 units of 0.5 kg → "6 kg"."""
    return voice.quantity(Decimal(count) * offer.order_unit_quantity, offer.unit)


def price_per_order_unit(voice: Voice, place: Place, price: Decimal, offer: RoundOfferView) -> str:
    money = amount(voice, place, price, offer.currency)
    if offer.order_unit_quantity == 1:
        return voice._("{price} per {unit}").format(price=money, unit=unit_name(voice.ngettext, offer.unit))
    return voice._("{price} per {quantity}").format(
        price=money, quantity=voice.quantity(offer.order_unit_quantity, offer.unit))


def pack_status(voice: Voice, line: BoardOffer) -> str:
    """ "Pack of 25 kg: 18 kg ordered, 7 kg missing" — live, from everyone's quantities and tolerances."""
    _ = voice._
    offer = line.offer
    pack = _("Pack of {size}").format(size=units(voice, offer.pack_size, offer))
    if not line.total_quantity and not line.total_tolerance:
        return _("{pack}: nobody has ordered yet").format(pack=pack)
    ordered = units(voice, line.total_quantity, offer)
    if line.total_tolerance:
        ordered = _("{ordered} (+{tolerance} tolerance)").format(
            ordered=ordered, tolerance=units(voice, line.total_tolerance, offer))
    missing = units(voice, line.missing_to_complete, offer)
    if line.missing_to_complete and line.packs_to_order:
        return _("{pack}: {ordered} ordered → full packs: {packs}; {missing} missing for one more").format(
            pack=pack, ordered=ordered, packs=line.packs_to_order, missing=missing)
    if line.missing_to_complete:
        return _("{pack}: {ordered} ordered, {missing} missing").format(pack=pack, ordered=ordered, missing=missing)
    return _("{pack}: {ordered} ordered → full packs: {packs}").format(pack=pack, ordered=ordered, packs=line.packs_to_order)


def mine(voice: Voice, line: BoardOffer) -> str:
    _ = voice._
    if not line.my_quantity and not line.my_tolerance:
        return _("You have not ordered this.")
    text = _("Your order: {quantity}").format(quantity=units(voice, line.my_quantity, line.offer))
    if line.my_tolerance:
        text += " " + _("and up to {tolerance} more to fill a pack").format(
            tolerance=units(voice, line.my_tolerance, line.offer))
    return text


def round_header(voice: Voice, place: Place, order_round: RoundView) -> list[str]:
    _ = voice._
    lines = [_("🛒 Round #{number} · {group}").format(number=order_round.number, group=place.group_name)]
    if order_round.status == RoundStatus.OPEN:
        lines.append(_("Closes: {when}").format(
            when=voice.moment(order_round.closes_at, place.time_zone, place.country_code)))
    else:
        lines.append(_("Status: {status}").format(status=_(ROUND_STATUS[order_round.status])))
    pickup = order_round.pickup_point
    if order_round.pickup_on:
        pickup = f"{pickup} · {voice.date(order_round.pickup_on)}" if pickup else voice.date(order_round.pickup_on)
    if pickup:
        lines.append(_("Pickup: {place}").format(place=pickup))
    return lines


ROUND_STATUS = {
    RoundStatus.OPEN: N_("open"),
    RoundStatus.CLOSED: N_("closed"),
    RoundStatus.SETTLED: N_("settled"),
    RoundStatus.CANCELLED: N_("cancelled"),
}


def board(voice: Voice, place: Place, board: RoundBoard) -> Screen:
    """An open round: every offer with its price and pack, the member's own lines; a button per offer."""
    _ = voice._
    order_round = board.round
    lines = round_header(voice, place, order_round) + [""]
    rows = []
    for line in board.offers:
        offer = line.offer
        lines.append(f"• {offer.product_name} — {price_per_order_unit(voice, place, offer.member_price, offer)}")
        lines.append("  " + pack_status(voice, line))
        label = offer.product_name
        if line.my_quantity or line.my_tolerance:
            lines.append("  " + mine(voice, line))
            label = f"✏️ {offer.product_name} ({units(voice, line.my_quantity, offer)})"
        rows.append([voice.button(label, Action.ROUND_LINE, offer.id)])
    if order_round.status == RoundStatus.OPEN:
        lines += ["", _("Choose a product to order or change your order.")]
    else:
        rows = []
    if board.role == GroupRole.COORDINATOR:
        rows += coordinator_rows(voice, order_round)
    rows.append([voice.button(_("« Group"), Action.GROUP, place.group_id)])
    return Screen("\n".join(lines), rows)


def coordinator_rows(voice: Voice, order_round: RoundView) -> list[list[InlineKeyboardButton]]:
    _ = voice._
    rid = order_round.id
    if order_round.status == RoundStatus.OPEN:
        return [
            [voice.button(_("⏰ Extend"), Action.ROUND_EXTEND, rid),
             voice.button(_("🔒 Close now"), Action.ROUND_CLOSE, rid)],
            [voice.button(_("❌ Cancel the round"), Action.ROUND_CANCEL, rid)],
        ]
    if order_round.status in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        rows = [[voice.button(_("📦 Bulk orders"), Action.ROUND_BULK_ORDERS, rid),
                 voice.button(_("🧾 Pickup list"), Action.ROUND_PICKUP_LIST, rid)]]
        if order_round.status == RoundStatus.CLOSED:
            rows.append([voice.button(_("📥 What arrived"), Action.ROUND_ARRIVALS, rid),
                         voice.button(_("💵 Payment"), Action.ROUND_PAYMENT, rid)])
            rows.append([voice.button(_("✅ Settle the round"), Action.ROUND_SETTLE, rid)])
        return rows
    return []


def offer_line(voice: Voice, place: Place, round_id: int, line: BoardOffer) -> Screen:
    """One offer of an open round: price, the pack's state, the member's line and buttons to change it."""
    _ = voice._
    offer = line.offer
    fund = offer.member_price - offer.producer_price
    lines = [
        f"{offer.product_name}",
        price_per_order_unit(voice, place, offer.member_price, offer),
        _("({producer} to the producer, {fund} to the solidarity fund)").format(
            producer=amount(voice, place, offer.producer_price, offer.currency),
            fund=amount(voice, place, fund, offer.currency)),
        "",
        pack_status(voice, line),
        mine(voice, line),
        "",
        _("Tolerance: how much more you would take so that a pack gets filled."),
        typing_hint(voice, offer),
    ]
    q, t, oid = line.my_quantity, line.my_tolerance, offer.id
    rows = [
        [voice.button("➖", Action.ROUND_LINE_SET, oid, max(q - 1, 0), t),
         voice.button(_("Quantity: {value}").format(value=units(voice, q, offer)), Action.ROUND_LINE, oid),
         voice.button("➕", Action.ROUND_LINE_SET, oid, q + 1, t)],
        [voice.button("➖", Action.ROUND_LINE_SET, oid, q, max(t - 1, 0)),
         voice.button(_("Tolerance: {value}").format(value=units(voice, t, offer)), Action.ROUND_LINE, oid),
         voice.button("➕", Action.ROUND_LINE_SET, oid, q, t + 1)],
    ]
    if q or t:
        rows.append([voice.button(_("🗑 Remove"), Action.ROUND_LINE_SET, oid, 0, 0)])
    rows.append([voice.button(_("« Round"), Action.ROUND, round_id)])
    return Screen("\n".join(lines), rows)


def typing_hint(voice: Voice, offer: RoundOfferView) -> str:
    """How to write a line, with amounts that fit the offer: "“1,5” orders 1,5 kg" for coffee sold by 0,5 kg."""
    quantity, tolerance = 3 * offer.order_unit_quantity, 2 * offer.order_unit_quantity
    return voice._("Write how much, in {unit}: “{quantity}” orders {ordered}; “{quantity} {tolerance}” orders "
                   "{ordered} and up to {more} more.").format(
        unit=unit_name(voice.ngettext, offer.unit, 2), quantity=voice.number(quantity),
        tolerance=voice.number(tolerance), ordered=voice.quantity(quantity, offer.unit),
        more=voice.quantity(tolerance, offer.unit))


def extend_choices(voice: Voice, place: Place, order_round: RoundView) -> Screen:
    _ = voice._
    rows = []
    for days in EXTENSIONS:
        when = order_round.closes_at + timedelta(days=days)
        rows.append([voice.button(_("Until {when}").format(when=voice.moment(when, place.time_zone, place.country_code)),
                                  Action.ROUND_EXTEND_TO, order_round.id, int(when.timestamp()))])
    rows.append([voice.button(_("« Round"), Action.ROUND, order_round.id)])
    return Screen(_("Round #{number} closes {when}. Until when should it stay open?").format(
        number=order_round.number, when=voice.moment(order_round.closes_at, place.time_zone, place.country_code)), rows)


def move_pickup(voice: Voice, place: Place, order_round: RoundView, closes_at: datetime) -> Screen:
    """An extension past the pickup day: the new pickup day, the group's usual weekday first."""
    _ = voice._
    assert order_round.pickup_on is not None  # asked only of a round with a pickup day
    closing_day = closes_at.astimezone(ZoneInfo(place.time_zone)).date()
    stamp = int(closes_at.timestamp())
    rows = [[voice.button(voice.date(day), Action.ROUND_EXTEND_PICKUP, order_round.id, stamp, day.strftime("%Y%m%d"))]
            for day in pickup_days(closing_day, place.pickup_weekday)]
    rows.append([voice.button(_("« Round"), Action.ROUND, order_round.id)])
    return Screen(_("Closing {when} is after the pickup day, {pickup}. On which day do members pick up now?").format(
        when=voice.moment(closes_at, place.time_zone, place.country_code), pickup=voice.date(order_round.pickup_on)),
        rows)


def confirm(voice: Voice, text: str, yes: tuple[str, Action, int], round_id: int) -> Screen:
    label, action, arg = yes
    return Screen(text, [[voice.button(label, action, arg), voice.button(voice._("No"), Action.ROUND, round_id)]])


def _offers(order_round: RoundView) -> dict[int, RoundOfferView]:
    return {o.id: o for o in order_round.offers}


def bill(voice: Voice, place: Place, order_round: RoundView, member_bill: MemberBill) -> list[str]:
    """A member's bill: what they take home and pay, and the part that goes to the solidarity fund."""
    _ = voice._
    if not member_bill.lines:
        return [_("You get nothing from this round: nothing to pay.")]
    lines, offers = [_("🧾 Your bill")], _offers(order_round)
    for line in member_bill.lines:
        offer = offers[line.round_offer_id]
        got = units(voice, line.units, offer)
        if line.from_tolerance:
            got = _("{quantity} ({tolerance} from your tolerance)").format(
                quantity=got, tolerance=units(voice, line.from_tolerance, offer))
        lines.append(_("• {product}: {quantity} × {price} = {amount}").format(
            product=line.product_name, quantity=got,
            price=price_per_order_unit(voice, place, line.member_price, offer),
            amount=amount(voice, place, line.amount, member_bill.currency)))
    lines.append(_("Total: {total}").format(total=amount(voice, place, member_bill.total, member_bill.currency)))
    lines.append(_("Of which to the solidarity fund: {fund}").format(
        fund=amount(voice, place, member_bill.fund_total, member_bill.currency)))
    return lines


def bulk_order_lines(voice: Voice, place: Place, order: BulkOrder, organization_name: str,
                     order_round: RoundView) -> list[str]:
    """What one organization delivers: whole packs, units, producer prices and the total owed to it."""
    _, offers = voice._, _offers(order_round)
    lines = [_("📦 {organization}").format(organization=organization_name)]
    for line in order.lines:
        offer = offers[line.round_offer_id]
        lines.append(_("• {product}: {packs} × pack of {size} = {quantity} — {amount}").format(
            product=line.product_name, packs=line.packs, size=units(voice, line.pack_size, offer),
            quantity=units(voice, line.units, offer), amount=amount(voice, place, line.producer_amount, order.currency)))
    lines.append(_("To the producer: {total}").format(total=amount(voice, place, order.producer_total, order.currency)))
    return lines


def unfilled_lines(voice: Voice, unfilled: Sequence[UnfilledPack], order_round: RoundView) -> list[str]:
    _, offers = voice._, _offers(order_round)
    return [
        _("• {product}: a pack of {size} did not fill, {missing} were missing").format(
            product=u.product_name, size=units(voice, u.pack_size, offers[u.round_offer_id]),
            missing=units(voice, u.missing, offers[u.round_offer_id]))
        for u in unfilled
    ]
