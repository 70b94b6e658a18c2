"""The committee's desk: proposed visits and their records, the decision buttons, the network's seals, and what the
decisions tell the organization's admins and the visit's reviewers."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import (
    NormAnswer,
    ReviewDecision,
    ReviewerRole,
    ReviewStage,
    SealEventKind,
    SealStatus,
    SignatureStatus,
    VisitProposal,
)
from market.presentation.labels import MISSING_SIGNATURES, N_, SEAL_STATUS
from market.services.alerts.notices import SealAlert
from market.services.seals.decisions import ConditionLine, VisitRecord
from market.services.seals.desk import CommitteeNetwork, NetworkSeals, SealPage
from market.services.seals.notices import ConditionReminder, DecidedVisit, SealChangeNotice

ROLE = {ReviewerRole.PRODUCER: N_("producer"), ReviewerRole.CONSUMER: N_("consumer"),
        ReviewerRole.TECHNICIAN: N_("technician")}
ANSWER = {NormAnswer.YES: "✅", NormAnswer.NO: "❌", NormAnswer.NOT_APPLICABLE: "➖"}
PROPOSAL = {VisitProposal.GRANT: N_("grant the seal"), VisitProposal.CONDITIONS: N_("grant it with conditions"),
            VisitProposal.DENY: N_("deny the seal")}
# What the grant rule finds missing among the agreed signatures (market.rules.reviews.grant_refusals).


def missing(voice: Voice, refusals: tuple[str, ...] | list[str]) -> str:
    """What the grant rule finds missing, in words: "the signature of a consumer from outside the organization"."""
    return voice._(" and ").join(voice._(MISSING_SIGNATURES.get(r, r)) for r in refusals)


def desk(voice: Voice, networks: tuple[CommitteeNetwork, ...]) -> Screen:
    """/comite: for each network where the person is on the committee, what waits for it."""
    _ = voice._
    if not networks:
        return Screen(_("⚖️ You are on no PGS network's committee."), [back_to_menu(voice)])
    lines, rows = [_("⚖️ The committee's desk")], []
    for n in networks:
        lines += ["", f"🌱 {n.name}"]
        lines.append(voice.ngettext("{n} visit waits for a decision.", "{n} visits wait for a decision.",
                                    len(n.visits)).format(n=len(n.visits)) if n.visits else
                     _("No visit waits for a decision."))
        for c in n.overdue:
            lines.append(_("⏰ {organization} ({code}): «{condition}» was due {day}.").format(
                organization=c.organization_name, code=c.seal_code, condition=c.text, day=voice.date(c.due_on)))
        rows += [[voice.button(_("📋 {organization} · {day}").format(organization=v.organization_name,
                                                                     day=voice.date(v.visited_on, "short")),
                               Action.COMMITTEE_VISIT, v.id)] for v in n.visits]
        rows.append([voice.button(_("🏅 Seals of {network} ({n})").format(network=n.name, n=n.seals),
                                  Action.COMMITTEE_SEALS, n.id)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def conditions_lines(voice: Voice, conditions: tuple[ConditionLine, ...]) -> list[str]:
    _ = voice._
    return [(_("{n}. {text} (by {day}) ✅ met {met}") if c.met_on else _("{n}. {text} (by {day})")).format(
        n=i, text=c.text, day=voice.date(c.due_on), met=voice.date(c.met_on) if c.met_on else "")
        for i, c in enumerate(conditions, start=1)]


def record_lines(voice: Voice, record: VisitRecord) -> list[str]:
    """The visit's record: what was visited and found, who signed, and whether the signatures may grant."""
    _ = voice._
    lines = [_("📋 Visit to {organization} on {day}").format(organization=record.organization_name,
                                                            day=voice.date(record.visited_on)),
             _("Network: {network}").format(network=record.network_name),
             _("Products: {products}").format(products=", ".join(record.products) or "—")]
    if record.checklist_version is not None:
        lines += ["", _("Checklist, version {version}:").format(version=record.checklist_version)]
        for n in record.norms:
            lines.append(f"{ANSWER[n.answer]} {n.position}. {n.text}" + (f" — {n.observation}" if n.observation else ""))
    lines.append(voice.ngettext("📷 {n} photo", "📷 {n} photos", record.photos).format(n=record.photos))
    if record.findings:
        lines += ["", _("Findings: {findings}").format(findings=record.findings)]
    if record.proposal:
        lines += ["", _("The reviewers propose to {proposal}.").format(proposal=_(PROPOSAL[record.proposal]))]
    if record.conditions:
        lines += [_("Conditions:"), *conditions_lines(voice, record.conditions)]
    lines += ["", _("Signatures:")]
    for s in record.signatures:
        who = person_name(voice, s.name) + f" ({_(ROLE[s.role])}" + (f", {s.organization_name})" if
                                                                      s.organization_name else ")")
        if s.status == SignatureStatus.AGREED:
            lines.append(_("✅ {who}: agrees").format(who=who))
        elif s.status == SignatureStatus.DISAGREED:
            lines.append(_("❌ {who}: disagrees — {reason}").format(who=who, reason=s.disagreement))
        else:
            lines.append(_("⏳ {who}: has not answered").format(who=who))
    lines.append("")
    lines.append(_("✔ The agreed signatures can grant the seal.") if not record.refusals else
                 _("⚠ The signatures cannot grant the seal: missing {missing}.").format(
                     missing=missing(voice, record.refusals)))
    return lines


