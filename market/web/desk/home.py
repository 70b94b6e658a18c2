"""/escritorio: what the signed-in person can open at the desk, and the browsers signed in as them."""

from __future__ import annotations

from aiohttp import web

from market import clock
from market.services.people.roles import desk_roles
from market.services.people.web_sessions import browser_sessions, sign_out
from market.web.desk.common import PERSON, desk_view, render, see_other

routes = web.RouteTableDef()


@routes.get("/escritorio")
@desk_view
async def home(request: web.Request) -> web.StreamResponse:
    person = request[PERSON]
    context = {
        "roles": await desk_roles(person.person_id),
        "browsers": await browser_sessions(person.person_id, now=clock.now()),
        "this_session": person.session_id,
    }
    return await render("desk/home.html", request, context)


@routes.post("/escritorio/navegadores/{session_id:[0-9]{1,9}}/cerrar")
@desk_view
async def sign_out_browser(request: web.Request) -> web.StreamResponse:
    """Sign one of the person's browsers out (another person's is not theirs to close: nothing happens)."""
    person = request[PERSON]
    await sign_out(person.person_id, int(request.match_info["session_id"]), now=clock.now())
    raise see_other(request, "/escritorio")
