"""Ferias in the chat: announcing one step by step, the list of the coming days, a network's two buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice, translator
from market.presentation.fair_text import fair_when
from market.services.prices.declarers import Declarer
from market.services.prices.fair_calendar import FairsInTerritory
from market.services.prices.fairs import FairView

SKIP_END, SKIP_PARTICIPANTS = "e", "p"
SHOWN = 15  # ferias in one message; the web page lists them all


def network_fairs(voice: Voice, network: Declarer) -> Screen:
    """A reviewer's fair price and feria buttons for their network."""
    _ = voice._
    return Screen(_("⚖ «{network}»: declare a fair price, or announce a feria to the people who follow ferias.").format(
        network=network.name), [
        [voice.button(_("⚖ Fair price"), Action.FAIR_PRICE, "n", network.network_id),
         voice.button(_("🎪 Announce a feria"), Action.FAIR_ANNOUNCE, "n", network.network_id)],
        [voice.button(_("🌱 My networks"), Action.NETWORKS)],
    ])


def ask_title(voice: Voice, announcer: str) -> Screen:
    return Screen(voice._("🎪 A feria announced by {announcer}. What is it called? Write its title, like “Feria "
                          "ecológica de fin de mes”.").format(announcer=announcer))


def ask_place(voice: Voice, title: str) -> Screen:
    return Screen(voice._("Where is «{title}»? Write the place: a square, a market, an address.").format(title=title))


def ask_territory(voice: Voice, title: str, territory_id: int, territory_name: str) -> Screen:
    _ = voice._
    return Screen(_("In which town or region is «{title}»? People following ferias there will be told.").format(
        title=title), [
        [voice.button(_("📍 {place}").format(place=territory_name), Action.FAIR_TERRITORY, territory_id)],
        [voice.button(_("📍 Somewhere else"), Action.FAIR_ELSEWHERE)],
        [voice.button(_("✖ Cancel"), Action.FAIR_CANCEL)],
    ])


def ask_start(voice: Voice, place: str) -> Screen:
    return Screen(voice._("When does it start? Write the day and time in {place}, like “12/12 09:00”.").format(
        place=place))


def ask_end(voice: Voice, starts_at: datetime, draft: dict[str, Any]) -> Screen:
    _ = voice._
    when = voice.moment(starts_at, draft["time_zone"], draft["country"])
    return Screen(_("📅 {when}\nWhen does it end? Write the time, like “18:00”, or the day and time, like "
                    "“13/12 18:00”.").format(when=when),
                  [[voice.button(_("Skip: no end time"), Action.FAIR_SKIP, SKIP_END)]])


def ask_participants(voice: Voice) -> Screen:
    _ = voice._
    return Screen(_("Who takes part? Write the organizations and producers, like “OECA Valles, Café Amboró”."),
                  [[voice.button(_("Skip"), Action.FAIR_SKIP, SKIP_PARTICIPANTS)]])


def _when(voice: Voice, starts_at: datetime, ends_at: datetime | None, time_zone: str, country: str) -> str:
    return fair_when(translator(voice.locale, country), starts_at, ends_at, time_zone)


def summary(voice: Voice, draft: dict[str, Any], starts_at: datetime, ends_at: datetime | None) -> Screen:
    _ = voice._
    lines = [_("🎪 {title}, by {announcer}").format(title=draft["title"], announcer=draft["announcer"]),
             _("📅 {when}").format(when=_when(voice, starts_at, ends_at, draft["time_zone"], draft["country"])),
             _("📍 {place} ({territory})").format(place=draft["place"], territory=draft["territory_name"])]
    if draft.get("participants"):
        lines.append(_("With: {participants}").format(participants=draft["participants"]))
    lines += ["", _("People who follow ferias there will be told. Announce it?")]
    return Screen("\n".join(lines), [[voice.button(_("✅ Announce"), Action.FAIR_CONFIRM, draft["token"]),
                                      voice.button(_("✖ Cancel"), Action.FAIR_CANCEL)]])


def announced(voice: Voice, fair: FairView) -> Screen:
    _ = voice._
    return Screen("\n".join([_("✅ Feria announced; the people who follow ferias there are being told."), "",
                             *_fair_lines(voice, fair)]),
                  [[voice.button(_("🎪 Ferias"), Action.FAIRS)], back_to_menu(voice)])


def cancelled(voice: Voice) -> Screen:
    return Screen(voice._("✖ Cancelled: no feria was announced."), [back_to_menu(voice)])


def _fair_lines(voice: Voice, fair: FairView) -> list[str]:
    _ = voice._
    lines = [_("🎪 {title}, by {announcer}").format(title=fair.title, announcer=fair.announced_by),
             _("📅 {when}").format(when=_when(voice, fair.starts_at, fair.ends_at, fair.time_zone, fair.country_code)),
             _("📍 {place} ({territory})").format(place=fair.place, territory=fair.territory_name)]
    if fair.participants:
        lines.append(_("With: {participants}").format(participants=fair.participants))
    return lines


def fair_list(voice: Voice, groups: tuple[FairsInTerritory, ...], days: int, *, follows: bool) -> Screen:
    """The coming days' ferias by territory, the reader's own first; a way to be told of new ones."""
    _ = voice._
    rows = [] if follows else [[voice.button(_("🔔 Follow ferias"), Action.ALERT_ADD, "f")]]
    rows.append(back_to_menu(voice))
    if not groups:
        return Screen(_("🎪 No feria is announced for the next {days} days.").format(days=days), rows)
    lines = [_("🎪 Ferias of the next {days} days").format(days=days)]
    shown = 0
    for group in groups:
        if shown >= SHOWN:
            break
        lines += ["", f"📍 {group.territory_name}"]
        for fair in group.fairs[:SHOWN - shown]:
            lines += [*_fair_lines(voice, fair), ""]
            shown += 1
    total = sum(len(group.fairs) for group in groups)
    if total > shown:
        lines.append(voice.ngettext("… and {count} more.", "… and {count} more.", total - shown).format(
            count=total - shown))
    return Screen("\n".join(lines).rstrip(), rows)
