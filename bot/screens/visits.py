"""Visits in the bot: a reviewer's open requests and visits, the visit's card and each of its steps, and the
notices of a signature asked, a signature given and a visit proposed (requests: bot/screens/seal_requests.py)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.committee import missing as missing_words
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import NormAnswer, ReviewerRole, ReviewStage, SignatureStatus, VisitProposal
from market.presentation.labels import N_, REVIEWER_ROLES
from market.services.seals.requests import RequestView
from market.services.seals.signing import MyVisits
from market.services.seals.visits import NormLine, SignatureLine, VisitView

ANSWER_MARKS = {NormAnswer.YES: "✅", NormAnswer.NO: "❌", NormAnswer.NOT_APPLICABLE: "➖", None: "⬜"}
ANSWER_BUTTONS = ((NormAnswer.YES, N_("✅ Yes")), (NormAnswer.NO, N_("❌ No")),
                  (NormAnswer.NOT_APPLICABLE, N_("➖ Not applicable")))
PROPOSALS = {VisitProposal.GRANT: N_("Grant the seal"), VisitProposal.CONDITIONS: N_("Grant with conditions"),
             VisitProposal.DENY: N_("Deny the seal")}
STAGES = {ReviewStage.DRAFT: N_("being filled in"), ReviewStage.SIGNING: N_("waiting for signatures"),
          ReviewStage.PROPOSED: N_("with the committee"), ReviewStage.DECIDED: N_("decided"),
          ReviewStage.WITHDRAWN: N_("withdrawn")}


# Reviewers: /visitas
def visits_page(voice: Voice, requests: tuple[RequestView, ...], mine: MyVisits) -> Screen:
    _ = voice._
    lines, rows = [_("🌱 Visits")], []
    for v in mine.to_sign:
        lines.append(_("✍️ To sign: the visit to {organization}").format(organization=v.organization_name))
        rows.append([voice.button(_("✍️ {organization}").format(organization=v.organization_name), Action.VISIT, v.id)])
    for v in mine.leading:
        lines.append(_("📋 You lead the visit to {organization} ({stage})").format(
            organization=v.organization_name, stage=_(STAGES[v.stage])))
        rows.append([voice.button(_("📋 {organization}").format(organization=v.organization_name), Action.VISIT, v.id)])
    if requests:
        lines += ["", _("Organizations asking for a visit:")]
    for r in requests:
        lines.append(_("• {organization} asks «{network}»: {products}").format(
            organization=r.organization_name, network=r.network_name, products=", ".join(r.products)))
        rows.append([voice.button(_("🙋 Take · {organization}").format(organization=r.organization_name),
                                  Action.VISIT_TAKE, r.id)])
    if len(lines) == 1:
        lines.append(_("No organization is asking your networks for a visit now."))
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def visit_card(voice: Voice, visit: VisitView, viewer_id: int) -> Screen:
    """Everything recorded, the grant rule's state, and the buttons of whoever reads it."""
    _ = voice._
    rows = []
    v = visit.id
    if viewer_id == visit.lead_id and visit.stage == ReviewStage.DRAFT:
        rows = [[voice.button(_("📅 Day"), Action.VISIT_DATE, v), voice.button(_("🌾 Products"), Action.VISIT_PRODUCTS, v)],
                [voice.button(_("📋 Checklist"), Action.VISIT_NORM, v, _first_norm(visit)),
                 voice.button(_("📷 Photos"), Action.VISIT_PHOTOS, v)],
                [voice.button(_("📝 Findings"), Action.VISIT_FINDINGS, v),
                 voice.button(_("👥 Co-reviewers"), Action.VISIT_CO_REVIEWERS, v)],
                [voice.button(_("⚖️ Proposal"), Action.VISIT_PROPOSAL, v)],
                [voice.button(_("✍️ Send for signatures"), Action.VISIT_SEND, v)]]
    elif viewer_id == visit.lead_id and visit.stage == ReviewStage.SIGNING:
        rows = [[voice.button(_("👥 Invite another reviewer"), Action.VISIT_CO_REVIEWERS, v)],
                [voice.button(_("📨 Send to the committee"), Action.VISIT_TO_COMMITTEE, v)]]
    elif visit.stage == ReviewStage.SIGNING and any(
            s.person_id == viewer_id and s.status == SignatureStatus.INVITED for s in visit.signatures):
        rows = sign_buttons(voice, visit)
    if viewer_id == visit.lead_id and visit.stage in (ReviewStage.DRAFT, ReviewStage.SIGNING, ReviewStage.PROPOSED):
        rows.append([voice.button(_("✖ Withdraw the visit"), Action.VISIT_WITHDRAW, v)])
    rows.append([voice.button(_("🌱 Visits"), Action.VISITS)])
    return Screen(record(voice, visit), rows)


