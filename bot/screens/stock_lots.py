"""The lots on a stock card: each line's lot and offer before → after, and whom an admin posts for."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.turn import Screen, Voice
from market.services.lots.posting import LotMove
from market.services.lots.preview import LotPoster
from market.services.stock.lot_preview import LotPreview

# The organization's own lot, in the "For:" chooser's buttons (a person id is never 0).
OWN = 0


def lot_line(voice: Voice, move: LotMove, unit: str, for_name: str | None) -> str:
    """ "Tu lote: 80 → 10 kg · En venta: 120 → 50 kg", or the organization's or a named member's lot."""
    _ = voice._
    numbers = {"lot_before": voice.number(move.lot_before), "lot_after": voice.quantity(move.lot_after, unit),
               "before": voice.number(move.offer_before), "after": voice.quantity(move.offer_after, unit)}
    if for_name is not None:
        text = _("{name}'s lot: {lot_before} → {lot_after} · On sale: {before} → {after}").format(
            name=for_name, **numbers)
    elif move.own:
        text = _("Organization's lot: {lot_before} → {lot_after} · On sale: {before} → {after}").format(**numbers)
    else:
        text = _("Your lot: {lot_before} → {lot_after} · On sale: {before} → {after}").format(**numbers)
    return "   " + text


def short_line(voice: Voice, lot: Decimal, taking: Decimal, unit: str, for_name: str | None) -> str:
    """A "-N" beyond the lot, on the card before publishing: what the lot holds, and what to write instead."""
    _ = voice._
    numbers = {"lot": voice.quantity(lot, unit), "taking": voice.quantity(taking, unit)}
    if for_name is not None:
        text = _("⚠️ {name}'s lot holds {lot}: {taking} cannot be taken away. Correct the line.").format(
            name=for_name, **numbers)
    else:
        text = _("⚠️ The lot holds {lot}: {taking} cannot be taken away. Correct the line.").format(**numbers)
    return "   " + text


def for_button(voice: Voice, preview: LotPreview, token: str) -> InlineKeyboardButton:
    """An admin's card: whose lot the lines go on, pressed to choose another member."""
    _ = voice._
    name = preview.for_name if preview.for_name is not None else _("the organization")
    return voice.button(_("👥 For: {name} ▾").format(name=name), Action.STOCK_LOT_POSTERS, token, 0)


def choose_poster(voice: Voice, posters: tuple[LotPoster, ...], more: bool, page: int, token: str) -> Screen:
    """The organization's own lot, then its approved members one page at a time."""
    _ = voice._
    rows = [[voice.button(_("🏢 The organization"), Action.STOCK_LOT_FOR, token, OWN)]] if page == 0 else []
    rows += [[voice.button(p.name, Action.STOCK_LOT_FOR, token, p.person_id)] for p in posters]
    paging = ([voice.button(_("« Back"), Action.STOCK_LOT_POSTERS, token, page - 1)] if page > 0 else []) + (
        [voice.button(_("More »"), Action.STOCK_LOT_POSTERS, token, page + 1)] if more else [])
    if paging:
        rows.append(paging)
    rows.append([voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, token)])
    return Screen(_("Whose lot is this stock? The organization's own (bought in, or pooled) or a member's:"), rows)
