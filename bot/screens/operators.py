"""What an operator sees: what waits for a decision, one thing and its buttons, the operators, naming one."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import DecisionKind
from market.presentation.labels import DECISION_KINDS, LEGAL_FORMS
from market.services.operators.decisions import DecisionView, Pending, PendingPage, QueueCount
from market.services.operators.roles import OperatorPage, OperatorView, PersonRef

MORE = "-"  # no cursor: the first page


def home(voice: Voice, counts: tuple[QueueCount, ...]) -> Screen:
    """The operator's page: how many things of each kind wait, and where to manage operators and categories."""
    _ = voice._
    lines = [_("🛠 Looking after this Feria"), ""]
    waiting = [c for c in counts if c.waiting]
    lines.append(_("Waiting for a decision:") if waiting else _("Nothing waits for a decision."))
    lines += [f"• {_(DECISION_KINDS[c.kind])}: {c.waiting}" for c in waiting]
    rows = [[voice.button(_("📥 {kind} ({count})").format(kind=_(DECISION_KINDS[c.kind]), count=c.waiting),
                          Action.QUEUE, c.kind.value, MORE)] for c in waiting]
    rows.append([voice.button(_("👥 Operators"), Action.OPERATOR_LIST, MORE),
                 voice.button(_("🏷 Categories"), Action.CATEGORY_LIST, 0)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def queue(voice: Voice, kind: DecisionKind, page: PendingPage) -> Screen:
    """A page of what of one kind waits, oldest first: a button opens each."""
    _ = voice._
    lines = [_("📥 {kind} waiting for a decision").format(kind=_(DECISION_KINDS[kind])), ""]
    if not page.items:
        lines.append(_("Nothing waits now."))
    lines += [_summary(voice, item) for item in page.items]
    rows = [[voice.button(item.name, Action.QUEUE_ITEM, kind.value, item.id)] for item in page.items]
    if page.next_after is not None:
        rows.append([voice.button(_("More »"), Action.QUEUE, kind.value, page.next_after)])
    rows.append([voice.button(_("« Back"), Action.OPERATOR_HOME)])
    return Screen("\n".join(lines), rows)


def _summary(voice: Voice, item: Pending) -> str:
    _ = voice._
    where = f", {item.territory_name}" if item.territory_name else ""
    form = f" ({_(LEGAL_FORMS[item.legal_form])}{where})" if item.legal_form in LEGAL_FORMS else ""
    return _("• {name}{form}, since {day}").format(name=item.name, form=form, day=voice.date(item.asked_at.date()))


def item(voice: Voice, thing: Pending) -> Screen:
    """One thing that waits: what it says of itself, who asked, and the two decisions."""
    _ = voice._
    lines = [f"🏢 {thing.name}"]
    if thing.legal_form in LEGAL_FORMS:
        lines.append(_(LEGAL_FORMS[thing.legal_form]))
    if thing.territory_name:
        lines.append(_("Place: {place}").format(place=thing.territory_name))
    if thing.tax_number:
        lines.append(_("Tax number: {number}").format(number=thing.tax_number))
    if thing.asked_by:
        lines.append(_("Asked by: {people}").format(people=", ".join(person_name(voice, n) for n in thing.asked_by)))
    lines.append(_("Since: {day}").format(day=voice.date(thing.asked_at.date())))
    if thing.description:
        lines += ["", thing.description]
    if thing.norms:
        lines += ["", _("Norms document: {norms}").format(norms=thing.norms)]
    rows = []
    if thing.waiting:
        rows.append([voice.button(_("✅ Approve"), Action.QUEUE_APPROVE, thing.kind.value, thing.id),
                     voice.button(_("❌ Refuse"), Action.QUEUE_REFUSE, thing.kind.value, thing.id)])
    else:
        lines += ["", _("This was decided already.")]
    rows.append([voice.button(_("« Back"), Action.QUEUE, thing.kind.value, MORE)])
    return Screen("\n".join(lines), rows)


def ask_reason(voice: Voice, thing: Pending) -> Screen:
    return Screen(voice._("Why do you refuse «{name}»? Write the reason in one message: the people who asked will "
                          "read it.").format(name=thing.name))


def decided(voice: Voice, decision: DecisionView) -> Screen:
    """To the operator: what their decision did."""
    _ = voice._
    if decision.approved:
        text = _("✅ «{name}» is approved: it is public now, and whoever asked for it was told.")
    else:
        text = _("❌ «{name}» is refused. Whoever asked for it was told why.")
    return Screen(text.format(name=decision.subject_name),
                  [[voice.button(_("📥 What waits"), Action.OPERATOR_HOME)]])


def decision_notice(voice: Voice, decision: DecisionView) -> Screen:
    """To the people who asked (an organization's admins): an operator's decision."""
    _ = voice._
    if decision.kind == DecisionKind.TERRITORY:
        if decision.approved:
            return Screen(_("✅ «{name}», the place you proposed, is on Feria's list now.").format(
                name=decision.subject_name))
        return Screen(_("❌ «{name}», the place you proposed, was not added. The operators' reason: {reason}").format(
            name=decision.subject_name, reason=decision.reason))
    if decision.approved and decision.kind == DecisionKind.PGS_NETWORK:
        return Screen(_("✅ «{name}» was approved by Feria's operators: you are its first reviewer. Send /redes to "
                        "name the others.").format(name=decision.subject_name),
                      [[voice.button(_("🌱 My networks"), Action.NETWORKS)]])
    if decision.approved:
        if decision.kind == DecisionKind.ORGANIZATION:  # told to its admins: the one who registered it, say
            return Screen(_("✅ «{name}» was approved by Feria's operators: it is in the catalog now. Invite its "
                            "producers from your organization's page.").format(name=decision.subject_name),
                          [[voice.button(_("🧑‍🌾 My organization"), Action.ORGANIZATIONS)]])
        return Screen(_("✅ «{name}» was approved by Feria's operators: it is in the catalog now.").format(
            name=decision.subject_name))
    return Screen(_("❌ «{name}» was not approved by Feria's operators. Their reason: {reason}").format(
        name=decision.subject_name, reason=decision.reason))


def operator_list(voice: Voice, page: OperatorPage, me: int) -> Screen:
    """The operators, who named each and when, a button to remove each, and one to name another."""
    _ = voice._
    lines = [_("👥 Operators of this Feria"), ""]
    lines += [_operator_line(voice, role) for role in page.items]
    rows = [[voice.button(_("➕ Name an operator"), Action.OPERATOR_ADD)]]
    rows += [[voice.button(_("➖ {name}").format(name=person_name(voice, role.person.name)), Action.OPERATOR_REMOVE,
                           role.person.id)] for role in page.items if role.person.id != me]
    if page.next_after is not None:
        rows.append([voice.button(_("More »"), Action.OPERATOR_LIST, page.next_after)])
    rows.append([voice.button(_("« Back"), Action.OPERATOR_HOME)])
    return Screen("\n".join(lines), rows)


def _operator_line(voice: Voice, role: OperatorView) -> str:
    _ = voice._
    name = person_name(voice, role.person.name) + (f" (@{role.person.username})" if role.person.username else "")
    by = _("the command line") if role.named_by_name is None else person_name(voice, role.named_by_name)
    return _("• {name}, named by {by} on {day}").format(name=name, by=by, day=voice.date(role.named_at.date()))


def ask_person(voice: Voice) -> Screen:
    return Screen(voice._("Who should be an operator? Forward me a message from them, or write their Telegram id "
                          "(digits) or their @username. They must have sent /start to me first."),
                  [[voice.button(voice._("« Back"), Action.OPERATOR_LIST, MORE)]])


def confirm_person(voice: Voice, person: PersonRef) -> Screen:
    _ = voice._
    name = person_name(voice, person.name) + (f" (@{person.username})" if person.username else "")
    return Screen(_("Name {name} operator? Operators approve or refuse organizations, manage categories and name "
                    "other operators.").format(name=name),
                  [[voice.button(_("✅ Name operator"), Action.OPERATOR_CONFIRM, person.id),
                    voice.button(_("No"), Action.OPERATOR_LIST, MORE)]])


def named(voice: Voice, role: OperatorView) -> Screen:
    _ = voice._
    name = person_name(voice, role.person.name)
    text = (_("✅ {name} is an operator now; they were told.") if role.named_now
            else _("{name} is an operator already.")).format(name=name)
    return Screen(text, [[voice.button(_("👥 Operators"), Action.OPERATOR_LIST, MORE)]])


def confirm_remove(voice: Voice, person: PersonRef) -> Screen:
    _ = voice._
    return Screen(_("Remove {name} as operator? The record of what they decided stays.").format(
        name=person_name(voice, person.name)),
        [[voice.button(_("Yes, remove"), Action.OPERATOR_REMOVE_CONFIRMED, person.id),
          voice.button(_("No"), Action.OPERATOR_LIST, MORE)]])


def waiting_notice(voice: Voice, counts: tuple[QueueCount, ...]) -> Screen:
    """To an operator, at most once an hour: how many things wait for a decision now."""
    _ = voice._
    total = sum(c.waiting for c in counts)
    lines = [voice.ngettext("📥 {count} thing waits for your decision:", "📥 {count} things wait for your decision:",
                            total).format(count=total)]
    lines += [f"• {_(DECISION_KINDS[c.kind])}: {c.waiting}" for c in counts if c.waiting]
    return Screen("\n".join(lines), [[voice.button(_("🛠 Operators"), Action.OPERATOR_HOME)]])


def named_notice(voice: Voice, role: OperatorView) -> Screen:
    """To the person named: what they may do now, and where."""
    _ = voice._
    by = _("the installation's command line") if role.named_by_name is None else person_name(voice, role.named_by_name)
    return Screen(_("🛠 You are now an operator of this Feria (named by {by}). Send /operadores to see what waits "
                    "for a decision.").format(by=by),
                  [[voice.button(_("🛠 Operators"), Action.OPERATOR_HOME)]])
