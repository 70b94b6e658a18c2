"""An organization's offers as its producers manage them: the list, one offer, and the questions it asks."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.enums import OfferStatus
from market.presentation.labels import N_, unit_name
from market.services.stock.offers import OfferRow

# Until when an offer stands, as a producer thinks of it; the date goes in the button, so an old
# button pressed again sets the same day, not a week from the day it is pressed.
UNTIL_CHOICES = ((N_("1 week"), 7), (N_("2 weeks"), 14), (N_("1 month"), None))
NO_END = "none"


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day when it has no such day.

    | day        | result     |
    |------------|------------|
    | 2026-11-21 | 2026-12-21 |
    | 2026-12-15 | 2027-01-15 |
    | 2027-01-31 | 2027-02-28 |
    """
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def until_choices(today: date) -> tuple[tuple[str, date], ...]:
    """Each choice's label and the last day the offer would stand."""
    return tuple((label, today + timedelta(days=days) if days else one_month_after(today))
                 for label, days in UNTIL_CHOICES)


def _price(voice: Voice, offer: OfferRow) -> str:
    return voice.per_unit(offer.price, offer.currency, offer.unit, offer.country_code)


def _last_day(valid_until: datetime, time_zone: str) -> date:
    return valid_until.astimezone(ZoneInfo(time_zone)).date()


def _state(voice: Voice, offer: OfferRow) -> str:
    """A word on whether buyers see it, for a line of the list."""
    _ = voice._
    if offer.status == OfferStatus.WITHDRAWN:
        return _("withdrawn")
    if offer.expired:
        return _("time ran out")
    if not offer.stock:
        return _("sold out")
    return _("on sale")


def offer_list(voice: Voice, offers: tuple[OfferRow, ...]) -> Screen:
    _ = voice._
    if not offers:
        return Screen(_("📦 Your organization has nothing on offer yet. Post your stock by writing it here, like "
                        "“tomate 20 kg a 8,50”."), [back_to_menu(voice)])
    lines = [_("📦 Offers of {organization}").format(organization=offers[0].organization_name), ""]
    rows = []
    for offer in offers:
        lines.append(_("• {product}: {quantity} · {price} · {state}").format(
            product=offer.product_name, quantity=voice.quantity(offer.stock, offer.unit),
            price=_price(voice, offer), state=_state(voice, offer)))
        rows.append([voice.button(offer.product_name, Action.OFFER, offer.id)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def offer_detail(voice: Voice, offer: OfferRow, note: str | None = None) -> Screen:
    """One offer with what can be changed; `note` says what just happened."""
    _ = voice._
    lines = [note, ""] if note else []
    lines += [
        f"📦 {offer.product_name}",
        _("Stock: {quantity}").format(quantity=voice.quantity(offer.stock, offer.unit)),
        _("Price: {price}").format(price=_price(voice, offer)),
    ]
    if offer.valid_until is None:
        lines.append(_("Stands until you withdraw it."))
    else:
        lines.append(_("Stands until {day}.").format(day=voice.date(_last_day(offer.valid_until, offer.time_zone))))
    if offer.status == OfferStatus.WITHDRAWN:
        lines += ["", _("🚫 Withdrawn: buyers don't see it. Change the stock, the price or the date to offer it "
                        "again.")]
    elif offer.expired:
        lines += ["", _("⏳ Its time ran out: buyers don't see it. Choose until when it stands to offer it again.")]
    rows = [
        [voice.button(_("✏️ Stock"), Action.OFFER_STOCK, offer.id),
         voice.button(_("💲 Price"), Action.OFFER_PRICE, offer.id)],
        [voice.button(_("📅 Until when"), Action.OFFER_UNTIL, offer.id)],
    ]
    if offer.status == OfferStatus.ACTIVE:
        rows.append([voice.button(_("🚫 Withdraw"), Action.OFFER_WITHDRAW, offer.id)])
    rows.append([voice.button(_("« Our offers"), Action.OFFERS, offer.organization_id)])
    return Screen("\n".join(lines), rows)


def ask_stock(voice: Voice, offer: OfferRow) -> Screen:
    return Screen(voice._("How much {product} do you have for sale now? Write it in {unit}, like 20.").format(
        product=offer.product_name, unit=unit_name(voice.ngettext, offer.unit, 2)))


def ask_price(voice: Voice, offer: OfferRow) -> Screen:
    return Screen(voice._("What is the new price of {product} per {unit}? Write it like 8,50.").format(
        product=offer.product_name, unit=unit_name(voice.ngettext, offer.unit)))


def ask_until(voice: Voice, offer: OfferRow, today: date) -> Screen:
    """`today` is the date where the organization is: the choices count from it."""
    _ = voice._
    rows = [[voice.button(_("{choice} (until {day})").format(choice=_(label), day=voice.date(day)),
                          Action.OFFER_UNTIL_CHOSEN, offer.id, day.strftime("%Y%m%d"))]
            for label, day in until_choices(today)]
    rows.append([voice.button(_("No end date"), Action.OFFER_UNTIL_CHOSEN, offer.id, NO_END)])
    rows.append([voice.button(_("« Back"), Action.OFFER, offer.id)])
    return Screen(_("Until when does {product} stand on offer?").format(product=offer.product_name), rows)


def confirm_withdraw(voice: Voice, offer: OfferRow) -> Screen:
    _ = voice._
    return Screen(
        _("Withdraw {product}? Buyers stop seeing it until you offer it again.").format(product=offer.product_name),
        [[voice.button(_("Yes, withdraw it"), Action.OFFER_WITHDRAW_CONFIRMED, offer.id),
          voice.button(_("No, keep it"), Action.OFFER, offer.id)]],
    )
