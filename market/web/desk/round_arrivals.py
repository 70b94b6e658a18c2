"""What arrived of a closed round's bulk orders, recorded at the desk as in the bot (bot/flows/round_settlement.py):
when fewer units of a product arrive than were ordered, the members' takes and bills follow by the same first-come
rules, and each member whose bill changed is told by the bot (record_units_received, corrections.py).

    GET  /escritorio/grupo/{slug}/rondas/{id}/llegadas        ?cambiadas=<bills corrected>
    POST /escritorio/grupo/{slug}/rondas/{id}/llegadas        llegado-<round offer id>=<amount in the offer's unit>

An amount is typed in the offer's unit as in the chat ("7,5", "7,5 kg", "500 g"); a field left empty records
nothing. Every field is read before anything is recorded: one bad amount records none (400, each error next to its
field). The same amounts posted again change nothing (the service writes a correction only when a bill moves). A
round not closed, or settled already, records nothing and says so (409).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiohttp import web

from market.enums import RoundStatus
from market.errors import Conflict, FeriaError, Invalid
from market.presentation.labels import unit_name
from market.rules.orders import parse_quantity_of
from market.rules.units import in_order_units
from market.services.groups.rounds.arrivals import Arrival, round_arrivals
from market.services.groups.rounds.settlement import record_units_received
from market.services.groups.rounds.setup import GroupPlace, organization_names
from market.services.groups.rounds.views import RoundView
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.groups import ROUND_STATUS, coordinated_group, group_path, round_of_group
from market.web.desk.rounds import ROUND
from market.web.pages.common import Formats, translator

routes = web.RouteTableDef()

ARRIVALS = ROUND + "/llegadas"
FIELD = "llegado-{id}"
LONGEST = 40  # characters of an amount read


def say(request: web.Request, refused: FeriaError) -> str:
    """A refusal in the person's words, its numbers written as they write numbers and its unit named."""
    locale = desk_locale(request)
    formats, words = Formats(locale), translator(locale)
    shown = {name: formats.number(value) for name, value in refused.params.items() if isinstance(value, Decimal)}
    if isinstance(refused.params.get("unit"), str):
        shown["unit"] = unit_name(words.ngettext, refused.params["unit"], 2)
    return refusal_words(request, refused, **shown)


@routes.get(ARRIVALS)
@desk_view
async def arrivals_page(request: web.Request) -> web.StreamResponse:
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    changed = request.query.get("cambiadas", "")
    return await _show(request, place, order_round, {}, {},
                       changed=int(changed) if changed.isdigit() and len(changed) < 6 else None)


@routes.post(ARRIVALS)
@desk_view
async def record_arrivals(request: web.Request) -> web.StreamResponse:
    """Record every amount typed, or none; then the page again, saying how many bills were corrected."""
    place = await coordinated_group(request)
    order_round = await round_of_group(request, place)
    person_id = request[PERSON].person_id
    arrivals = await round_arrivals(order_round.id, viewer_person_id=person_id)
    form = request[FORM]
    values = {FIELD.format(id=a.offer.id): str(form.get(FIELD.format(id=a.offer.id), "")).strip()[:LONGEST]
              for a in arrivals}
    if order_round.status != RoundStatus.CLOSED:
        refused = Conflict("round_settled") if order_round.status == RoundStatus.SETTLED else Conflict(
            "round_not_closed", status=str(order_round.status))
        return await _show(request, place, order_round, values, {}, refusal=say(request, refused), status=409)
    units: dict[int, int] = {}
    errors: dict[str, str] = {}
    for arrival in arrivals:
        name = FIELD.format(id=arrival.offer.id)
        if not values[name]:
            continue
        try:
            amount = parse_quantity_of(values[name], arrival.offer.unit)
            units[arrival.offer.id] = in_order_units(amount, None, arrival.offer.unit,
                                                     arrival.offer.order_unit_quantity)
        except Invalid as refused:
            errors[name] = say(request, refused)
    if errors:
        return await _show(request, place, order_round, values, errors, status=400)
    changed = 0
    try:
        for arrival in arrivals:
            if arrival.offer.id in units and units[arrival.offer.id] != arrival.received:
                result = await record_units_received(order_round.id, arrival.offer.id, by_person_id=person_id,
                                                     units=units[arrival.offer.id])
                changed += len(result.changed_bills)
    except Conflict as refused:  # settled meanwhile by another coordinator
        return await _show(request, place, order_round, values, {}, refusal=say(request, refused), status=409)
    raise see_other(request, f"{group_path(request)}/rondas/{order_round.id}/llegadas?cambiadas={changed}")


async def _show(request: web.Request, place: GroupPlace, order_round: RoundView, values: dict[str, str],
                errors: dict[str, str], *, refusal: str = "", changed: int | None = None,
                status: int = 200) -> web.Response:
    arrivals = await round_arrivals(order_round.id, viewer_person_id=request[PERSON].person_id)
    names = await organization_names([a.offer.organization_id for a in arrivals])
    base = group_path(request)
    shown: dict[str, Any] = dict(values)
    locale = desk_locale(request)
    formats, words = Formats(locale), translator(locale)
    for arrival in arrivals:  # what was recorded, as the person would type it again
        name = FIELD.format(id=arrival.offer.id)
        if name not in shown and arrival.received is not None:
            shown[name] = formats.number(arrival.received * arrival.offer.order_unit_quantity)
    context = {
        "place": place, "round": order_round, "statuses": ROUND_STATUS, "base": base,
        "round_path": f"{base}/rondas/{order_round.id}", "arrivals": _by_producer(arrivals, names), "names": names,
        "values": shown, "errors": errors, "refusal": refusal, "changed": changed, "field_name": FIELD,
        "may_record": order_round.status == RoundStatus.CLOSED,
        "unit_names": {a.offer.id: unit_name(words.ngettext, a.offer.unit, 2) for a in arrivals},
    }
    return await render("desk/group/arrivals.html", request, context, status=status)


def _by_producer(arrivals: tuple[Arrival, ...], names: dict[int, str]) -> list[tuple[str, list[Arrival]]]:
    """The arrivals under their producers' names, as the bulk orders are sent."""
    grouped: dict[int, list[Arrival]] = {}
    for arrival in arrivals:
        grouped.setdefault(arrival.offer.organization_id, []).append(arrival)
    return sorted(((names.get(org, ""), items) for org, items in grouped.items()), key=lambda item: item[0])