def visit(voice: Voice, record: VisitRecord) -> Screen:
    """A proposed visit's record with the decision buttons; once decided, the record alone."""
    _ = voice._
    if record.stage != ReviewStage.PROPOSED:
        lines = [*record_lines(voice, record), "", _("This visit was decided already: the first decision stands.")]
        return Screen("\n".join(lines), [[voice.button(_("« Committee"), Action.COMMITTEE)]])
    rows = [[voice.button(_("🔁 Renew the seal") if record.renews else _("✅ Grant the seal"),
                          Action.COMMITTEE_GRANT, record.id)],
            [voice.button(_("📝 Grant with conditions"), Action.COMMITTEE_CONDITIONS, record.id)],
            [voice.button(_("❌ Deny"), Action.COMMITTEE_DENY, record.id)],
            [voice.button(_("« Committee"), Action.COMMITTEE)]]
    return Screen("\n".join(record_lines(voice, record)), rows)


def conditions(voice: Voice, record: VisitRecord) -> Screen:
    """The proposed conditions to grant with, or a way to write others."""
    _ = voice._
    rows = []
    if record.conditions:
        lines = [_("Grant the seal to {organization} with these conditions?").format(
            organization=record.organization_name), *conditions_lines(voice, record.conditions)]
        rows.append([voice.button(_("✅ Grant with these conditions"), Action.COMMITTEE_CONDITIONS_GRANT, record.id,
                                  "p")])
    else:
        lines = [_("The reviewers proposed no conditions: write them.")]
    rows += [[voice.button(_("✏️ Write other conditions"), Action.COMMITTEE_CONDITIONS_WRITE, record.id)],
             [voice.button(_("« Back"), Action.COMMITTEE_VISIT, record.id)]]
    return Screen("\n".join(lines), rows)


def ask_conditions(voice: Voice, record: VisitRecord) -> Screen:
    return Screen(voice._("Write the conditions for {organization}, one per line, each ending with the day it must be "
                          "met by, e.g.:\nLiving fence on the border with the neighbour 15/03/2027").format(
        organization=record.organization_name))


def confirm_conditions(voice: Voice, record: VisitRecord, typed: tuple[ConditionLine, ...]) -> Screen:
    _ = voice._
    lines = [_("Grant the seal to {organization} with these conditions?").format(
        organization=record.organization_name), *conditions_lines(voice, typed),
        "", _("Or write them again.")]
    return Screen("\n".join(lines), [[voice.button(_("✅ Grant with these conditions"),
                                                   Action.COMMITTEE_CONDITIONS_GRANT, record.id, "t")]])


