"""A PGS network's committee at the desk: its home, its visits with their records, and the decision on a visit.

    GET  /escritorio/red/{slug}                            what waits: requests, visits proposed, seals ending, overdue
    GET  /escritorio/red/{slug}/visitas                    every visit of the network
    GET  /escritorio/red/{slug}/visitas/{id}               a visit's record: signatures, checklist, decision
    POST /escritorio/red/{slug}/visitas/{id}/decidir       grant (or renew), grant with conditions, or deny

Only the network's committee (the line the bot's /comite draws: a plain reviewer is not on it) opens these pages;
anyone else gets a 403. The record and the decision are the bot's own (market.services.seals.decisions): a
committee member of the visited organization is refused them, as in the chat. The seals' pages are in
market.web.desk.network_pages and .network_seal, the reviewers' in .network_reviewers, the checklist's in
.network_checklist.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from market.enums import (
    NormAnswer,
    ReviewDecision,
    ReviewStage,
    SealEventKind,
    SignatureStatus,
    VisitProposal,
    VisitRequestStatus,
)
from market.errors import Conflict, Invalid
from market.presentation.labels import MISSING_SIGNATURES, N_, REVIEWER_ROLES, SEAL_STATUS
from market.services.seals.committee_pages import (
    DeskNetwork,
    network_at,
    network_home,
    network_visit,
    network_visits,
    on_committee,
)
from market.services.seals.decisions import Condition, decide_visit
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
from market.web.pages.common import translator

routes = web.RouteTableDef()

NETWORK = "/escritorio/red/{slug:[a-z0-9-]{1,64}}"
VISIT = NETWORK + "/visitas/{review_id:[0-9]{1,9}}"
CONDITION_ROWS = 3  # the empty rows the form offers for conditions the committee writes itself

# The names on these pages of the codes they show (message ids; the bot's where the bot shows the same code).
LABELS: dict[str, dict[Any, str]] = {
    "role": dict(REVIEWER_ROLES),
    "seal": dict(SEAL_STATUS),
    "stage": {ReviewStage.DRAFT: N_("being filled in"), ReviewStage.SIGNING: N_("waiting for signatures"),
              ReviewStage.PROPOSED: N_("with the committee"), ReviewStage.DECIDED: N_("decided"),
              ReviewStage.WITHDRAWN: N_("withdrawn")},
    "decision": {ReviewDecision.PENDING: N_("No decision yet"), ReviewDecision.GRANT: N_("Seal granted"),
                 ReviewDecision.RENEW: N_("Seal renewed"), ReviewDecision.DENY: N_("Seal denied")},
    "proposal": {VisitProposal.GRANT: N_("grant the seal"), VisitProposal.CONDITIONS: N_("grant it with conditions"),
                 VisitProposal.DENY: N_("deny the seal")},
    "answer": {NormAnswer.YES: N_("Met"), NormAnswer.NO: N_("Not met"), NormAnswer.NOT_APPLICABLE: N_("Does not apply")},
    "signature": {SignatureStatus.AGREED: N_("Agrees"), SignatureStatus.DISAGREED: N_("Disagrees"),
                  SignatureStatus.INVITED: N_("Has not answered")},
    "event": {SealEventKind.REQUESTED: N_("Visit requested"), SealEventKind.GRANTED: N_("Granted"),
              SealEventKind.RENEWED: N_("Renewed"), SealEventKind.SUSPENDED: N_("Suspended"),
              SealEventKind.REINSTATED: N_("Reinstated"), SealEventKind.REVOKED: N_("Revoked"),
              SealEventKind.CONDITION_MET: N_("A condition met")},
    "request": {VisitRequestStatus.OPEN: N_("Waiting for a reviewer"), VisitRequestStatus.TAKEN: N_("Taken"),
                VisitRequestStatus.DONE: N_("Visited"), VisitRequestStatus.WITHDRAWN: N_("Withdrawn")},
}
# A person who asked Feria to forget them keeps their place in a visit's record, without a name (as in the bot).
FORMER_MEMBER = N_("Former member")


async def committee_of(request: web.Request) -> DeskNetwork:
    """The network of the address, for a member of its committee; a 404 for no network, a 403 for anyone else."""
    network = await network_at(request.match_info["slug"])
    forbidden_unless(await on_committee(network.id, request[PERSON].person_id))
    return network


async def show(template: str, request: web.Request, network: DeskNetwork, context: dict[str, Any], *,
               status: int = 200) -> web.Response:
    """A page of the network's desk: its name and address, and the labels of the codes it shows."""
    return await render(template, request, {"network": network, "labels": LABELS, "former": FORMER_MEMBER, **context},
                        status=status)


