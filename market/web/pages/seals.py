"""Seal verification: type a code, or scan the QR code a producer printed, and see what the seal says today."""

from __future__ import annotations

import io
from collections.abc import Callable

import segno
from aiohttp import web
from markupsafe import Markup, escape

from market import clock
from market.enums import ReviewDecision, ReviewerRole, SealEventKind
from market.errors import NotFound
from market.presentation.labels import N_
from market.rules.seals import ConditionStatus
from market.seal_codes import format_seal_code, normalize_seal_code
from market.services.seals.history import Condition, Event, SealHistory, Signer, Visit
from market.services.seals.verification import verify_seal
from market.web.keys import SETTINGS
from market.web.pages.common import Formats, link_maker, path_segment, render, translator, visitor_locale

routes = web.RouteTableDef()

# Longer than any code with separators; more is not a code, and the page need not echo it.
MAX_SHOWN = 40

# A visit's heading by its decision and whether it set conditions.
VISIT_HEADINGS = {
    (ReviewDecision.GRANT, False): N_("{date}: seal granted"),
    (ReviewDecision.GRANT, True): N_("{date}: seal granted with conditions"),
    (ReviewDecision.RENEW, False): N_("{date}: seal renewed"),
    (ReviewDecision.RENEW, True): N_("{date}: seal renewed with conditions"),
}
EVENT_HEADINGS = {
    SealEventKind.REQUESTED: N_("{date}: visit requested"),
    SealEventKind.SUSPENDED: N_("{date}: seal suspended"),
    SealEventKind.REINSTATED: N_("{date}: seal reinstated"),
    SealEventKind.REVOKED: N_("{date}: seal revoked"),
    SealEventKind.CONDITION_MET: N_("{date}: a condition was met"),
}
# A signer by role, whether they agreed to be named, and whether they come from an organization.
SIGNERS = {
    (ReviewerRole.PRODUCER, False, False): N_("a producer"),
    (ReviewerRole.PRODUCER, False, True): N_("a producer of {organization}"),
    (ReviewerRole.PRODUCER, True, False): N_("{name}, producer"),
    (ReviewerRole.PRODUCER, True, True): N_("{name}, producer of {organization}"),
    (ReviewerRole.CONSUMER, False, False): N_("a consumer"),
    (ReviewerRole.CONSUMER, False, True): N_("a consumer of {organization}"),
    (ReviewerRole.CONSUMER, True, False): N_("{name}, consumer"),
    (ReviewerRole.CONSUMER, True, True): N_("{name}, consumer of {organization}"),
    (ReviewerRole.TECHNICIAN, False, False): N_("a technician"),
    (ReviewerRole.TECHNICIAN, False, True): N_("a technician of {organization}"),
    (ReviewerRole.TECHNICIAN, True, False): N_("{name}, technician"),
    (ReviewerRole.TECHNICIAN, True, True): N_("{name}, technician of {organization}"),
}
CONDITIONS = {
    ConditionStatus.MET: N_("{condition} (due {due}): met on {met}"),
    ConditionStatus.PENDING: N_("{condition} (due {due}): pending"),
    ConditionStatus.PAST_DUE: N_("{condition} (due {due}): past due"),
}


@routes.get("/sellos", name="seals")
async def seal_form(request: web.Request) -> web.Response:
    """The form to type a code; a typed code goes on to its own page, whose address a QR code can hold."""
    code = normalize_seal_code(request.query.get("codigo", ""))
    if code:
        link = link_maker(visitor_locale(request))
        raise web.HTTPSeeOther(link(f"/sellos/{path_segment(code[:MAX_SHOWN])}"))
    return render("seal_form.html", request, {})


@routes.get("/sellos/{code}", name="seal")
async def seal(request: web.Request) -> web.Response:
    """What a seal says today; an unknown code is a plain "not found" page (404)."""
    typed = request.match_info["code"]
    try:
        verification = await verify_seal(typed, today=clock.today())
    except NotFound:
        shown = "".join(c for c in normalize_seal_code(typed) if c.isprintable())[:MAX_SHOWN]
        return render("seal_not_found.html", request, {"code": shown}, status=404)
    locale = visitor_locale(request)
    return render("seal.html", request, {
        "seal": verification, "shown_code": format_seal_code(verification.code),
        "history": _history(verification.history, locale),
    })


