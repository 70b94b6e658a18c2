"""An organization's board at the desk, for its admins: the seats, the term, every change its records hold, and what
the bot lets an admin change (market.services.organizations.board, as bot/flows/organization.py): name an admin,
hand over an office or one's seat, step down, record a re-election as it is, set how long a term lasts.

    GET  /escritorio/org/{slug}/junta                  ?hecho=changed|renewed|term
    GET  /escritorio/org/{slug}/junta/cambio           ?cambio=name_admin|presidency|treasury|seat&persona=ID
    POST /escritorio/org/{slug}/junta/cambio           cambio, persona, version
    GET  /escritorio/org/{slug}/junta/renunciar        (POST: version)   step down
    GET  /escritorio/org/{slug}/junta/renovar          (POST: version)   re-elected as it is
    POST /escritorio/org/{slug}/junta/mandato          meses

Each change is asked first on a page of its own, as the bot asks "Yes?". A form carries the number of the board's
records when it was read (`version`): once the board changed (the same form sent twice, another admin first), it
changes nothing and says so (409). The member another admin seats is told in the bot, by the outbox.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import BoardChange, BoardRole
from market.errors import Conflict, FeriaError, Forbidden, Invalid, NotFound
from market.presentation.labels import BOARD_ROLES, N_
from market.services.organizations.board import change_board, renew_board, set_term_months, step_down
from market.services.organizations.board_views import (
    Board,
    BoardHistory,
    board_candidates,
    board_history,
    get_candidate,
)
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import path_segment, translator

routes = web.RouteTableDef()
BOARD = f"/escritorio/org/{SLUG}/junta"
DONE = ("changed", "renewed", "term")
MAX_CANDIDATES = 500
# What each change asks, once a member is chosen (the bot's words): {name}, {organization}.
CONFIRM = {
    BoardChange.NAME_ADMIN: N_("Name {name} admin of {organization}? They will manage it with you."),
    BoardChange.PRESIDENCY: N_("Hand the presidency of {organization} to {name}? You stay on the board."),
    BoardChange.TREASURY: N_("Hand the treasury of {organization} to {name}? You stay on the board."),
    BoardChange.SEAT: N_("Hand your seat on the board of {organization} to {name}? They take it as it is, and you "
                         "leave the board (you stay a producer member)."),
}
CHOOSE = N_("Choose a member.")
CHANGED = N_("The board changed since you opened this page: look at it again.")


def board_path(request: web.Request) -> str:
    return f"/escritorio/org/{path_segment(request.match_info['slug'])}/junta"


async def _history(request: web.Request) -> tuple[Any, BoardHistory]:
    organization = await admin_organization(request)
    return organization, await board_history(organization.id, by_person_id=request[PERSON].person_id)


@routes.get(BOARD)
@desk_view
async def board_view(request: web.Request) -> web.StreamResponse:
    done = request.query.get("hecho", "")
    return await _board_page(request, done=done if done in DONE else "")


@routes.get(BOARD + "/cambio")
@desk_view
async def change_asked(request: web.Request) -> web.StreamResponse:
    """The bot's "Yes?" for a change with the member chosen; a member who cannot be chosen is said on the board."""
    organization, history = await _history(request)
    change = _change(request.query.get("cambio", ""))
    person = request.query.get("persona", "")
    if not person.isdigit() or len(person) > 9:
        return await _board_page(request, field_errors={change.value: _words(request, CHOOSE)},
                                 status=400)
    try:
        choice = await get_candidate(organization.id, change, int(person), by_person_id=request[PERSON].person_id)
    except NotFound as refused:
        return await _board_page(request, field_errors={change.value: refusal_words(request, refused)}, status=409)
    except Forbidden as refused:  # an office another admin holds now: its form is not on the page
        return await _board_page(request, refused=refused, status=409)
    words = translator(desk_locale(request))
    question = words.gettext(CONFIRM[change]).format(name=choice.candidate.name, organization=organization.name)
    return await render("desk/org/board_confirm.html", request, {
        "organization": organization, "question": question, "action": "cambio", "base": board_path(request),
        "fields": {"cambio": change.value, "persona": person, "version": history.records},
    })


@routes.post(BOARD + "/cambio")
@desk_view
async def change_made(request: web.Request) -> web.StreamResponse:
    """The seats change in one go; who handed their own seat over is off the board (and off this desk)."""
    organization, history = await _history(request)
    change = _change(str(request[FORM].get("cambio", "")))
    person = str(request[FORM].get("persona", ""))
    person_id = request[PERSON].person_id
    if stale := await _stale(request, history):
        return stale
    try:
        board = await change_board(organization.id, change, int(person) if person.isdigit() and len(person) < 10
                                   else 0, by_person_id=person_id)
    except (Conflict, NotFound, Forbidden, Invalid) as refused:
        return await _board_page(request, refused=refused, status=409)
    if board.seat_of(person_id) is None:
        return await _left(request, board, N_("You handed your seat over and left the board of {organization}."))
    raise see_other(request, f"{board_path(request)}?hecho=changed")


