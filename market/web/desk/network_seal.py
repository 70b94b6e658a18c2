"""One seal at the committee's desk: its page, and acting on it as the bot's /comite does.

    GET  /escritorio/red/{slug}/sellos/{id}                               the seal: conditions, history, visits
    GET  /escritorio/red/{slug}/sellos/{id}/{suspender|reinstaurar|revocar}   the action's page: its reason, a confirmation
    POST the same address                                                 the action, then back to the seal's page
    POST /escritorio/red/{slug}/sellos/{id}/condiciones/{cid}/cumplida    a condition of the grant found met

The bot's services and their checks (market.services.seals.reviews: suspend_seal, reinstate_seal, revoke_seal;
.desk: mark_condition_met): the network's committee only, never a member of the seal's organization (403); each
change is an event of the seal's history, and the organization's admins are told by the outbox as when the bot
acts. Suspending and revoking need a reason (buyers read it), reinstating takes one if written (as the bot's); each
asks to be confirmed. A seal no longer in the state the action needs (a second press, another member first) is
refused with the reason (409), changing nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import SealStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.presentation.labels import N_
from market.rules.reviews import SealAction, seal_transition
from market.services.seals.committee_pages import SealRecord, network_seal
from market.services.seals.desk import mark_condition_met, seal_page
from market.services.seals.reviews import REASON_LIMIT, reinstate_seal, revoke_seal, suspend_seal
from market.web.desk.committee import NETWORK, committee_of, show
from market.web.desk.common import FORM, PERSON, desk_view, refusal_words, see_other
from market.web.desk.role_common import words

routes = web.RouteTableDef()

SEAL = NETWORK + "/sellos/{seal_id:[0-9]{1,9}}"
ACTIONS = {"suspender": SealAction.SUSPEND, "reinstaurar": SealAction.REINSTATE, "revocar": SealAction.REVOKE}
REASON_NEEDED = {SealAction.SUSPEND, SealAction.REVOKE}
_ACTION = "{action:suspender|reinstaurar|revocar}"
UNCONFIRMED = N_("Tick the box to confirm.")


async def _record(request: web.Request, network_id: int) -> SealRecord:
    """The seal of the address, of this network (another network's: 404)."""
    return await network_seal(network_id, int(request.match_info["seal_id"]), by_person_id=request[PERSON].person_id)


def offered(status: SealStatus) -> tuple[str, ...]:
    """The actions the seal's page offers for a seal as it reads today (market.rules.reviews.seal_transition)."""
    return tuple(name for name, action in ACTIONS.items() if _moves(status, action))


def _moves(status: SealStatus, action: SealAction) -> bool:
    try:
        seal_transition(status, action)
    except Conflict:
        return False
    return True


@routes.get(SEAL)
@desk_view
async def seal(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    return await seal_view(request, network, await _record(request, network.id))


async def seal_view(request: web.Request, network: Any, record: SealRecord, *, error: str | None = None,
                    status: int = 200) -> web.Response:
    may_act = True
    try:
        await seal_page(record.seal.id, by_person_id=request[PERSON].person_id, acting=True)
    except Forbidden:  # a member of the seal's organization reads the seal and may not act on it
        may_act = False
    context = {"record": record, "actions": offered(record.seal.status) if may_act else (), "may_act": may_act,
               "error": error, "done": request.query.get("hecho", "")}
    return await show("desk/network/seal.html", request, network, context, status=status)


@routes.get(SEAL + "/" + _ACTION)
@desk_view
async def action_page(request: web.Request) -> web.StreamResponse:
    """The action's page: what it does, the reason, and the confirmation; refused (409) when the seal cannot move so."""
    network = await committee_of(request)
    record = await _record(request, network.id)
    await seal_page(record.seal.id, by_person_id=request[PERSON].person_id, acting=True)  # 403 for a member
    name = request.match_info["action"]
    if name not in offered(record.seal.status):
        return await _refused(request, network, record, ACTIONS[name])
    return await _action_view(request, network, record, {})


@routes.post(SEAL + "/" + _ACTION)
@desk_view
async def act(request: web.Request) -> web.StreamResponse:
    """Suspend, reinstate or revoke, once: the reason checked as the service checks it, the confirmation ticked."""
    network = await committee_of(request)
    record = await _record(request, network.id)
    await seal_page(record.seal.id, by_person_id=request[PERSON].person_id, acting=True)
    name, form = request.match_info["action"], request[FORM]
    action, reason = ACTIONS[name], str(form.get("reason", "")).strip()
    if name not in offered(record.seal.status):
        return await _refused(request, network, record, action)
    errors = {}
    if action in REASON_NEEDED and not reason:
        errors["reason"] = refusal_words(request, Invalid("reason_missing"))
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = refusal_words(request, Invalid("reason_too_long", limit=REASON_LIMIT))
    if form.get("sure") != "1":
        errors["sure"] = words(request, UNCONFIRMED)
    if errors:
        return await _action_view(request, network, record, {"reason": reason, "errors": errors}, status=400)
    person_id = request[PERSON].person_id
    try:
        if action == SealAction.SUSPEND:
            await suspend_seal(record.seal.code, reason=reason, acting_person_id=person_id)
        elif action == SealAction.REINSTATE:
            await reinstate_seal(record.seal.code, reason=reason, acting_person_id=person_id)
        else:
            await revoke_seal(record.seal.code, reason=reason, acting_person_id=person_id)
    except Conflict as refused:  # another member acted a moment before
        return await seal_view(request, network, await _record(request, network.id),
                               error=refusal_words(request, refused), status=409)
    raise see_other(request, f"/escritorio/red/{network.slug}/sellos/{record.seal.id}?hecho={name}")


async def _refused(request: web.Request, network: Any, record: SealRecord, action: SealAction) -> web.Response:
    """The seal's page saying why it cannot move so (suspended already, revoked…), with a 409."""
    try:
        seal_transition(record.seal.status, action)
        error = Conflict("seal_status_changed", seal_code=record.seal.code)
    except Conflict as refused:  # the rule's refusal, which names no seal: the page names it
        error = refused
    words = refusal_words(request, error, seal_code=record.seal.code)
    return await seal_view(request, network, record, error=words, status=409)


async def _action_view(request: web.Request, network: Any, record: SealRecord, extra: dict[str, Any], *,
                       status: int = 200) -> web.Response:
    context = {"record": record, "action": request.match_info["action"], "reason_needed":
               ACTIONS[request.match_info["action"]] in REASON_NEEDED, "reason_limit": REASON_LIMIT,
               "reason": "", "errors": {}, **extra}
    return await show("desk/network/seal_action.html", request, network, context, status=status)


@routes.post(SEAL + "/condiciones/{condition_id:[0-9]{1,9}}/cumplida")
@desk_view
async def condition_met(request: web.Request) -> web.StreamResponse:
    """A condition of the grant found met, once (the bot's button); the organization's admins are told."""
    network = await committee_of(request)
    record = await _record(request, network.id)
    condition_id = int(request.match_info["condition_id"])
    if condition_id not in {c.id for c in record.seal.conditions}:
        raise NotFound("condition_not_found")
    try:
        await mark_condition_met(condition_id, by_person_id=request[PERSON].person_id)
    except Conflict as refused:
        return await seal_view(request, network, record, error=refusal_words(request, refused), status=409)
    raise see_other(request, f"/escritorio/red/{network.slug}/sellos/{record.seal.id}?hecho=cumplida")