def ask_deny_reason(voice: Voice, record: VisitRecord) -> Screen:
    return Screen(voice._("Why is the seal denied to {organization}? Write the reasons: they will be told.").format(
        organization=record.organization_name))


def decided(voice: Voice, record: VisitRecord) -> Screen:
    """To the committee member who decided."""
    _ = voice._
    text = {ReviewDecision.GRANT: _("✅ The seal is granted to {organization}; its admins and the reviewers are told."),
            ReviewDecision.RENEW: _("🔁 The seal of {organization} is renewed; its admins and the reviewers are told."),
            }.get(record.decision, _("❌ The seal is denied to {organization}; its admins and the reviewers are told."))
    return Screen(text.format(organization=record.organization_name),
                  [[voice.button(_("« Committee"), Action.COMMITTEE)]])


def seals(voice: Voice, network: NetworkSeals) -> Screen:
    _ = voice._
    lines = [_("🏅 Seals of {network}").format(network=network.name)]
    if not network.seals:
        lines.append(_("The network has granted no seal yet."))
    rows = [[voice.button(f"{s.organization_name} · {s.code} · {_(SEAL_STATUS[s.status])}", Action.COMMITTEE_SEAL,
                          s.id)] for s in network.seals]
    rows.append([voice.button(_("« Committee"), Action.COMMITTEE)])
    return Screen("\n".join(lines), rows)


def seal(voice: Voice, page: SealPage) -> Screen:
    """One seal, its conditions, and what the committee may do to it as it reads today."""
    _ = voice._
    lines = [_("🏅 Seal {code} of {organization}").format(code=page.code, organization=page.organization_name),
             _("Status: {status}").format(status=_(SEAL_STATUS[page.status]))]
    if page.valid_until:
        lines.append(_("Valid until {day}").format(day=voice.date(page.valid_until)))
    if page.status_reason:
        lines.append(_("Reason: {reason}").format(reason=page.status_reason))
    lines.append(_("Products: {products}").format(products=", ".join(page.products) or "—"))
    if page.conditions:
        lines += ["", _("Conditions:"), *conditions_lines(voice, page.conditions)]
    rows = [[voice.button(_("✔ Condition {n} met").format(n=i), Action.COMMITTEE_CONDITION_MET, c.id)]
            for i, c in enumerate(page.conditions, start=1) if c.met_on is None]
    if page.status == SealStatus.GRANTED:
        rows.append([voice.button(_("⏸ Suspend"), Action.COMMITTEE_SUSPEND, page.id)])
    if page.status == SealStatus.SUSPENDED:
        rows.append([voice.button(_("▶ Reinstate"), Action.COMMITTEE_REINSTATE, page.id)])
    if page.status != SealStatus.REVOKED:
        rows.append([voice.button(_("⛔ Revoke"), Action.COMMITTEE_REVOKE, page.id)])
    rows.append([voice.button(_("« Seals"), Action.COMMITTEE_SEALS, page.network_id)])
    return Screen("\n".join(lines), rows)


def ask_suspend_reason(voice: Voice, page: SealPage) -> Screen:
    return Screen(voice._("Why is the seal {code} of {organization} suspended? Buyers and its admins will read "
                          "it.").format(code=page.code, organization=page.organization_name))


def ask_revoke_reason(voice: Voice, page: SealPage) -> Screen:
    return Screen(voice._("Why is the seal {code} of {organization} revoked? Buyers and its admins will read "
                          "it.").format(code=page.code, organization=page.organization_name))


def confirm_revoke(voice: Voice, page: SealPage, reason: str) -> Screen:
    _ = voice._
    return Screen(_("Revoke the seal {code} of {organization} for good? A revoked seal never comes back.\nReason: "
                    "{reason}\n\nOr write the reason again.").format(
        code=page.code, organization=page.organization_name, reason=reason),
        [[voice.button(_("⛔ Revoke for good"), Action.COMMITTEE_REVOKE_CONFIRMED, page.id)]])


