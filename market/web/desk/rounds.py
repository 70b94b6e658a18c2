"""A round at a group's desk: its packs (open) or bulk orders and bills (closed), extending it, closing it now.

The bot's services and rules (bot/flows/rounds.py, round_settlement.py): extend_round refuses a close that is
not later, or that falls on or after the pickup day unless the pickup day moves too; close_round closes once,
and a second close (a repeated post, another coordinator, the timer) changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from aiohttp import web

from market import clock
from market.enums import RoundStatus
from market.errors import Conflict, Invalid
from market.rules.moments import parse_moment
from market.services.groups.rounds.bills import get_bulk_orders
from market.services.groups.rounds.closing import close_round, extend_round
from market.services.groups.rounds.queries import pickup_list, round_board
from market.services.groups.rounds.setup import GroupPlace, organization_names
from market.services.groups.rounds.views import RoundView
from market.web.desk.common import FORM, PERSON, desk_view, refusal_words, render, see_other
from market.web.desk.groups import (
    FIELD_OF,
    ROUND_STATUS,
    as_typed,
    bad_day,
    coordinated_group,
    group_path,
    read_day,
    round_of_group,
)

routes = web.RouteTableDef()

ROUND = "/escritorio/grupo/{slug}/rondas/{round_id:[0-9]{1,9}}"
EXTENSION = timedelta(days=1)  # the extension the form suggests: the bot's first button


def _context(request: web.Request, place: GroupPlace, order_round: RoundView, **more: Any) -> dict[str, Any]:
    base = group_path(request)
    return {"place": place, "round": order_round, "statuses": ROUND_STATUS, "base": base,
            "round_path": f"{base}/rondas/{order_round.id}", **more}


@routes.get(ROUND)
@desk_view
async def round_page(request: web.Request) -> web.StreamResponse:
    """Open: every offer's packs, by producer. Closed or settled: each producer's bulk order, each member's bill."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    person_id = request[PERSON].person_id
    names = await organization_names([o.organization_id for o in order_round.offers])
    context = _context(request, place, order_round, names=names, offers={o.id: o for o in order_round.offers})
    if order_round.status in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        context["bulk_orders"] = await get_bulk_orders(order_round.id, viewer_person_id=person_id)
        context["listing"] = await pickup_list(order_round.id, by_person_id=person_id)
    else:
        board = await round_board(order_round.id, person_id=person_id)
        by_producer: defaultdict[int, list[Any]] = defaultdict(list)
        for line in board.offers:
            by_producer[line.offer.organization_id].append(line)
        context["producers"] = sorted(by_producer.items(), key=lambda item: names.get(item[0], ""))
    return await render("desk/group/round.html", request, context)


@routes.get(ROUND + "/extender")
@desk_view
async def extend_form(request: web.Request) -> web.StreamResponse:
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    values = {"closes": as_typed(order_round.closes_at + EXTENSION, place.time_zone),
              "pickup_on": order_round.pickup_on.isoformat() if order_round.pickup_on else ""}
    return await render("desk/group/extend.html", request,
                        _context(request, place, order_round, values=values, errors={}))


@routes.post(ROUND + "/extender")
@desk_view
async def extend(request: web.Request) -> web.StreamResponse:
    """Extend; the same post again finds the round already closing then, and changes nothing."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    form = request[FORM]
    values = {name: str(form.get(name, "")).strip() for name in ("closes", "pickup_on")}
    here = f"{group_path(request)}/rondas/{order_round.id}"
    pickup_on = read_day(values["pickup_on"]) if values["pickup_on"] else None
    if values["pickup_on"] and pickup_on is None:
        return await _extend_again(request, place, order_round, values, {"pickup_on": bad_day(request)}, 400)
    try:
        closes_at = parse_moment(values["closes"], place.time_zone, clock.now())
        if closes_at != order_round.closes_at:  # else: extended to this time already (the same post again)
            await extend_round(order_round.id, by_person_id=request[PERSON].person_id, closes_at=closes_at,
                               pickup_on=pickup_on if pickup_on != order_round.pickup_on else None)
    except (Invalid, Conflict) as refused:
        errors = {FIELD_OF.get(refused.code, "form"): refusal_words(request, refused)}
        return await _extend_again(request, place, order_round, values, errors,
                                   409 if isinstance(refused, Conflict) else 400)
    raise see_other(request, here)


async def _extend_again(request: web.Request, place: GroupPlace, order_round: RoundView, values: dict[str, str],
                        errors: dict[str, str], status: int) -> web.Response:
    """The extension's form again, with what was typed and what is wrong with it."""
    return await render("desk/group/extend.html", request,
                        _context(request, place, order_round, values=values, errors=errors), status=status)


@routes.get(ROUND + "/cerrar")
@desk_view
async def close_question(request: web.Request) -> web.StreamResponse:
    """What cannot be undone is asked first, as in the bot."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    return await render("desk/group/close.html", request, _context(request, place, order_round))


@routes.post(ROUND + "/cerrar")
@desk_view
async def close(request: web.Request) -> web.StreamResponse:
    """Close once: a second post (or another coordinator, or the timer) finds it closed and changes nothing."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    await close_round(order_round.id, by_person_id=request[PERSON].person_id)
    raise see_other(request, f"{group_path(request)}/rondas/{order_round.id}")