@routes.get(NETWORK)
@desk_view
async def home(request: web.Request) -> web.StreamResponse:
    """What waits for the committee."""
    network = await committee_of(request)
    waiting = await network_home(network.id, by_person_id=request[PERSON].person_id)
    return await show("desk/network/home.html", request, network, {"home": waiting})


@routes.get(NETWORK + "/visitas")
@desk_view
async def visits(request: web.Request) -> web.StreamResponse:
    network = await committee_of(request)
    lines = await network_visits(network.id, by_person_id=request[PERSON].person_id)
    return await show("desk/network/visits.html", request, network, {"visits": lines})


@routes.get(VISIT)
@desk_view
async def visit(request: web.Request) -> web.StreamResponse:
    """A visit's record, with the decision form while it waits for one."""
    return await visit_page(request, await committee_of(request))


async def visit_page(request: web.Request, network: DeskNetwork, *, form: MultiDictProxy[Any] | None = None,
                     error: str | None = None, errors: dict[str, str] | None = None,
                     status: int = 200) -> web.Response:
    record = await network_visit(network.id, int(request.match_info["review_id"]),
                                 by_person_id=request[PERSON].person_id)
    _ = translator(desk_locale(request)).gettext
    missing = _(" and ").join(_(MISSING_SIGNATURES.get(code, code)) for code in record.refusals)
    context = {"record": record, "missing": missing, "form": form or {}, "error": error, "errors": errors or {},
               "rows": range(1, CONDITION_ROWS + 1), "done": request.query.get("hecho") == "1"}
    return await show("desk/network/visit.html", request, network, context, status=status)


@routes.post(VISIT + "/decidir")
@desk_view
async def decide(request: web.Request) -> web.StreamResponse:
    """The committee's decision, once: a second post finds the visit decided and says so (nothing changes)."""
    network = await committee_of(request)
    review_id, form = int(request.match_info["review_id"]), request[FORM]
    await network_visit(network.id, review_id, by_person_id=request[PERSON].person_id)  # a 404 for another's
    _ = translator(desk_locale(request)).gettext
    verdict = form.get("verdict")
    if verdict not in set(VisitProposal):
        return await visit_page(request, network, form=form, error=_("Choose a decision."), status=400)
    conditions, errors = typed_conditions(form, desk_locale(request)) if verdict == VisitProposal.CONDITIONS else ([], {})
    if errors:
        return await visit_page(request, network, form=form, errors=errors, status=400)
    try:
        await decide_visit(review_id, VisitProposal(verdict), by_person_id=request[PERSON].person_id,
                           reason=str(form.get("reason", "")), conditions=conditions or None)
    except (Invalid, Conflict) as refused:
        status = 409 if isinstance(refused, Conflict) else 400
        return await visit_page(request, network, form=form, error=refusal_words(request, refused), status=status)
    raise see_other(request, f"/escritorio/red/{network.slug}/visitas/{review_id}?hecho=1")


def typed_conditions(form: MultiDictProxy[Any], locale: str) -> tuple[list[Condition], dict[str, str]]:
    """The conditions written in the form's rows (a text and the day it must be met by: a date field's 2027-03-15,
    or 15/03/2027 typed where a browser has no date field); each row's error by field."""
    words = translator(locale)
    _ = words.gettext
    conditions, errors = [], {}
    for row in range(1, CONDITION_ROWS + 1):
        text, due = str(form.get(f"condition_{row}", "")).strip(), str(form.get(f"due_{row}", "")).strip()
        if not text and not due:
            continue
        if not text:
            errors[f"condition_{row}"] = _("Write what must be done.")
            continue
        day = words.parse_date(due)
        if day is None:
            errors[f"due_{row}"] = _("Write the day it must be met by.")
            continue
        conditions.append(Condition(text, day))
    return conditions, errors