def record(voice: Voice, visit: VisitView) -> str:
    _ = voice._
    lines = [_("🌱 Visit to {organization} · {network} ({stage})").format(
        organization=visit.organization_name, network=visit.network_name, stage=_(STAGES[visit.stage])),
        _("📅 {day}").format(day=voice.date(visit.visited_on)),
        _("🌾 Products: {products}").format(products=", ".join(p.name for p in visit.products if p.visited))]
    if visit.checklist_version is None:
        lines.append(_("📋 The network has no checklist: the visit is recorded without norms."))
    else:
        lines.append(_("📋 Checklist, version {version}:").format(version=visit.checklist_version))
        lines += [f"{ANSWER_MARKS[n.answer]} {n.position}. {n.text}" + (f" — {n.observation}" if n.observation else "")
                  for n in visit.norms]
    lines.append(voice.ngettext("📷 {count} photo", "📷 {count} photos", visit.photos).format(count=visit.photos))
    if visit.findings:
        lines.append(_("📝 Findings: {findings}").format(findings=visit.findings))
    if visit.signatures:
        lines.append(_("👥 Reviewers:"))
        lines += [signature_line(voice, s) for s in visit.signatures]
    if visit.proposal is not None:
        lines.append(_("⚖️ Proposal: {proposal}").format(proposal=_(PROPOSALS[visit.proposal])))
        lines += [_("  {position}. {text} — by {day}").format(position=c.position, text=c.text,
                                                               day=voice.date(c.due_on)) for c in visit.conditions]
    lines.append(rule_state(voice, visit))
    return "\n".join(lines)


def signature_line(voice: Voice, s: SignatureLine) -> str:
    _ = voice._
    who = _("{name} ({role})").format(name=person_name(voice, s.name), role=_(REVIEWER_ROLES[s.role]))
    if s.organization_name:
        who = _("{name} ({role}, {organization})").format(name=person_name(voice, s.name),
                                                          role=_(REVIEWER_ROLES[s.role]),
                                                          organization=s.organization_name)
    if s.status == SignatureStatus.AGREED:
        return _("• ✅ {who}: agrees").format(who=who)
    if s.status == SignatureStatus.DISAGREED:
        return _("• ✋ {who}: does not agree — {reason}").format(who=who, reason=s.disagreement)
    return _("• ⏳ {who}: invited").format(who=who)


def rule_state(voice: Voice, visit: VisitView) -> str:
    """"Missing: …" over the signatures given (and, while a draft, those invited), or that they are enough."""
    missing = visit.missing_if_all_agree if visit.stage == ReviewStage.DRAFT else visit.missing
    if visit.proposal == VisitProposal.DENY:
        return voice._("A denial needs no particular signatures.")
    if not missing:
        return voice._("✅ The signatures are enough for a grant.")
    return voice._("Missing: {missing}.").format(missing=missing_words(voice, missing))


