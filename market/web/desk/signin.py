"""/entrar: a browser signs in to the desk through the bot, with no password (market.services.people.web_sessions).

    GET  /entrar           what the desk is, and one button
    POST /entrar           a one-time code for this browser → /entrar/espera
    GET  /entrar/espera    the link to the bot and the code; the page moves on by itself to the desk once the
                           person says Yes in the bot (see REFRESH_SECONDS: a <meta http-equiv="refresh">, no script)
    POST /salir            signs this browser out
"""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

from market import clock
from market.rules.user_agents import browser_and_system
from market.services.people.web_sessions import LoginState, collect_login, sign_out, start_login
from market.web.desk.common import read_form, render, see_other
from market.web.desk.session import CSRF_FIELD, browser_secret, csrf_ok, current_person, sign_in_browser
from market.web.pages.common import telegram_link

routes = web.RouteTableDef()
HOME = "/escritorio"
# The waiting page moves on by itself without a script: <meta http-equiv="refresh"> every REFRESH_SECONDS while the
# code waits. Lighthouse's accessibility audit fails any timed refresh (axe's meta-refresh, WCAG 2.2.1): the page
# offers `?manual=1`, the same page without it, for whoever prefers to check by hand (a time limit they can turn
# off). A 0-second refresh whose request waited for the Yes would pass the audit, but a phone that leaves the
# browser for Telegram cancels that request, and the page would then never move on.
REFRESH_SECONDS = 5


def _next(value: object) -> str:
    """Where to go once signed in: a desk page of this site, never elsewhere ("//evil.example" is elsewhere)."""
    if isinstance(value, str) and value.startswith(HOME) and not value.startswith("//") and "\\" not in value:
        return value[:500]
    return HOME


@routes.get("/entrar")
async def sign_in_page(request: web.Request) -> web.StreamResponse:
    if await current_person(request) is not None:
        raise see_other(request, _next(request.query.get("next")))
    await browser_secret(request)  # the form's CSRF token needs it
    return await render("desk/sign_in.html", request, {"next": _next(request.query.get("next"))})


@routes.post("/entrar")
async def ask_for_code(request: web.Request) -> web.StreamResponse:
    form = await read_form(request)
    token = form.get(CSRF_FIELD)
    if not await csrf_ok(request, token if isinstance(token, str) else None):
        raise web.HTTPForbidden()
    browser, system = browser_and_system(request.headers.get("User-Agent"))
    started = await start_login(await browser_secret(request), browser, system, now=clock.now())
    session = await get_session(request)
    session["login"] = started.code
    session["next"] = _next(form.get("next"))
    raise see_other(request, "/entrar/espera")


@routes.get("/entrar/espera")
async def waiting(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    code = session.get("login")
    if not isinstance(code, str):
        raise see_other(request, "/entrar")
    secret = await browser_secret(request)
    manual = request.query.get("manual") == "1"
    outcome = await collect_login(code, secret, now=clock.now())
    if outcome.state is LoginState.APPROVED and outcome.token is not None:
        target = _next(session.pop("next", None))
        await sign_in_browser(request, outcome.token)
        raise see_other(request, target)
    if outcome.state is not LoginState.WAITING:
        session.pop("login", None)
    context = {
        "state": str(outcome.state), "code": code, "manual": manual, "refresh": REFRESH_SECONDS,
        "bot_link": telegram_link(request, f"login_{code}"),
    }
    return await render("desk/waiting.html", request, context)


@routes.post("/salir")
async def sign_out_here(request: web.Request) -> web.StreamResponse:
    form = await read_form(request)
    token = form.get(CSRF_FIELD)
    if not await csrf_ok(request, token if isinstance(token, str) else None):
        raise web.HTTPForbidden()
    person = await current_person(request)
    session = await get_session(request)
    if person is not None:
        await sign_out(person.person_id, person.session_id, now=clock.now())
    session.invalidate()
    raise see_other(request, "/entrar")
