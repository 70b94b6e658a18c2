"""The territory chooser: down the tree a page at a time, or the places matching a typed name."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.turn import Screen, Voice
from market.services.territories.places import TOP, Place, PlacePage

PROPOSE = "p"  # a time zone asked before proposing a place, not choosing it


def _label(voice: Voice, place: Place) -> str:
    return voice._("{name} (waiting for approval)").format(name=place.name) if place.pending else place.name


def page(voice: Voice, places: PlacePage) -> Screen:
    """One page of the places below the one reached, a button each; choosing the one reached; proposing one."""
    _ = voice._
    parent = places.parent
    if parent is None:
        lines = [_("📍 Where is it? Choose the country, or write the name of the place.")]
    else:
        lines = [_("📍 {place}: choose a place in it, or choose «{place}» itself.").format(place=parent.name)]
    if parent is not None and not places.items:
        lines.append(_("No place is listed in it yet."))
    here = parent.key if parent else TOP
    rows = [[voice.button(_label(voice, p), Action.PLACE_OPEN, p.key, 0)] for p in places.items]
    paging = []
    if places.offset > 0:
        paging.append(voice.button(_("« Previous"), Action.PLACE_OPEN, here, max(places.offset - 8, 0)))
    if places.next_offset is not None:
        paging.append(voice.button(_("More »"), Action.PLACE_OPEN, here, places.next_offset))
    if paging:
        rows.append(paging)
    if parent is not None:
        rows.append([voice.button(_("✅ Choose {place}").format(place=parent.name), Action.PLACE_CHOOSE, parent.key)])
    if places.can_propose and parent is not None:
        rows.append([voice.button(_("➕ My community is not listed"), Action.PLACE_PROPOSE, parent.key)])
    last = [voice.button(_("« Back"), Action.PLACE_OPEN, places.up, 0)] if places.up else []
    rows.append([*last, _cancel(voice)])
    return Screen("\n".join(lines), rows)


def _cancel(voice: Voice) -> InlineKeyboardButton:
    return voice.button(voice._("✖ Cancel"), Action.PLACE_CANCEL)


def matches(voice: Voice, found: tuple[Place, ...]) -> Screen:
    _ = voice._
    if not found:
        text = _("No place matches that name. Write another name, or choose down the list.")
    else:
        text = _("📍 Which of these places?")
    rows = [[voice.button(_label(voice, p), Action.PLACE_OPEN, p.key, 0)] for p in found]
    rows.append([voice.button(_("« Back"), Action.PLACE_OPEN, TOP, 0), _cancel(voice)])
    return Screen(text, rows)


def ask_zone(voice: Voice, key: str, zones: tuple[str, ...], then: str = "") -> Screen:
    """A country with several time zones: which one the place keeps its dates and closing times in."""
    rows = [[voice.button(zone.split("/")[-1].replace("_", " "), Action.PLACE_ZONE, key, index, *filter(None, [then]))]
            for index, zone in enumerate(zones)]
    rows.append([voice.button(voice._("« Back"), Action.PLACE_OPEN, key, 0), _cancel(voice)])
    return Screen(voice._("🕒 That country has several time zones. Which one is this place in?"), rows)


def ask_proposal(voice: Voice, parent: Place) -> Screen:
    return Screen(voice._("Write the name of your community in {place}. Feria's operators will check it: until "
                          "then only you see it.").format(place=parent.name),
                  [[voice.button(voice._("« Back"), Action.PLACE_OPEN, parent.key, 0)]])


def proposed(voice: Voice, parent: Place, name: str) -> Screen:
    return Screen(voice._("📨 «{name}» waits for Feria's operators; you can already choose it.").format(name=name),
                  [[voice.button(voice._("Continue"), Action.PLACE_OPEN, parent.key, 0)]])