def sign_buttons(voice: Voice, visit: VisitView) -> list[list[InlineKeyboardButton]]:
    _ = voice._
    return [[voice.button(_("✅ I was at this visit and I agree"), Action.VISIT_AGREE, visit.id)],
            [voice.button(_("✋ I do not agree"), Action.VISIT_DISAGREE, visit.id)]]


# The lead's steps
def ask_date(voice: Voice, visit: VisitView) -> Screen:
    return Screen(voice._("📅 On what day was the visit to {organization}? Write it like {example}.").format(
        organization=visit.organization_name, example=voice.date_as_typed(visit.visited_on)))


def date_unreadable(voice: Voice, visit: VisitView) -> Screen:
    return Screen(voice._("I can't read that day. Write it like {example}.").format(
        example=voice.date_as_typed(visit.visited_on)))


def choose_products_visited(voice: Voice, visit: VisitView) -> Screen:
    _ = voice._
    rows = [[voice.button(("☑️ " if p.visited else "⬜ ") + p.name, Action.VISIT_PRODUCT, visit.id, p.id)]
            for p in visit.products]
    rows.append([voice.button(_("Continue »"), Action.VISIT_NORM, visit.id, _first_norm(visit))])
    return Screen(_("🌾 Which products did you visit? Press to mark or unmark."), rows)


def ask_norm(voice: Voice, visit: VisitView, norm: NormLine) -> Screen:
    _ = voice._
    text = _("📋 Norm {position} of {count}: {text}").format(position=norm.position, count=len(visit.norms),
                                                              text=norm.text)
    return Screen(text, [[voice.button(_(label), Action.VISIT_NORM_ANSWER, visit.id, norm.id, answer.value)
                          for answer, label in ANSWER_BUTTONS]])


def ask_observation(voice: Voice, visit: VisitView, norm: NormLine) -> Screen:
    return Screen(voice._("{mark} {position}. {text}\nAnything observed? Write it, or press Skip.").format(
        mark=ANSWER_MARKS[norm.answer], position=norm.position, text=norm.text),
        [[voice.button(voice._("Skip »"), Action.VISIT_NORM_SKIP, visit.id, norm.id)]])


def ask_photos(voice: Voice, visit: VisitView, kept: bool | None = None) -> Screen:
    _ = voice._
    count = voice.ngettext("{count} photo kept.", "{count} photos kept.", visit.photos).format(count=visit.photos)
    lead = {True: _("📷 Kept."), False: _("📷 I have that photo already."),
            None: _("📷 Send photos of the visit, one or several.")}[kept]
    return Screen(f"{lead} {count} " + _("Press Done when there are no more."),
                  [[voice.button(_("Done »"), Action.VISIT_FINDINGS, visit.id)]])


def ask_findings(voice: Voice, visit: VisitView) -> Screen:
    return Screen(voice._("📝 What did the visit find? Write it for the committee (it is never published), or press "
                          "Skip."), [[voice.button(voice._("Skip »"), Action.VISIT_FINDINGS_SKIP, visit.id)]])


def ask_co_reviewer(voice: Voice, visit: VisitView, said: str = "") -> Screen:
    _ = voice._
    lines = [said] if said else []
    lines.append(_("👥 Who else was at the visit? Forward me a message from them, or write their Telegram id or their "
                   "@username. They must review for «{network}»; nobody from {organization}.").format(
        network=visit.network_name, organization=visit.organization_name))
    lines += [signature_line(voice, s) for s in visit.signatures]
    lines.append(rule_state(voice, visit))
    after = Action.VISIT if visit.stage != ReviewStage.DRAFT else Action.VISIT_PROPOSAL
    return Screen("\n".join(lines), [[voice.button(_("Done »"), after, visit.id)]])


def invited(voice: Voice, name: str, role: ReviewerRole, now: bool) -> str:
    text = voice._("✅ {name} ({role}) is invited.") if now else voice._("{name} ({role}) is invited already.")
    return text.format(name=person_name(voice, name), role=voice._(REVIEWER_ROLES[role]))