# Notices ----------------------------------------------------------------------------------------------------------


def decision_notice(voice: Voice, visit: DecidedVisit) -> Screen:
    """To the organization's admins: the committee's decision, its reasons and conditions."""
    _ = voice._
    if visit.decision == ReviewDecision.DENY:
        lines = [_("❌ The committee of {network} denied the seal to {organization} after the visit of {day}.").format(
            network=visit.network_name, organization=visit.organization_name, day=voice.date(visit.visited_on)),
            _("Reasons: {reason}").format(reason=visit.reason)]
    else:
        lines = [(_("🔁 The committee of {network} renewed the seal {code} of {organization}, valid until {until}.")
                  if visit.decision == ReviewDecision.RENEW else
                  _("🏅 The committee of {network} granted {organization} the seal {code}, valid until {until}.")).format(
            network=visit.network_name, organization=visit.organization_name, code=visit.seal_code,
            until=voice.date(visit.valid_until) if visit.valid_until else "—")]
        if visit.conditions:
            lines += ["", _("Conditions to meet:"), *conditions_lines(voice, visit.conditions)]
        if visit.reason:
            lines.append(_("Reasons: {reason}").format(reason=visit.reason))
    return Screen("\n".join(lines))


def outcome_notice(voice: Voice, visit: DecidedVisit) -> Screen:
    """To the visit's reviewers: how the committee decided."""
    _ = voice._
    text = {ReviewDecision.GRANT: _("🏅 The committee granted {organization} the seal after your visit of {day}."),
            ReviewDecision.RENEW: _("🔁 The committee renewed the seal of {organization} after your visit of {day}."),
            }.get(visit.decision, _("❌ The committee denied the seal to {organization} after your visit of {day}."))
    return Screen(text.format(organization=visit.organization_name, day=voice.date(visit.visited_on)))


SEAL_CHANGE = {
    SealEventKind.SUSPENDED: N_("⏸ The committee of {network} suspended the seal {code} of {organization}."),
    SealEventKind.REINSTATED: N_("▶ The committee of {network} reinstated the seal {code} of {organization}."),
    SealEventKind.REVOKED: N_("⛔ The committee of {network} revoked the seal {code} of {organization}."),
    SealEventKind.CONDITION_MET: N_("✅ The committee of {network} found a condition of the seal {code} of "
                                    "{organization} met."),
}


def seal_change_notice(voice: Voice, notice: SealChangeNotice) -> Screen | None:
    _ = voice._
    if notice.kind not in SEAL_CHANGE:
        return None
    lines = [_(SEAL_CHANGE[notice.kind]).format(network=notice.network_name, code=notice.seal_code,
                                                organization=notice.organization_name)]
    if notice.reason:
        lines.append((_("Condition: {reason}") if notice.kind == SealEventKind.CONDITION_MET else
                      _("Reason: {reason}")).format(reason=notice.reason))
    return Screen("\n".join(lines))


def condition_notice(voice: Voice, reminder: ConditionReminder) -> Screen:
    """To the network's committee: a condition past its due date."""
    return Screen(voice._("⏰ A condition of the seal {code} of {organization} ({network}) was due {day} and is not "
                          "met yet: «{condition}». Send /comite to act on it.").format(
        code=reminder.seal_code, organization=reminder.organization_name, network=reminder.network_name,
        day=voice.date(reminder.due_on), condition=reminder.text))


def expiry_notice(voice: Voice, alert: SealAlert) -> Screen:
    """To the network's committee, a month before a seal ends: time for the renewal visit."""
    return Screen(voice._("🏅 The seal {code} of {organization} ({network}) ends on {day}: plan its renewal "
                          "visit.").format(code=alert.code, organization=alert.organization_name,
                                           network=alert.network_name, day=voice.date(alert.valid_until)))
