"""A fair price declared step by step: the product, where, per which unit, its four parts, its days, the summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.presentation.labels import N_, unit_name
from market.services.prices.declarers import Declarer

# The parts of a fair price in the order they are asked; the first is required, the others may be 0 (Skip).
PARTS = ("producer_share", "transport", "solidarity_fund", "other_costs")
PART_LABELS = {"producer_share": N_("For the producer"), "transport": N_("Transport"),
               "solidarity_fund": N_("Solidarity fund"), "other_costs": N_("Other costs")}
PART_QUESTIONS = {
    "producer_share": N_("How much of it goes to the producer, per {unit}? Write the amount in {currency}, like 12,50."),
    "transport": N_("How much for transport, per {unit}? Write the amount, or 0."),
    "solidarity_fund": N_("How much for the solidarity fund, per {unit}? Write the amount, or 0."),
    "other_costs": N_("Other costs (packing, fees), per {unit}? Write the amount, or 0."),
}
# The units offered as buttons after the product's own: those most fair prices are declared in.
COMMON_UNITS = ("kg", "quintal", "arroba", "lb", "l", "unit", "dozen", "bunch")
NO_END = "-"


def ask_product(voice: Voice, declarer: Declarer) -> Screen:
    _ = voice._
    rows = [[voice.button(p.name, Action.FAIR_PRICE_PRODUCT, p.id)] for p in declarer.products]
    if rows:
        text = _("⚖ Fair price for {declarer}. Of which product? Choose it, or write its name.")
    else:
        text = _("⚖ Fair price for {declarer}. Of which product? Write its name, like “café tostado en grano”.")
    return Screen(text.format(declarer=declarer.name), rows)


def ask_territory(voice: Voice, product: str, territory_id: int, territory_name: str) -> Screen:
    _ = voice._
    return Screen(_("Where does the fair price of {product} hold?").format(product=product), [
        [voice.button(_("📍 {place}").format(place=territory_name), Action.FAIR_PRICE_TERRITORY, territory_id)],
        [voice.button(_("📍 Somewhere else"), Action.FAIR_PRICE_ELSEWHERE)],
        [voice.button(_("✖ Cancel"), Action.FAIR_PRICE_CANCEL)],
    ])


def ask_unit(voice: Voice, product: str, product_unit: str | None) -> Screen:
    _ = voice._
    units = list(dict.fromkeys([*filter(None, [product_unit]), *COMMON_UNITS]))
    buttons = [voice.button(unit_name(voice.ngettext, unit), Action.FAIR_PRICE_UNIT, unit) for unit in units]
    rows = [buttons[i:i + 4] for i in range(0, len(buttons), 4)]
    rows.append([voice.button(_("✖ Cancel"), Action.FAIR_PRICE_CANCEL)])
    return Screen(_("The fair price of {product} is per which unit?").format(product=product), rows)


def ask_part(voice: Voice, part: str, draft: dict[str, Any]) -> Screen:
    _ = voice._
    text = _(PART_QUESTIONS[part]).format(unit=unit_name(voice.ngettext, draft["unit"]), currency=draft["currency"])
    rows = [] if part == PARTS[0] else [[voice.button(_("Skip: 0"), Action.FAIR_PRICE_SKIP, part)]]
    return Screen(text, rows)


def ask_from(voice: Voice, today: date) -> Screen:
    _ = voice._
    return Screen(_("From which day does it hold? Today, or write a day like {example}.").format(
        example=voice.date_as_typed(today)),
        [[voice.button(_("From today"), Action.FAIR_PRICE_FROM, today.strftime("%Y%m%d"))]])


def ask_until(voice: Voice, valid_from: date) -> Screen:
    _ = voice._
    return Screen(_("Until which day? Write its last day, like {example}, or leave it without an end.").format(
        example=voice.date_as_typed(valid_from)),
        [[voice.button(_("No end"), Action.FAIR_PRICE_UNTIL, NO_END)]])


def _breakdown(voice: Voice, draft: dict[str, Any]) -> list[str]:
    _ = voice._
    currency, country = draft["currency"], draft["country"]
    parts = {part: Decimal(draft.get(part, "0")) for part in PARTS}
    return [*(f"• {_(PART_LABELS[part])}: {voice.money(amount, currency, country)}" for part, amount in parts.items()),
            _("= {price}").format(price=voice.per_unit(sum(parts.values(), Decimal(0)), currency, draft["unit"],
                                                        country))]


def _days(voice: Voice, valid_from: date, valid_until: date | None) -> str:
    _ = voice._
    if valid_until is None:
        return _("From {first}, with no end.").format(first=voice.date(valid_from))
    return _("From {first} to {last}.").format(first=voice.date(valid_from), last=voice.date(valid_until))


def summary(voice: Voice, draft: dict[str, Any], valid_from: date, valid_until: date | None) -> Screen:
    """The card read back before it is declared: what, where, the parts and their sum, the days."""
    _ = voice._
    lines = [_("⚖ Fair price of {product} in {place}, declared by {declarer}:").format(
        product=draft["product"], place=draft["territory_name"], declarer=draft["declarer_name"]),
        *_breakdown(voice, draft), _days(voice, valid_from, valid_until), "",
        _("Buyers will see it on the product's page. Declare it?")]
    return Screen("\n".join(lines), [[voice.button(_("✅ Declare"), Action.FAIR_PRICE_CONFIRM, draft["token"]),
                                      voice.button(_("✖ Cancel"), Action.FAIR_PRICE_CANCEL)]])


def declared(voice: Voice, draft: dict[str, Any], valid_from: date, valid_until: date | None) -> Screen:
    _ = voice._
    lines = [_("✅ Fair price of {product} in {place} declared:").format(
        product=draft["product"], place=draft["territory_name"]), *_breakdown(voice, draft),
        _days(voice, valid_from, valid_until)]
    return Screen("\n".join(lines), [back_to_menu(voice)])


def cancelled(voice: Voice) -> Screen:
    return Screen(voice._("✖ Cancelled: no fair price was declared."), [back_to_menu(voice)])
