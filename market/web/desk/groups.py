"""A purchasing group's desk, for its coordinators (its treasurers): its rounds, newest first, and opening one.

The same services and checks as the bot's (bot/flows/groups.py, round_setup.py): a page of a group is for
its active coordinators (`is_coordinator`), anyone else gets a 403. Opening a round asks what the bot asks,
on one form: the organizations whose offers it includes, the closing time in the group's time zone (typed as
in the chat, "28/11 20:00"), the pickup day and the pickup point.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from market import clock
from market.enums import RoundStatus
from market.errors import Invalid, NotFound
from market.presentation.labels import N_
from market.rules.moments import parse_moment
from market.rules.rounds import pickup_days
from market.services.groups.membership import get_group
from market.services.groups.rounds.queries import list_rounds
from market.services.groups.rounds.setup import (
    GroupPlace,
    OpenRound,
    group_place,
    offers_of,
    open_round,
    organizations_for_round,
    round_opened_since,
)
from market.services.groups.rounds.views import RoundView, get_round, is_coordinator
from market.web.desk.common import (
    FORM,
    PERSON,
    desk_locale,
    desk_view,
    forbidden_unless,
    refusal_words,
    render,
    see_other,
)
from market.web.pages.common import path_segment, translator

routes = web.RouteTableDef()

ROUNDS_SHOWN = 50
# Suggested closing, as the bot's middle button: in three days at 20:00 where the group lives.
CLOSING_IN_DAYS, CLOSING_HOUR = 3, 20
ROUND_STATUS = {
    RoundStatus.OPEN: N_("open"),
    RoundStatus.CLOSED: N_("closed"),
    RoundStatus.SETTLED: N_("settled"),
    RoundStatus.CANCELLED: N_("cancelled"),
}
# Which field of the form a refusal of the round's services is about (others go above the form).
FIELD_OF = {
    "bad_moment": "closes", "moment_past": "closes", "closes_at_in_past": "closes", "closes_at_not_later": "closes",
    "pickup_before_close": "pickup_on", "pickup_point_too_long": "pickup_point",
    "no_offers": "org", "mixed_currencies": "org", "offer_not_found": "org",
}
BAD_DATE = N_("Choose a day, like 2026-11-28.")


async def coordinated_group(request: web.Request) -> GroupPlace:
    """The group the page's slug names, for one of its coordinators: anyone else gets a 403 (no such group: 404)."""
    place = await group_place(slug=request.match_info["slug"])
    forbidden_unless(await is_coordinator(place.group_id, request[PERSON].person_id))
    return place


async def round_of_group(request: web.Request, place: GroupPlace) -> RoundView:
    """The round the page's id names, when it is one of this group's (another group's is not found here)."""
    order_round = await get_round(int(request.match_info["round_id"]))
    if order_round.group_id != place.group_id:
        raise NotFound("round_not_found")
    return order_round


def group_path(request: web.Request, tail: str = "") -> str:
    """The address of the page's group (and `tail` under it)."""
    return f"/escritorio/grupo/{path_segment(request.match_info['slug'])}{tail}"


def as_typed(moment: datetime, time_zone: str) -> str:
    """A moment as a person types it in the group's time zone: "28/11/2026 20:00" (what parse_moment reads)."""
    return moment.astimezone(ZoneInfo(time_zone)).strftime("%d/%m/%Y %H:%M")


def bad_day(request: web.Request) -> str:
    return translator(desk_locale(request)).gettext(BAD_DATE)


def read_day(text: str) -> date | None:
    """The day a date field posts ("2026-11-28"); None when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@routes.get("/escritorio/grupo/{slug}")
@desk_view
async def group_home(request: web.Request) -> web.StreamResponse:
    place = await coordinated_group(request)
    person_id = request[PERSON].person_id
    context = {
        "place": place, "group": await get_group(place.group_id, viewer_person_id=person_id),
        "rounds": await list_rounds(place.group_id, viewer_person_id=person_id, limit=ROUNDS_SHOWN),
        "statuses": ROUND_STATUS, "base": group_path(request),
    }
    return await render("desk/group/home.html", request, context)


@routes.get("/escritorio/grupo/{slug}/rondas/nueva")
@desk_view
async def new_round(request: web.Request) -> web.StreamResponse:
    place = await coordinated_group(request)
    group = await get_group(place.group_id, viewer_person_id=request[PERSON].person_id)
    now = clock.now()
    zone = ZoneInfo(place.time_zone)
    closing_day = now.astimezone(zone).date() + timedelta(days=CLOSING_IN_DAYS)
    closes = datetime.combine(closing_day, time(CLOSING_HOUR), zone)
    values = {
        "closes": as_typed(closes, place.time_zone),
        "pickup_on": pickup_days(closes.date(), place.pickup_weekday)[0].isoformat(),
        "pickup_point": group.pickup_point, "shown_at": str(int(now.timestamp())), "org": [],
    }
    return await _open_form(request, place, values, {})


@routes.post("/escritorio/grupo/{slug}/rondas/nueva")
@desk_view
async def open_new_round(request: web.Request) -> web.StreamResponse:
    """Open the round; posted again (a double press, a reload), the round the first post opened is shown."""
    place = await coordinated_group(request)
    person_id, form = request[PERSON].person_id, request[FORM]
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in
                              ("closes", "pickup_on", "pickup_point", "shown_at")}
    choices = {c.id for c in await organizations_for_round(place.group_id, by_person_id=person_id)}
    values["org"] = [int(v) for v in form.getall("org", []) if str(v).isdigit() and int(v) in choices]
    if values["shown_at"].isdigit():
        since = datetime.fromtimestamp(int(values["shown_at"]), timezone.utc)
        if (opened := await round_opened_since(place.group_id, person_id, since)) is not None:
            raise see_other(request, group_path(request, f"/rondas/{opened}"))
    errors: dict[str, str] = {}
    closes_at = pickup_on = None
    try:
        closes_at = parse_moment(values["closes"], place.time_zone, clock.now())
    except Invalid as refused:
        errors["closes"] = refusal_words(request, refused)
    if (pickup_on := read_day(values["pickup_on"])) is None:
        errors["pickup_on"] = bad_day(request)
    if not values["org"]:
        errors["org"] = refusal_words(request, Invalid("no_offers"))
    if errors or closes_at is None:
        return await _open_form(request, place, values, errors, status=400)
    try:
        opened_round = await open_round(OpenRound(
            place.group_id, closes_at=closes_at, offer_ids=tuple(await offers_of(values["org"])),
            pickup_point=values["pickup_point"], pickup_on=pickup_on,
        ), by_person_id=person_id)
    except (Invalid, NotFound) as refused:
        errors[FIELD_OF.get(refused.code, "form")] = refusal_words(request, refused)
        return await _open_form(request, place, values, errors, status=400)
    raise see_other(request, group_path(request, f"/rondas/{opened_round.id}"))


async def _open_form(request: web.Request, place: GroupPlace, values: dict[str, Any], errors: dict[str, str],
                     *, status: int = 200) -> web.Response:
    choices = await organizations_for_round(place.group_id, by_person_id=request[PERSON].person_id)
    context = {"place": place, "choices": choices, "values": values, "errors": errors, "base": group_path(request)}
    return await render("desk/group/open.html", request, context, status=status)