@routes.get(BOARD + "/renunciar")
@desk_view
async def step_down_asked(request: web.Request) -> web.StreamResponse:
    organization, history = await _history(request)
    words = translator(desk_locale(request))
    question = words.gettext("Step down from the board of {organization}? You stay a producer member.").format(
        organization=organization.name)
    viewer = history.board.seat_of(request[PERSON].person_id)
    if viewer is not None and viewer.role != BoardRole.ADMIN:
        office = words.gettext(BOARD_ROLES[viewer.role])
        question += " " + words.gettext("The {office} stays empty until an admin gives it to someone.").format(
            office=office.lower())
    return await _confirm(request, organization, history, question, "renunciar")


@routes.post(BOARD + "/renunciar")
@desk_view
async def stepped_down(request: web.Request) -> web.StreamResponse:
    """Never the last admin: they are told to hand their seat over instead (409)."""
    organization, history = await _history(request)
    if stale := await _stale(request, history):
        return stale
    try:
        board = await step_down(organization.id, by_person_id=request[PERSON].person_id)
    except Conflict as refused:
        return await _board_page(request, refused=refused, status=409)
    return await _left(request, board, N_("You stepped down from the board of {organization}. You are still one of "
                                          "its producers."))


@routes.get(BOARD + "/renovar")
@desk_view
async def renewal_asked(request: web.Request) -> web.StreamResponse:
    organization, history = await _history(request)
    words = translator(desk_locale(request))
    months = history.board.term_months
    question = words.ngettext(
        "Did the assembly re-elect the board of {organization} as it is? A new term of {count} month starts today.",
        "Did the assembly re-elect the board of {organization} as it is? A new term of {count} months starts today.",
        months).format(organization=organization.name, count=months)
    return await _confirm(request, organization, history, question, "renovar")


@routes.post(BOARD + "/renovar")
@desk_view
async def renewed(request: web.Request) -> web.StreamResponse:
    organization, history = await _history(request)
    if stale := await _stale(request, history):
        return stale
    await renew_board(organization.id, by_person_id=request[PERSON].person_id)
    raise see_other(request, f"{board_path(request)}?hecho=renewed")


@routes.post(BOARD + "/mandato")
@desk_view
async def term_set(request: web.Request) -> web.StreamResponse:
    """How long a term lasts, 1 to 60 months as the service says; anything else is said next to the field."""
    organization = await admin_organization(request)
    text = str(request[FORM].get("meses", "")).strip()
    try:
        await set_term_months(organization.id, int(text) if text.isdigit() and len(text) < 4 else 0,
                              by_person_id=request[PERSON].person_id)
    except Invalid as refused:
        return await _board_page(request, field_errors={"meses": refusal_words(request, refused)}, months=text,
                                 status=400)
    raise see_other(request, f"{board_path(request)}?hecho=term")


def _change(value: str) -> BoardChange:
    if value not in set(BoardChange):
        raise web.HTTPNotFound()
    return BoardChange(value)


def _words(request: web.Request, text: str) -> str:
    return translator(desk_locale(request)).gettext(text)


async def _stale(request: web.Request, history: BoardHistory) -> web.Response | None:
    """The board page saying it changed, when the form was read from another board than today's (409)."""
    if str(request[FORM].get("version", "")) == str(history.records):
        return None
    return await _board_page(request, message=_words(request, CHANGED), status=409)


async def _confirm(request: web.Request, organization: Any, history: BoardHistory, question: str,
                   action: str) -> web.Response:
    return await render("desk/org/board_confirm.html", request, {
        "organization": organization, "question": question, "action": action, "base": board_path(request),
        "fields": {"version": history.records},
    })


async def _left(request: web.Request, board: Board, text: str) -> web.Response:
    """After leaving the board: the board as it is now, without them (their desk of it closes here)."""
    words = translator(desk_locale(request))
    return await render("desk/org/board_left.html", request, {
        "board": board, "message": words.gettext(text).format(organization=board.organization_name),
        "board_roles": BOARD_ROLES,
    })


async def _board_page(request: web.Request, *, done: str = "", refused: FeriaError | None = None, message: str = "",
                      field_errors: dict[str, str] | None = None, months: str | None = None,
                      status: int = 200) -> web.Response:
    organization, history = await _history(request)
    person_id = request[PERSON].person_id
    board = history.board
    viewer = board.seat_of(person_id)
    changes: dict[str, Any] = {}
    for change in BoardChange:
        try:
            page = await board_candidates(organization.id, change, by_person_id=person_id, limit=MAX_CANDIDATES)
        except Forbidden:
            continue  # an office another admin holds: only they hand it over
        changes[change.value] = page.items
    return await render("desk/org/board.html", request, {
        "organization": organization, "board": board, "history": history, "viewer": viewer, "changes": changes,
        "done": done, "refusal": refusal_words(request, refused) if refused else message,
        "errors": field_errors or {}, "months": board.term_months if months is None else months,
        "base": board_path(request), "board_roles": BOARD_ROLES,
    }, status=status)