@routes.get("/sellos/{code}/qr.svg", name="seal_qr")
async def seal_qr(request: web.Request) -> web.Response:
    """A QR code of the seal's page, to print on a label: drawn here, so the page needs no script."""
    try:
        verification = await verify_seal(request.match_info["code"], today=clock.today())
    except NotFound:
        raise web.HTTPNotFound() from None
    url = f"{request.app[SETTINGS].public_url}/sellos/{verification.code}"
    svg = io.BytesIO()
    # No fixed size (a viewBox): the page and the printer scale it. Level M survives a smudged
    # or creased label; the 4-module quiet zone is what scanners expect.
    segno.make(url, error="m").save(svg, kind="svg", border=4, xmldecl=False, omitsize=True, title=url)
    return web.Response(
        body=svg.getvalue(), content_type="image/svg+xml",
        # The code never changes what it points at: a printed label stays valid.
        headers={"Cache-Control": "public, max-age=86400"},
    )


def _history(history: SealHistory, locale: str) -> list[dict[str, object]]:
    """The timeline in the visitor's words, newest first: each entry a heading and its lines (escaped HTML)."""
    _, f, link = translator(locale).gettext, Formats(locale), link_maker(locale)
    entries: list[dict[str, object]] = []
    for entry in history.timeline():
        if isinstance(entry, Event):
            reason = _("Reason: {reason}").format(reason=entry.reason) if entry.reason else ""
            entries.append({"heading": _(EVENT_HEADINGS[entry.kind]).format(date=f.date(entry.on)),
                            "reason": reason})
        else:
            entries.append(_visit(entry, _, f, link))
    return entries


def _visit(visit: Visit, _: Callable[[str], str], f: Formats, link: Callable[..., str]) -> dict[str, object]:
    ngettext = translator(f.locale).ngettext
    when = _("Visit on {visited}, decided on {decided}.").format(
        visited=f.date(visit.visited_on), decided=f.date(visit.decided_on)
    ) if visit.decided_on else _("Visit on {visited}.").format(visited=f.date(visit.visited_on))
    if visit.checklist_version is None:
        checklist = _("No checklist")
    else:
        counts = [ngettext("%(num)d norm verified", "%(num)d norms verified", visit.norms_verified)
                  % {"num": visit.norms_verified}]
        if visit.norms_not_applicable:
            counts.append(ngettext("%(num)d does not apply", "%(num)d do not apply", visit.norms_not_applicable)
                          % {"num": visit.norms_not_applicable})
        if visit.norms_not_met:
            counts.append(ngettext("%(num)d not met", "%(num)d not met", visit.norms_not_met)
                          % {"num": visit.norms_not_met})
        checklist = _("Checklist version {version}: {counts}").format(
            version=visit.checklist_version, counts=", ".join(counts)
        )
    return {
        "heading": _(VISIT_HEADINGS[visit.decision, bool(visit.conditions)]).format(date=f.date(visit.on)),
        "when": when, "checklist": checklist,
        "signers": [_signer(s, _, link) for s in visit.signers],
        "conditions": [_condition(c, _, f) for c in visit.conditions],
    }


def _signer(signer: Signer, _: Callable[[str], str], link: Callable[..., str]) -> Markup:
    """"a producer of <a>CORACA Irupana</a>": the organization linked when it has a public page."""
    organization: Markup | str = ""
    if signer.organization is not None:
        org = signer.organization
        organization = Markup('<a href="{}">{}</a>').format(
            link(f"/organizaciones/{path_segment(org.slug)}"), org.name
        ) if org.public else org.name
    words = SIGNERS[signer.role, signer.name is not None, signer.organization is not None]
    return escape(_(words)).format(name=signer.name or "", organization=organization)


def _condition(condition: Condition, _: Callable[[str], str], f: Formats) -> str:
    return _(CONDITIONS[condition.status]).format(
        condition=condition.text, due=f.date(condition.due_on),
        met=f.date(condition.met_on) if condition.met_on else "",
    )
