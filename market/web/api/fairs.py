"""The ferias of the coming 60 days, by territory: /fairs, and /fairs?territory=<code> for a place and those in it."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.services.catalog.directory import territory_id
from market.services.prices.fair_calendar import WINDOW_DAYS, FairsInTerritory, upcoming_fairs
from market.services.prices.fairs import FairView
from market.web.api.common import PREFIX, answer
from market.web.api.params import Code, parse_query
from market.web.api.schemas import CODE, MOMENT, array, integer, nullable, obj, ref, text
from market.web.api.shapes import Json, moment, territory_ref

routes = web.RouteTableDef()

QUERY = (Code("territory", "Only the ferias of this territory and of the places in it (see /territories)."),)
# A feria is announced days ahead: a client may keep an answer five minutes.
CACHE_CONTROL = "public, max-age=300"


@routes.get(PREFIX + "/fairs", name="api-fairs")
async def fairs(request: web.Request) -> web.Response:
    """The ferias not over yet that start within 60 days, by territory, each by its first feria."""
    params = parse_query(request.query, QUERY)
    within = await territory_id(params["territory"]) if params["territory"] else None
    groups = await upcoming_fairs(now=clock.now(), within_territory_id=within)
    response = answer({"days": WINDOW_DAYS, "territories": [_group(group) for group in groups]})
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _group(group: FairsInTerritory) -> Json:
    return {"territory": territory_ref(group.territory_code, group.territory_name, group.fairs[0].country_code),
            "fairs": [_fair(fair) for fair in group.fairs]}


def _fair(fair: FairView) -> Json:
    return {
        "id": fair.id, "title": fair.title, "starts_at": moment(fair.starts_at), "ends_at": moment(fair.ends_at),
        "time_zone": fair.time_zone, "place": fair.place, "participants": fair.participants,
        "announced_by": {"name": fair.announced_by, "organization_slug": fair.organization_slug},
    }


SCHEMAS = {
    "FairList": obj(
        days=integer("How many days ahead the list looks."),
        territories=array(obj(territory=ref("TerritoryRef"), fairs=array(ref("Fair")))),
    ),
    "Fair": obj(
        id=integer(minimum=1), title=text(), starts_at=MOMENT,
        ends_at=nullable(text("When it closes; null when the announcer did not say.", format="date-time")),
        time_zone=text("IANA time zone of its territory: show its moments there."),
        place=text("Where, as the announcer wrote it."), participants=text("Who takes part, as written; may be empty."),
        announced_by=obj(name=text("The organization's or the PGS network's name."),
                         organization_slug=nullable({**CODE, "description": "The announcing organization's slug; "
                                                                             "null when a network announced it."})),
    ),
}