def choose_proposal(voice: Voice, visit: VisitView) -> Screen:
    _ = voice._
    lines = [_("⚖️ What do you propose to the committee?")]
    choices = list(VisitProposal)
    if visit.has_a_no:
        lines.append(_("A norm was answered “no”: a plain grant cannot be proposed."))
        choices.remove(VisitProposal.GRANT)
    return Screen("\n".join(lines), [[voice.button(_(PROPOSALS[p]), Action.VISIT_PROPOSE_AS, visit.id, p.value)]
                                     for p in choices])


def ask_condition(voice: Voice, visit: VisitView) -> Screen:
    _ = voice._
    text = _("Write a condition to meet, like “Protect the spring with a fence”.")
    if visit.conditions:
        text = _("✅ {count} conditions. Write another, or press Done.").format(count=len(visit.conditions))
    return Screen(text, [[voice.button(_("Done »"), Action.VISIT, visit.id)]] if visit.conditions else [])


def ask_condition_due(voice: Voice, example: str) -> Screen:
    return Screen(voice._("By what day must it be met? Write it like {example}.").format(example=example))


def withdraw_question(voice: Voice, visit: VisitView) -> Screen:
    _ = voice._
    return Screen(_("Withdraw the visit to {organization}? Its request waits for a reviewer again.").format(
        organization=visit.organization_name),
        [[voice.button(_("✖ Yes, withdraw"), Action.VISIT_WITHDRAW_CONFIRMED, visit.id),
          voice.button(_("« Back"), Action.VISIT, visit.id)]])


def disagreement_question(voice: Voice, visit: VisitView) -> Screen:
    return Screen(voice._("✋ What do you not agree with in the record of the visit to {organization}? Write it; the "
                          "lead and the committee read it.").format(organization=visit.organization_name))


def answered(voice: Voice, visit: VisitView, agreed: bool) -> Screen:
    text = voice._("✅ You signed the visit to {organization}.") if agreed else voice._(
        "✋ Your disagreement with the visit to {organization} was passed on.")
    return Screen(text.format(organization=visit.organization_name), [[voice.button(voice._("🌱 Visits"), Action.VISITS)]])


# Notices
def sign_notice(voice: Voice, visit: VisitView) -> Screen:
    lead = voice._("✍️ {name} invites you to sign the record of this visit: press only if you were there.").format(
        name=person_name(voice, visit.lead_name))
    return Screen(lead + "\n\n" + record(voice, visit), sign_buttons(voice, visit))


def signed_notice(voice: Voice, visit: VisitView, person_id: int) -> Screen:
    """To the lead: who answered, and what the grant rule still misses."""
    _ = voice._
    signature = next(s for s in visit.signatures if s.person_id == person_id)
    lines = [signature_line(voice, signature), rule_state(voice, visit)]
    if visit.pending:
        lines.append(voice.ngettext("{count} invitation is still unanswered.", "{count} invitations are still "
                                    "unanswered.", len(visit.pending)).format(count=len(visit.pending)))
    rows = [[voice.button(_("🌱 The visit"), Action.VISIT, visit.id)]]
    if not visit.pending and visit.stage == ReviewStage.SIGNING:
        rows.insert(0, [voice.button(_("📨 Send to the committee"), Action.VISIT_TO_COMMITTEE, visit.id)])
    return Screen("\n".join(lines), rows)


def proposed_notice(voice: Voice, visit: VisitView) -> Screen:
    return Screen(voice._("⚖️ The visit to {organization} awaits the committee of «{network}»: {proposal}. Send /comite "
                          "to decide.").format(organization=visit.organization_name, network=visit.network_name,
                                               proposal=voice._(PROPOSALS[visit.proposal or VisitProposal.DENY])))


def _first_norm(visit: VisitView) -> int:
    """The first norm still unanswered, else the first (0: no checklist)."""
    pending = visit.unanswered or visit.norms
    return pending[0].id if pending else 0
