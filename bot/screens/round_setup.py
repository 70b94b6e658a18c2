"""Opening a round, one choice a screen: organizations, closing time, pickup day, pickup point."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.actions import Action
from bot.turn import Screen, Voice
from market.rules.rounds import pickup_days
from market.services.groups.rounds.setup import GroupPlace, OrganizationChoice

# Suggested closings, days from today, at the hour groups usually close (people can type another).
CLOSING_DAYS = (1, 3, 7)
CLOSING_HOUR = 20


def choose_organizations(voice: Voice, group_id: int, choices: tuple[OrganizationChoice, ...], chosen: set[int]) -> Screen:
    _ = voice._
    if not choices:
        return Screen(_("No organization of your country has products on sale now."),
                      [[voice.button(_("« Group"), Action.GROUP, group_id)]])
    rows = [
        [voice.button(("✓ " if c.id in chosen else "")
                      + voice.ngettext("{name} ({count} product)", "{name} ({count} products)", c.offers).format(
                          name=c.name, count=c.offers),
                      Action.ROUND_ORGANIZATION, c.id)]
        for c in choices
    ]
    rows.append([voice.button(_("Next »"), Action.ROUND_ORGANIZATIONS_DONE),
                 voice.button(_("« Group"), Action.GROUP, group_id)])
    return Screen(_("🆕 New round. Which organizations' products does it include? Tap to choose, then Next."), rows)


def closing_options(place: GroupPlace, now: datetime) -> list[datetime]:
    """Tomorrow, in three days and in a week, at 20:00 in the group's time zone."""
    zone = ZoneInfo(place.time_zone)
    today = now.astimezone(zone).date()
    return [datetime.combine(today + timedelta(days=d), time(CLOSING_HOUR), zone) for d in CLOSING_DAYS]


def choose_closing(voice: Voice, place: GroupPlace, now: datetime) -> Screen:
    _ = voice._
    rows = [[voice.button(voice.moment(when, place.time_zone, place.country_code), Action.ROUND_CLOSING, int(when.timestamp()))]
            for when in closing_options(place, now)]
    return Screen(_("When does the round close? Choose, or write a day and time like “28/11 20:00”."), rows)


def choose_pickup_day(voice: Voice, place: GroupPlace, closes_at: datetime) -> Screen:
    _ = voice._
    closing_day = closes_at.astimezone(ZoneInfo(place.time_zone)).date()
    days = pickup_days(closing_day, place.pickup_weekday)
    rows = [[voice.button(voice.date(day), Action.ROUND_PICKUP_DAY, day.strftime("%Y%m%d"))] for day in days]
    return Screen(_("Closes {when}. On which day do members pick up?").format(
        when=voice.moment(closes_at, place.time_zone, place.country_code)), rows)


def choose_pickup_point(voice: Voice, place: GroupPlace, group_point: str) -> Screen:
    _ = voice._
    if group_point:
        return Screen(_("Where? Keep the group's place, or write another.\n{place}").format(place=group_point),
                      [[voice.button(_("Keep this place and open the round"), Action.ROUND_KEEP_PICKUP_POINT)]])
    return Screen(_("Where do members pick up? Write the place and time."))
